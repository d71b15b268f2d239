import type { Io } from '../cli/io.js';
import type { Steps } from '../cli/run-command.js';
import type { Engine } from '../engine/engine.js';
import { formatPlatform } from '../platform/platform.js';
import type { Option, Plan } from '../plan/types.js';

export interface DryRun {
  plan: Plan;
  option: Option;
  steps: Steps;
}

/** Prints what a run would do, as engine commands or as the plan object. */
export function printDryRun(io: Io, engine: Engine, run: DryRun): number {
  const { plan, option, steps } = run;
  const program = [engine.program, ...engine.globalArgs];
  if (io.json) {
    io.stdout(JSON.stringify({ plan, chosen: option, steps }, null, 2));
    return 0;
  }
  if (option.kind === 'emulate' && option.state === 'missing') {
    const credentials = io.noCredentials ? ' --no-credentials' : '';
    io.stdout(`xrun emulate${credentials} ${formatPlatform(option.platform)}`);
  }
  if (steps.pull)
    io.stdout(
      [
        ...program,
        'pull',
        '--platform',
        formatPlatform(option.platform),
        steps.pull,
      ].join(' '),
    );
  io.stdout([...program, 'run', ...steps.runArgs].map(quote).join(' '));
  return 0;
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
