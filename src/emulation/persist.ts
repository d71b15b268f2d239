import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

/** The first line of every file xrun writes, so it only ever deletes its own. */
export const PERSIST_HEADER =
  '# Written by "xrun emulate --persist"; removed by "xrun emulate --remove".';

/** XRUN_BINFMT_D, else systemd's /etc/binfmt.d. */
export function binfmtDDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.XRUN_BINFMT_D || '/etc/binfmt.d';
}

/** The systemd-binfmt file for one handler line (pure). */
export function persistText(line: string): string {
  return `${PERSIST_HEADER}\n${line}\n`;
}

/**
 * Writes NAME.conf so systemd-binfmt registers the handler at boot. The name
 * matches the vendor file (/usr/lib/binfmt.d/qemu-ARCH.conf from
 * qemu-user-static) so ours masks it instead of racing it for the name.
 */
export async function persistHandler(name: string, line: string, dir: string) {
  const file = path.join(dir, `${name}.conf`);
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing !== undefined && !existing.startsWith(PERSIST_HEADER)) {
    throw new UserError(
      `${file} exists and was not written by xrun: remove it or leave out --persist`,
    );
  }
  await mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, persistText(line));
  await rename(temp, file);
  return { file, notes: await bootNotes(line) };
}

/** Deletes a file xrun wrote; leaves any other file alone. */
export async function unpersist(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined || !text.startsWith(PERSIST_HEADER)) return false;
  await rm(file, { force: true });
  return true;
}

/** What the user should know about a boot-time registration. */
async function bootNotes(line: string): Promise<string[]> {
  const notes: string[] = [];
  const interpreter = line.split(':')[6] ?? '';
  notes.push(
    `systemd-binfmt registers it at boot; with the F flag ${interpreter} must be on a ` +
      'file system mounted by then (systemd/systemd#21178)',
  );
  const found = await Promise.any(
    ['/usr/lib/systemd/systemd-binfmt', '/lib/systemd/systemd-binfmt'].map((f) =>
      access(f),
    ),
  ).then(
    () => true,
    () => false,
  );
  if (!found)
    notes.push('this host has no systemd-binfmt, so nothing reads the file at boot');
  return notes;
}
