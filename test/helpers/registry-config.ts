import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Temporary DOCKER_CONFIG folders and credential helpers, removed by cleanUp(). */
export class TempConfigs {
  private readonly dirs: string[] = [];

  /** A DOCKER_CONFIG folder holding this config.json. */
  config(config: unknown): string {
    const dir = this.dir('xrun-config-');
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    return dir;
  }

  /** A folder with an executable `docker-credential-NAME` running this shell script. */
  helper(name: string, script: string): string {
    const dir = this.dir('xrun-helper-');
    const file = path.join(dir, `docker-credential-${name}`);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return dir;
  }

  dir(prefix: string): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  cleanUp(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** The base64 `auth` value of a config.json entry. */
export const authOf = (user: string, password: string) =>
  Buffer.from(`${user}:${password}`).toString('base64');
