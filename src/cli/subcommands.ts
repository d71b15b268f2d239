import { BINFMT_DIR, readTable } from '../emulation/binfmt.js';
import { describe, handlerStatus, registerHandler } from '../emulation/handlers.js';
import { loadProfiles, profileFor } from '../emulation/profiles.js';
import { DockerEngine } from '../engine/docker.js';
import { UserError } from '../errors.js';
import { setLogging } from '../log.js';
import { runsNatively } from '../platform/compat.js';
import { formatPlatform, parsePlatform } from '../platform/platform.js';
import { inspectCommand } from './inspect-command.js';
import type { Io } from './io.js';

/** Splits `--flag` words from the rest, rejecting flags the command does not know. */
function flags(args: string[], known: string[]): { set: Set<string>; words: string[] } {
  const set = new Set<string>();
  const words: string[] = [];
  for (const arg of args) {
    if (!arg.startsWith('--')) words.push(arg);
    else if (known.includes(arg)) set.add(arg);
    else
      throw new UserError(
        `unknown option ${arg}: this command takes ${known.join(', ')}`,
      );
  }
  return { set, words };
}

/** `xrun inspect`, `xrun emulators` and `xrun emulate`. */
export async function subcommand(name: string, args: string[], io: Io): Promise<number> {
  const engine = new DockerEngine('docker', io.env);
  if (name === 'inspect') {
    const { set, words } = flags(args, ['--json', '--verbose']);
    setLogging(set.has('--verbose'));
    if (words.length !== 1) throw new UserError('usage: xrun inspect [--json] IMAGE');
    return inspectCommand(words[0] ?? '', set.has('--json'), engine, io);
  }
  const host = (await engine.daemon()).platform;
  if (name === 'emulators') {
    const { set } = flags(args, ['--json']);
    return emulators(host, set.has('--json'), io);
  }
  const { set, words } = flags(args, ['--no-credentials', '--verbose']);
  setLogging(set.has('--verbose'));
  if (words.length === 0)
    throw new UserError('usage: xrun emulate [--no-credentials] PLATFORM...');
  for (const word of words) {
    const platform = parsePlatform(word);
    if (runsNatively(host, platform)) {
      throw new UserError(
        `${formatPlatform(platform)} runs natively on ${formatPlatform(host)}: ` +
          "a handler would capture the host's own programs, so none is registered",
      );
    }
    const profile = profileFor(platform);
    if (!profile)
      throw new UserError(`no qemu profile emulates ${formatPlatform(platform)}`);
    const status = handlerStatus(profile, await readTable(io.binfmtDir ?? BINFMT_DIR));
    if (status.state === 'working') {
      io.stdout(`${formatPlatform(platform)}: ${describe(status)} (nothing to do)`);
      continue;
    }
    const credentials = !set.has('--no-credentials');
    const { entry } = await registerHandler(profile, { dir: io.binfmtDir, credentials });
    io.stdout(
      `${formatPlatform(platform)}: registered ${entry.name} (${entry.interpreter}, flags ${entry.flags})`,
    );
  }
  return 0;
}

async function emulators(host: ReturnType<typeof parsePlatform>, json: boolean, io: Io) {
  const table = await readTable(io.binfmtDir ?? BINFMT_DIR);
  const rows = loadProfiles().map((profile) => {
    const platform = profile.platforms[0] ?? {
      os: 'linux',
      architecture: profile.architecture,
    };
    if (runsNatively(host, platform)) {
      return {
        platform: formatPlatform(platform),
        status: 'native',
        handler: null,
        problems: [],
      };
    }
    const status = handlerStatus(profile, table);
    const handler = status.state === 'missing' ? null : status.entry.name;
    const problems = status.state === 'broken' ? [status.problem] : [];
    return {
      platform: formatPlatform(platform),
      status: status.state,
      handler,
      problems,
    };
  });
  if (json) {
    io.stdout(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (table.state === 'missing')
    io.stdout('binfmt_misc is not mounted: "xrun emulate" mounts it');
  for (const row of rows) {
    const extra = row.handler ? ` ${row.handler}` : '';
    const problems = row.problems.length ? ` (${row.problems.join('; ')})` : '';
    io.stdout(`${row.platform.padEnd(16)} ${row.status}${extra}${problems}`);
  }
  return 0;
}
