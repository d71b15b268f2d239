import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';

/** A handler xrun registered, as it wrote it. */
export interface HandlerRecord {
  /** Where: "host", or "docker:ENDPOINT" for a daemon reached through the helper. */
  target: string;
  name: string;
  line: string;
  /** The systemd-binfmt file written for it (--persist). */
  persisted?: string;
  registeredAt: string;
}

interface StateFile {
  version: 1;
  handlers: HandlerRecord[];
}

/** XRUN_STATE_DIR, else $XDG_STATE_HOME/xrun, else ~/.local/state/xrun. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XRUN_STATE_DIR) return env.XRUN_STATE_DIR;
  const base = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local/state');
  return path.join(base, 'xrun');
}

/** The record of handlers xrun registered, kept in one JSON file written atomically. */
export class HandlerState {
  readonly file: string;

  constructor(dir = stateDir()) {
    this.file = path.join(dir, 'binfmt-handlers.json');
  }

  async list(): Promise<HandlerRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    try {
      const doc = JSON.parse(text) as StateFile;
      return Array.isArray(doc.handlers) ? doc.handlers : [];
    } catch {
      throw new UserError(
        `${this.file} is not valid JSON: fix or delete it (it lists handlers xrun registered)`,
      );
    }
  }

  async find(target: string, name: string): Promise<HandlerRecord | undefined> {
    return (await this.list()).find((r) => r.target === target && r.name === name);
  }

  async record(record: HandlerRecord): Promise<void> {
    const rest = (await this.list()).filter(
      (r) => !(r.target === record.target && r.name === record.name),
    );
    await this.save([...rest, record]);
  }

  async forget(target: string, name: string): Promise<void> {
    const all = await this.list();
    const rest = all.filter((r) => !(r.target === target && r.name === name));
    if (rest.length !== all.length) await this.save(rest);
  }

  /** Writes a temporary file beside the real one, then renames it over. */
  private async save(handlers: HandlerRecord[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const doc: StateFile = { version: 1, handlers };
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(doc, null, 2) + '\n');
    await rename(temp, this.file);
  }
}
