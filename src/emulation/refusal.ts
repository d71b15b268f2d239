import { UserError } from '../errors.js';
import { formatPlatform } from '../platform/platform.js';
import { KernelRefusal, type EmulationBackend, type Snapshot } from './backend.js';
import type { BinfmtEntry } from './binfmt.js';
import type { Diagnosis } from './doctor.js';
import { parseLine } from './line.js';
import { mainPlatform, type QemuProfile } from './profiles.js';
import { NeedsRoot } from './root.js';

/** One line on why the kernel refused a registration line, and what to do (throws). */
export function explainRefusal(
  error: unknown,
  profile: QemuProfile,
  line: string,
  backend: EmulationBackend,
): never {
  if (!(error instanceof KernelRefusal)) throw error;
  const { name, interpreter } = parseLine(line);
  const text = formatPlatform(mainPlatform(profile));
  const what = `the kernel refused handler ${name} (${error.code})`;
  if (error.code === 'EINVAL') {
    throw new UserError(
      `${what}: the line is malformed or names an unknown flag; ` +
        `check qemu-profiles/${profile.architecture}.json`,
    );
  }
  if (error.code === 'EEXIST') {
    throw new UserError(
      `${what}: a handler of that name appeared meanwhile (another tool?); ` +
        'run "xrun emulators" to see it',
    );
  }
  if (error.code === 'ENOENT') {
    throw new UserError(
      `${what}: it cannot open ${interpreter} to hold it (F flag); ` +
        'install it with "apt-get install qemu-user-static"',
    );
  }
  if (['EACCES', 'EPERM', 'EROFS'].includes(error.code)) {
    if (backend.kind === 'host' && backend.needsRoot()) {
      throw new NeedsRoot(['xrun', 'emulate', text]);
    }
    throw new UserError(
      `${what}: writing binfmt_misc needs CAP_SYS_ADMIN in the initial user namespace ` +
        `on ${backend.where}, with binfmt_misc mounted read-write`,
    );
  }
  const detail = error.message.replace(new RegExp(`^(${error.code}: )+`), '');
  throw new UserError(`${what}: ${detail}`, 125, { cause: error });
}

/** The registered entry, once the diagnosis right after registering says it works. */
export function mustWork(
  profile: QemuProfile,
  found: Diagnosis & { snapshot: Snapshot },
  backend: EmulationBackend,
): BinfmtEntry {
  const row = found.platforms.find((r) => r.architecture === profile.architecture);
  const entry = found.snapshot.table.entries.find((e) => e.name === profile.handler);
  if (!entry) {
    throw new UserError(
      `registered ${profile.handler} but it is not in binfmt_misc on ${backend.where}: ` +
        'another tool removed it at once; run "xrun emulators" to look',
    );
  }
  const failed = row?.problems.find((p) => p.severity === 'error');
  if (row?.status !== 'emulated' || failed) {
    throw new UserError(
      `registered ${profile.handler} but it does not work: ${failed?.message ?? row?.status}`,
    );
  }
  return entry;
}
