import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { log } from '../log.js';
import { BINFMT_DIR, readTable, type BinfmtTable } from './binfmt.js';
import { readElf, type ElfFacts } from './elf.js';
import { ensureMounted, mountState, type MountState } from './mount.js';
import { runProbes, type ProbeResult } from './probe.js';
import type { QemuProfile } from './profiles.js';

/** binfmt_misc as one kernel shows it at one moment. */
export interface Snapshot {
  mount: MountState;
  table: BinfmtTable;
  /** Release of the kernel holding the table (uname -r). */
  kernel: string;
}

/** The kernel refused a registration or removal; code is the errno name. */
export class KernelRefusal extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'KernelRefusal';
  }
}

/** Where binfmt_misc is read and written: this kernel, or the daemon's through a helper. */
export interface EmulationBackend {
  readonly kind: 'host' | 'container';
  /** The kernel meant, for messages. */
  readonly where: string;
  /** The key under which xrun records the handlers it registered there. */
  readonly target: string;
  /** The binfmt_misc folder as seen there. */
  readonly dir: string;
  /** Whether probes run on the kernel whose table is read (not for stand-in folders). */
  readonly probes: boolean;
  snapshot(): Promise<Snapshot>;
  mount(): Promise<void>;
  register(line: string): Promise<void>;
  remove(name: string): Promise<void>;
  /** How a file there is linked; undefined when there is no such file. */
  inspect(file: string): Promise<ElfFacts | undefined>;
  probe(profiles: QemuProfile[]): Promise<Record<string, ProbeResult>>;
  /** Whether writing needs root that this process lacks. */
  needsRoot(): boolean;
}

export interface HostOptions {
  dir?: string;
  /** Where /proc is (tests give a folder with self/mountinfo and filesystems). */
  proc?: string;
  uid?: number;
}

/** The table of the kernel xrun itself runs on. */
export class HostBackend implements EmulationBackend {
  readonly kind = 'host';
  readonly where = 'this kernel';
  readonly target = 'host';
  readonly dir: string;
  readonly probes: boolean;
  private readonly proc: string;
  private readonly uid: number;

  constructor(options: HostOptions = {}) {
    this.dir = options.dir ?? BINFMT_DIR;
    this.proc = options.proc ?? '/proc';
    this.uid = options.uid ?? process.getuid?.() ?? 0;
    this.probes = this.dir === BINFMT_DIR && this.proc === '/proc';
  }

  async snapshot(): Promise<Snapshot> {
    const mount = await mountState(this.dir, this.proc);
    const table: BinfmtTable =
      mount.state === 'mounted'
        ? await readTable(this.dir)
        : { state: 'missing', entries: [] };
    return { mount, table, kernel: os.release() };
  }

  mount(): Promise<void> {
    return ensureMounted(this.dir, this.proc);
  }

  async register(line: string): Promise<void> {
    log('binfmt', `register ${line}`);
    await this.write('register', line);
  }

  async remove(name: string): Promise<void> {
    log('binfmt', `remove ${name}`);
    await this.write(name, '-1');
  }

  async inspect(file: string): Promise<ElfFacts | undefined> {
    try {
      return await readElf(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return undefined;
      throw error;
    }
  }

  probe(profiles: QemuProfile[]): Promise<Record<string, ProbeResult>> {
    return runProbes(profiles);
  }

  needsRoot(): boolean {
    return this.uid !== 0;
  }

  private async write(file: string, text: string): Promise<void> {
    try {
      await writeFile(path.join(this.dir, file), text);
    } catch (error) {
      const { code = 'EIO', message } = error as NodeJS.ErrnoException;
      throw new KernelRefusal(code, message);
    }
  }
}
