import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline/promises';
import type { EmulationBackend } from '../emulation/backend.js';
import { binfmtDDir } from '../emulation/persist.js';
import {
  loadProfiles,
  mainPlatform,
  profileFor,
  type QemuProfile,
} from '../emulation/profiles.js';
import { ensureHandler, type EnsureResult } from '../emulation/register.js';
import { removeHandlers } from '../emulation/remove.js';
import { NeedsRoot } from '../emulation/root.js';
import { HandlerState, stateDir } from '../emulation/state.js';
import { UserError } from '../errors.js';
import { runsNatively, type HostTraits } from '../platform/compat.js';
import { formatPlatform, parsePlatform, type Platform } from '../platform/platform.js';
import type { Io } from './io.js';

export const EMULATE_USAGE =
  'usage: xrun emulate [--no-credentials] [--persist] [--yes] PLATFORM... | ' +
  'xrun emulate --remove [--force] PLATFORM...';

export interface EmulateOptions {
  credentials: boolean;
  remove?: boolean;
  force?: boolean;
  persist?: boolean;
  /** Consent in advance to replacing a different handler. */
  yes?: boolean;
  backend: EmulationBackend;
  traits?: HostTraits;
  /** Asks a yes/no question on the terminal (tests pass their own). */
  ask?: (question: string) => Promise<boolean>;
  /** The words after `xrun emulate`, to offer them again under sudo. */
  args?: string[];
}

/** `xrun emulate [--remove] PLATFORM...`: registers (or removes) working handlers. */
export async function emulateCommand(
  host: Platform,
  words: string[],
  options: EmulateOptions,
  io: Io,
): Promise<number> {
  if (words.length === 0) throw new UserError(EMULATE_USAGE);
  const profiles = words.map((w) => profileOf(host, parsePlatform(w), options));
  if (options.persist && options.backend.kind !== 'host') {
    throw new UserError(
      "--persist writes /etc/binfmt.d on this machine, but the daemon's kernel is " +
        'elsewhere: set up boot-time registration on that host',
    );
  }
  const ask = options.ask ?? (io.stdinIsTTY && io.stderrIsTTY ? terminalAsk : undefined);
  const state = new HandlerState(stateDir(io.env));
  const persistDir = binfmtDDir(io.env);
  try {
    for (const profile of profiles) {
      const lines = options.remove
        ? await removeHandlers(profile, { ...options, state, persistDir })
        : report(profile, await register(host, profile, options, state, persistDir, ask));
      for (const line of lines) io.stdout(line);
    }
  } catch (error) {
    if (!(error instanceof NeedsRoot) || !ask) throw error;
    if (!(await ask(`xrun: ${error.message.replace(/^changing/, 'Changing')} now?`))) {
      throw error;
    }
    return sudo(['emulate', ...(options.args ?? words)]);
  }
  return 0;
}

/** The profile for a platform the host does not run itself. */
function profileOf(host: Platform, platform: Platform, options: EmulateOptions) {
  const text = formatPlatform(platform);
  if (runsNatively(host, platform, options.traits) && !options.remove) {
    throw new UserError(
      `${text} runs natively on ${formatPlatform(host)}: a handler would capture ` +
        "the host's own programs, so none is registered",
    );
  }
  const profile = profileFor(platform);
  if (!profile) throw new UserError(`no qemu profile emulates ${text}`);
  return profile;
}

/** Registers one profile's handler with the command's options. */
function register(
  host: Platform,
  profile: QemuProfile,
  options: EmulateOptions,
  state: HandlerState,
  persistDir: string,
  ask?: (question: string) => Promise<boolean>,
): Promise<EnsureResult> {
  const consent = options.yes ? async () => true : ask;
  return ensureHandler(profile, {
    backend: options.backend,
    host,
    ...(options.traits ? { traits: options.traits } : {}),
    profiles: loadProfiles(),
    credentials: options.credentials,
    ...(consent ? { consent } : {}),
    state,
    ...(options.persist ? { persistDir } : {}),
  });
}

/** The lines that say what happened to one platform. */
function report(profile: QemuProfile, result: EnsureResult): string[] {
  const text = formatPlatform(mainPlatform(profile));
  const { entry } = result;
  const how = `${entry.name} (${entry.interpreter}, flags ${entry.flags})`;
  const checked = result.probed ? '; the probe ran through it' : '';
  const head = {
    registered: `${text}: registered ${how}${checked}`,
    replaced: `${text}: replaced the old handler with ${how}${checked}`,
    unchanged: `${text}: ${how} is registered already (nothing to do)`,
    working: `${text}: ${how} already works (nothing to do)`,
  }[result.action];
  return [head, ...result.notes.map((n) => `  note: ${n}`)];
}

/** A yes/no question on the terminal; anything but y or yes is no. */
async function terminalAsk(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Runs this same xrun command under sudo, on the terminal, and returns its code. */
function sudo(args: string[]): Promise<number> {
  const script = process.argv[1] ?? 'xrun';
  return new Promise((resolve) => {
    const child = spawn('sudo', [process.execPath, script, ...args], {
      stdio: 'inherit',
    });
    child.on('error', () => resolve(125));
    child.on('exit', (code) => resolve(code ?? 125));
  });
}
