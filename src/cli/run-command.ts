import type { Engine } from '../engine/engine.js';
import { EXIT, UserError } from '../errors.js';
import { log } from '../log.js';
import { formatPlatform, parsePlatform } from '../platform/platform.js';
import { choose } from '../plan/choose.js';
import { plan as makePlan } from '../plan/plan.js';
import type { Option, Plan } from '../plan/types.js';
import { parseReference, withDigest } from '../reference/reference.js';
import { askDaemon, gather } from '../resolve/gather.js';
import { cidFile } from '../run/cidfile.js';
import { checkBeforeRun, emulationLostHint } from '../emulation/verify.js';
import { runInherited } from '../run/inherit.js';
import { planLines } from '../ui/describe.js';
import { printDryRun } from '../ui/dry-run.js';
import { readSlowdowns } from '../ui/slowdown.js';
import { prepare } from '../run/prepare.js';
import { imageOf, type RunLine } from './args.js';
import type { Io } from './io.js';

/** `xrun [options] IMAGE [COMMAND]`: resolve, plan, choose, prepare, run. */
export async function runCommand(line: RunLine, engine: Engine, io: Io): Promise<number> {
  const image = imageOf(line);
  if (image === undefined)
    throw new UserError(
      'no image given: usage is xrun [OPTIONS] IMAGE [COMMAND] [ARG...]',
    );
  const requested = requestedPlatform(line, io.env);
  // As docker does, a malformed reference is refused before the daemon is asked.
  const ref = await explainUnknownFlags(line, async () => parseReference(image));
  const { daemon, local } = await askDaemon(engine, image);
  const facts = await explainUnknownFlags(line, () => {
    return gather({
      engine,
      daemon,
      image,
      ref,
      requested,
      env: io.env,
      binfmtDir: io.binfmtDir,
      local,
    });
  });
  const plan = makePlan(facts);
  if (line.options.verbose)
    for (const l of planLines(plan, image, readSlowdowns(io.env))) io.stderr(l);

  const option = await decide(plan, line, io, image);
  if (!option) {
    io.stderr('xrun: cancelled at the prompt; nothing was changed');
    return EXIT.interrupted;
  }
  const steps = runSteps(plan, option, line, image);
  const always = line.pull === 'always';
  if (steps.pull && !always && (await engine.localImage(steps.pull))) delete steps.pull;
  if (steps.pull && line.pull === 'never') {
    throw new UserError(
      `${formatPlatform(option.platform)} of ${image} is not here and --pull=never forbids ` +
        `pulling it: run "docker pull --platform ${formatPlatform(option.platform)} ` +
        `${steps.pull}" first, or drop --pull=never`,
    );
  }
  if (line.options.dryRun) return printDryRun(io, engine, { plan, option, steps });

  if (
    steps.pull &&
    option.kind !== 'local' &&
    option.digest &&
    facts.remote?.single === false
  ) {
    const [{ clientOptions }, { verifyEntry }] = await Promise.all([
      import('../registry/client.js'),
      import('../registry/verify.js'),
    ]);
    const options = clientOptions(io.env, daemon.insecureRegistries);
    await verifyEntry(
      parseReference(image),
      { ...option, digest: option.digest },
      options,
    );
  }
  const quiet = line.quiet && !line.options.verbose;
  if (!quiet && (option.kind !== 'local' || line.options.verbose)) {
    announce(io, plan, option, image, line.options.verbose);
  }
  await prepare(option, steps, engine, io, quiet);
  const emulated = option.kind === 'emulate' && daemon.sharesKernel && !daemon.desktop;
  const check = { dir: io.binfmtDir, env: io.env, host: plan.host };
  // A handler registered just now was probed by the registration; an older one is
  // checked again, since another tool may have cleared the table since the plan.
  if (emulated && option.state !== 'missing')
    await checkBeforeRun(option.architecture, check);

  const code = await execute(engine, steps, line, io);
  if (emulated && code !== 0) {
    const hint = await emulationLostHint(option.architecture, check);
    if (hint) io.stderr(`xrun: ${hint}`);
  }
  return code;
}

/** Runs the container: in a pseudo-terminal for -t on a terminal, else with our stdio. */
async function execute(engine: Engine, steps: Steps, line: RunLine, io: Io) {
  // -d: docker prints the container's id and leaves; nothing to hold a terminal for.
  if (line.tty && !line.detach && io.stdinIsTTY && io.stdoutIsTTY) {
    const pty = await import('../run/pty.js')
      .then((m) => m.loadPty())
      .catch(() => undefined);
    if (pty) return runInTerminal(pty, engine, steps, line);
    log('run', 'node-pty cannot load on this platform: running with inherited stdio');
  }
  return runInherited(engine.program, [...engine.globalArgs, 'run', ...steps.runArgs]);
}

/** A -t run in a pseudo-terminal; a stop signal goes to the container itself. */
async function runInTerminal(
  pty: Awaited<ReturnType<typeof import('../run/pty.js').loadPty>>,
  engine: Engine,
  steps: Steps,
  line: RunLine,
): Promise<number> {
  const imageIndex = steps.runArgs.length - (line.dockerArgs.length - line.imageIndex);
  const cid = cidFile(steps.runArgs, imageIndex);
  const args = [...engine.globalArgs, 'run', ...cid.runArgs];
  try {
    return await pty(engine.program, args, {
      interactive: line.interactive,
      onStop: (signal, client) => {
        const id = cid.id();
        if (id) void engine.signal(id, signal);
        else client.kill(signal);
      },
    });
  } finally {
    cid.dispose();
  }
}

/**
 * When the image cannot be resolved and a flag docker run does not list came
 * before it, that flag probably took a value that was read as the image.
 */
async function explainUnknownFlags<T>(line: RunLine, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const [flag] = line.unknownFlags;
    if (!(error instanceof UserError) || !flag) throw error;
    throw new UserError(
      `${error.message} (xrun does not know ${flag}; if it takes a value, ` +
        `write ${flag}=VALUE)`,
    );
  }
}

function requestedPlatform(line: RunLine, env: NodeJS.ProcessEnv) {
  if (line.platform)
    return { platform: parsePlatform(line.platform), source: 'flag' as const };
  const fromEnv = env.DOCKER_DEFAULT_PLATFORM;
  if (!fromEnv) return undefined;
  try {
    return { platform: parsePlatform(fromEnv), source: 'env' as const };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(`DOCKER_DEFAULT_PLATFORM: ${error.message}`);
  }
}

async function decide(plan: Plan, line: RunLine, io: Io, image: string) {
  const { emulate, native, yes } = line.options;
  const interactive = io.stdinIsTTY && io.stderrIsTTY && !line.options.dryRun;
  const choice = choose(plan, {
    emulate,
    native,
    yes,
    explicit: Boolean(plan.requested),
    interactive,
  });
  if (choice.action === 'fail') {
    // A script that asked for the plan gets it, with the reason nothing was chosen.
    if (line.options.dryRun && io.json)
      io.stdout(JSON.stringify({ plan, chosen: null, error: choice.message }, null, 2));
    throw new UserError(choice.message);
  }
  if (choice.action === 'go') return choice.option;
  const { askForOption } = await import('../ui/load-prompt.js').then((m) =>
    m.loadPrompt(),
  );
  return askForOption(plan, image);
}

export interface Steps {
  /** Reference to pull, when the image is not already there. */
  pull?: string;
  runArgs: string[];
}

/** The engine commands for an option; the user's arguments stay as they were. */
export function runSteps(
  plan: Plan,
  option: Option,
  line: RunLine,
  image: string,
): Steps {
  const args = [...line.dockerArgs];
  if (option.kind === 'local') {
    if (!line.platform && plan.requested)
      args.unshift('--platform', formatPlatform(option.platform));
    return { runArgs: args };
  }
  const platform = formatPlatform(option.platform);
  const digest = option.digest;
  const pinned = digest ? withDigest(parseReference(image), digest) : image;
  args[line.imageIndex] = pinned;
  if (!line.platform) args.unshift('--platform', platform);
  return digest ? { pull: pinned, runArgs: args } : { runArgs: args };
}

function announce(io: Io, plan: Plan, option: Option, image: string, verbose: boolean) {
  const platform = formatPlatform(option.platform);
  const host = formatPlatform(plan.host);
  // --verbose has printed the notes with the whole plan already.
  if (!verbose) for (const warning of plan.warnings) io.stderr(`xrun: note: ${warning}`);
  if (option.kind === 'emulate') {
    const why = plan.requested
      ? `${platform} was asked for`
      : `${image} has no ${host} entry`;
    io.stderr(
      `xrun: ${why}; running ${platform} under ${option.qemu} (emulated, slower)`,
    );
  } else if (option.kind === 'pull') {
    io.stderr(
      `xrun: ${image}: using ${platform} (${option.fit === 'exact' ? 'native' : 'compatible'})`,
    );
  } else {
    io.stderr(`xrun: ${image}: the local ${platform} image runs natively on ${host}`);
  }
}
