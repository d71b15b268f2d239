import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  KernelRefusal,
  type EmulationBackend,
  type Snapshot,
} from '../../src/emulation/backend.js';
import { parseEntry, type BinfmtEntry } from '../../src/emulation/binfmt.js';
import type { ElfFacts } from '../../src/emulation/elf.js';
import { parseLine } from '../../src/emulation/line.js';
import type { ProbeResult } from '../../src/emulation/probe.js';
import { loadProfiles, type QemuProfile } from '../../src/emulation/profiles.js';

export const profiles = loadProfiles();

/** The profile of an architecture; throws when there is none. */
export function profile(arch: string): QemuProfile {
  const found = profiles.find((p) => p.architecture === arch);
  if (!found) throw new Error(`no ${arch} profile`);
  return found;
}

/** An entry file's text as the kernel prints it, for a profile's magic. */
export function kernelText(
  p: QemuProfile,
  options: { interpreter?: string; flags?: string; enabled?: boolean } = {},
): string {
  const interpreter = options.interpreter ?? `/usr/bin/qemu-${p.qemu}-static`;
  return (
    `${options.enabled === false ? 'disabled' : 'enabled'}\ninterpreter ${interpreter}\n` +
    `flags: ${options.flags ?? 'OCF'}\noffset 0\n` +
    `magic ${p.magic.toString('hex')}\nmask ${p.mask.toString('hex')}\n`
  );
}

/** A temporary folder standing in for binfmt_misc, with the given entry files. */
export function fakeBinfmt(entries: Record<string, string>, status = 'enabled'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xrun-binfmt-'));
  writeFileSync(path.join(dir, 'register'), '');
  writeFileSync(path.join(dir, 'status'), `${status}\n`);
  for (const [name, text] of Object.entries(entries))
    writeFileSync(path.join(dir, name), text);
  return dir;
}

/** A temporary folder standing in for /proc: self/mountinfo and filesystems. */
export function fakeProc(
  mountinfo: string,
  filesystems = 'nodev\tbinfmt_misc\n',
): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xrun-proc-'));
  mkdirSync(path.join(dir, 'self'));
  writeFileSync(path.join(dir, 'self/mountinfo'), mountinfo);
  writeFileSync(path.join(dir, 'filesystems'), filesystems);
  return dir;
}

/** The mountinfo line of a file system of a type mounted at a folder. */
export const mountLine = (dir: string, type: string, source = type) =>
  `46 22 0:40 / ${dir} rw,relatime - ${type} ${source} rw\n`;

/** The ELF facts of a static program. */
export const STATIC: ElfFacts = { isElf: true };

/**
 * binfmt_misc in memory, refusing as the kernel does: EEXIST for a taken name,
 * EINVAL for an unknown flag, ENOENT when F names a missing interpreter.
 */
export class FakeBackend implements EmulationBackend {
  readonly kind = 'host';
  readonly where = 'the fake kernel';
  readonly target = 'host';
  readonly dir = '/proc/sys/fs/binfmt_misc';
  readonly probes = true;
  entries: BinfmtEntry[] = [];
  enabled = true;
  mounted = true;
  uid = 0;
  written: string[] = [];
  removed: string[] = [];
  /** Files the fake kernel sees; the probe result per architecture. */
  files: Record<string, ElfFacts> = {};
  probeResults: Record<string, ProbeResult> = {};
  refuse?: string;

  async snapshot(): Promise<Snapshot> {
    const table = this.mounted
      ? { state: 'ok' as const, enabled: this.enabled, entries: this.entries }
      : { state: 'missing' as const, entries: [] as [] };
    const mount = {
      state: this.mounted ? ('mounted' as const) : ('not-mounted' as const),
    };
    return { mount, table, kernel: '6.18.44' };
  }

  async mount(): Promise<void> {
    this.mounted = true;
  }

  async register(line: string): Promise<void> {
    this.written.push(line);
    const f = parseLine(line);
    if (this.refuse) throw new KernelRefusal(this.refuse, 'refused');
    if (this.entries.some((e) => e.name === f.name))
      throw new KernelRefusal('EEXIST', 'x');
    if (/[^POCF]/.test(f.flags)) throw new KernelRefusal('EINVAL', 'x');
    if (f.flags.includes('F') && !this.files[f.interpreter]) {
      throw new KernelRefusal('ENOENT', 'x');
    }
    const flags =
      f.flags.includes('C') && !f.flags.includes('O') ? `${f.flags}O` : f.flags;
    const shown = ['P', 'O', 'C', 'F'].filter((c) => flags.includes(c)).join('');
    this.entries.push(
      parseEntry(
        f.name,
        `enabled\ninterpreter ${f.interpreter}\nflags: ${shown}\noffset ${f.offset}\n` +
          `magic ${f.magic.toString('hex')}\nmask ${f.mask.toString('hex')}\n`,
      ),
    );
  }

  async remove(name: string): Promise<void> {
    this.removed.push(name);
    this.entries = this.entries.filter((e) => e.name !== name);
  }

  async inspect(file: string): Promise<ElfFacts | undefined> {
    return this.files[file];
  }

  async probe(list: QemuProfile[]): Promise<Record<string, ProbeResult>> {
    const out: Record<string, ProbeResult> = {};
    for (const p of list) {
      const covered = this.entries.some((e) => e.enabled && e.magic?.equals(p.magic));
      out[p.architecture] =
        this.probeResults[p.architecture] ??
        (covered
          ? { verdict: 'ok', detail: 'exited 42' }
          : { verdict: 'no-handler', detail: 'ENOEXEC' });
    }
    return out;
  }

  needsRoot(): boolean {
    return this.uid !== 0;
  }
}
