import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

/**
 * A dockerd of the test's own, on its own socket and folders, so a test can
 * stop and restart it without touching the daemon other tests use.
 */
export class PrivateDaemon {
  private child: ChildProcess | undefined;
  /** A bridge of its own: with --bridge=none dockerd would delete the host's docker0. */
  private readonly bridge = `xrpd${process.pid % 1_000_000}`;

  private constructor(readonly dir: string) {}

  static async start(): Promise<PrivateDaemon> {
    const daemon = new PrivateDaemon(
      await mkdtemp(path.join(os.tmpdir(), 'xrun-dockerd-')),
    );
    await execa('ip', ['link', 'add', daemon.bridge, 'type', 'bridge']);
    await execa('ip', ['link', 'set', daemon.bridge, 'up']);
    await daemon.up();
    return daemon;
  }

  get host(): string {
    return `unix://${this.dir}/docker.sock`;
  }

  /** Starts dockerd and waits until it answers. */
  async up(): Promise<void> {
    const d = this.dir;
    this.child = spawn(
      'dockerd',
      [
        `--data-root=${d}/data`,
        `--exec-root=${d}/exec`,
        `--pidfile=${d}/docker.pid`,
        `--host=${this.host}`,
        `--bridge=${this.bridge}`,
        '--iptables=false',
        '--ip-masq=false',
        '--ip-forward=false',
      ],
      { stdio: 'ignore', detached: true },
    );
    for (let i = 0; i < 150; i++) {
      const r = await execa('docker', ['version'], {
        env: { DOCKER_HOST: this.host },
        reject: false,
      });
      if (r.exitCode === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('private dockerd did not start within 15 s');
  }

  /** Stops dockerd and waits for it to exit. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  docker(args: string[]) {
    return execa('docker', args, { env: { DOCKER_HOST: this.host }, reject: false });
  }

  async stop(): Promise<void> {
    await this.down();
    await execa('ip', ['link', 'del', this.bridge], { reject: false });
    await rm(this.dir, { recursive: true, force: true });
  }
}
