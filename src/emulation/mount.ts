import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { log } from '../log.js';
import { BINFMT_DIR } from './binfmt.js';

/**
 * How binfmt_misc stands at a folder: mounted (triggered: it was an autofs
 * automount that xrun's own look set off), an automount that did not mount,
 * not mounted, or not in this kernel at all.
 */
export type MountState =
  | { state: 'mounted'; triggered?: boolean }
  | { state: 'autofs' | 'not-mounted' | 'unsupported' };

/** The file system types mounted at a folder, in mount order (pure). */
export function mountTypesAt(mountinfo: string, dir: string): string[] {
  const types: string[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left = '', right = ''] = line.split(' - ');
    const point = left
      .split(' ')[4]
      ?.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const type = right.split(' ')[0];
    if (point === dir && type) types.push(type);
  }
  return types;
}

/** Whether /proc/filesystems lists binfmt_misc (pure). */
export function kernelHasBinfmt(filesystems: string): boolean {
  return filesystems
    .split('\n')
    .some((l) => l.trim().split(/\s+/).pop() === 'binfmt_misc');
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * Finds how binfmt_misc stands at dir. A folder holding `register` counts as
 * mounted (tests point XRUN_BINFMT_DIR at plain folders). An autofs point is
 * touched once, which makes systemd mount it, and looked at again (B50).
 */
export async function mountState(dir = BINFMT_DIR, proc = '/proc'): Promise<MountState> {
  const mountinfo = () =>
    readFile(path.join(proc, 'self/mountinfo'), 'utf8').catch(() => '');
  const before = mountTypesAt(await mountinfo(), dir);
  if (before.includes('binfmt_misc')) return { state: 'mounted' };
  if (before.includes('autofs')) {
    await stat(path.join(dir, 'status')).catch(() => undefined);
    const after = mountTypesAt(await mountinfo(), dir);
    log('binfmt', `touched the autofs point ${dir}: now ${after.join(', ')}`);
    if (after.includes('binfmt_misc')) return { state: 'mounted', triggered: true };
    return { state: 'autofs' };
  }
  if (await exists(path.join(dir, 'register'))) return { state: 'mounted' };
  const filesystems = await readFile(path.join(proc, 'filesystems'), 'utf8').catch(
    () => '',
  );
  return { state: kernelHasBinfmt(filesystems) ? 'not-mounted' : 'unsupported' };
}

/** One line on why binfmt_misc cannot be used, with the way out. */
export function mountProblem(state: MountState, dir: string): string | undefined {
  if (state.state === 'unsupported') {
    return (
      'this kernel has no binfmt_misc: load it with "modprobe binfmt_misc" ' +
      'or use a kernel built with it'
    );
  }
  if (state.state === 'not-mounted') {
    const itself = dir === BINFMT_DIR ? ' ("xrun emulate" does it itself)' : '';
    return (
      `binfmt_misc is not mounted at ${dir}: as root run ` +
      `"mount -t binfmt_misc binfmt_misc ${dir}"${itself}`
    );
  }
  if (state.state === 'autofs') {
    return (
      `${dir} is an autofs automount that did not mount when touched: ` +
      'run "systemctl start proc-sys-fs-binfmt_misc.mount"'
    );
  }
  return undefined;
}

/** Mounts binfmt_misc at dir when the kernel has it and nothing is mounted there. */
export async function ensureMounted(dir = BINFMT_DIR, proc = '/proc'): Promise<void> {
  const state = await mountState(dir, proc);
  if (state.state === 'mounted') return;
  if (state.state !== 'not-mounted' || dir !== BINFMT_DIR) {
    throw new UserError(
      mountProblem(state, dir) ?? `binfmt_misc is not usable at ${dir}`,
    );
  }
  const { execa } = await import('execa');
  const result = await execa('mount', ['-t', 'binfmt_misc', 'binfmt_misc', dir], {
    reject: false,
  });
  if (result.exitCode !== 0) {
    throw new UserError(
      `binfmt_misc is not mounted and mounting it failed (${result.stderr.trim()}): ` +
        `as root run "mount -t binfmt_misc binfmt_misc ${dir}"`,
    );
  }
  log('binfmt', `mounted binfmt_misc at ${dir}`);
}
