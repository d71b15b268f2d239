import { registerHandler } from '../emulation/handlers.js';
import { loadProfiles } from '../emulation/profiles.js';
import type { Engine } from '../engine/engine.js';
import { UserError } from '../errors.js';
import { log } from '../log.js';
import { formatPlatform } from '../platform/platform.js';
import type { Option } from '../plan/types.js';
import type { Io } from '../cli/io.js';
import type { Steps } from '../cli/run-command.js';

/** Registers the handler and pulls the entry that the chosen option needs. */
export async function prepare(
  option: Option,
  steps: Steps,
  engine: Engine,
  io: Io,
  quiet = false,
): Promise<void> {
  const say = (line: string) => {
    if (!quiet) io.stderr(line);
  };
  if (option.kind === 'emulate' && option.state === 'missing') {
    const profile = loadProfiles().find((p) => p.architecture === option.architecture);
    if (!profile) throw new UserError(`no qemu profile for ${option.architecture}`);
    const { line } = await registerHandler(profile, {
      dir: io.binfmtDir,
      credentials: !io.noCredentials,
    });
    say(`xrun: registered binfmt handler ${profile.handler}`);
    log('binfmt', `registered with: ${line}`);
  }
  if (steps.pull) {
    const platform = formatPlatform(option.platform);
    say(`xrun: pulling ${platform} of ${steps.pull}...`);
    await engine.pull(steps.pull, option.platform, quiet || io.json ? 'quiet' : 'stderr');
    say(`xrun: pulled ${steps.pull}`);
  }
}
