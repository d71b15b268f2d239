import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ACCEPT } from './registry-fixture.js';

/** A real distribution registry behind htpasswd Basic auth, started by a test. */
export interface BasicRegistry {
  host: string;
  close(): Promise<void>;
}

/** A free loopback port (listen on 0, then let it go). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `docker-registry serve` on a free port with one htpasswd user; waits for its 401. */
export async function startBasicRegistry(
  user: string,
  password: string,
): Promise<BasicRegistry> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xrun-basic-registry-'));
  const htpasswd = execFileSync('htpasswd', ['-Bbn', user, password], {
    encoding: 'utf8',
  });
  writeFileSync(path.join(dir, 'htpasswd'), htpasswd);
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: {level: error, accesslog: {disabled: true}}',
      `storage: {filesystem: {rootdirectory: ${dir}/data}}`,
      `http: {addr: 127.0.0.1:${port}, secret: xrun-test}`,
      `auth: {htpasswd: {realm: xrun, path: ${dir}/htpasswd}}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', config], {
    stdio: 'ignore',
  });
  const host = `127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    const status = await fetch(`http://${host}/v2/`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 401) return { host, close };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await close();
  throw new Error(`docker-registry on ${host} did not answer within 10 s`);
}

interface Manifest {
  mediaType: string;
  manifests?: { digest: string }[];
  config?: { digest: string };
  layers?: { digest: string }[];
}

/** Copies repo:tag byte for byte from the fixture registry on :5000 into another one. */
export async function copyImage(
  repo: string,
  tag: string,
  to: string,
  authorization: string,
) {
  const from = `http://127.0.0.1:5000/v2/${repo}`;
  const target = `http://${to}/v2/${repo}`;
  const headers = { Authorization: authorization };

  const copyManifest = async (ref: string, as: string): Promise<void> => {
    const reply = await fetch(`${from}/manifests/${ref}`, {
      headers: { Accept: ACCEPT },
    });
    const type = reply.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await reply.arrayBuffer());
    const doc = JSON.parse(bytes.toString('utf8')) as Manifest;
    for (const entry of doc.manifests ?? [])
      await copyManifest(entry.digest, entry.digest);
    for (const blob of [doc.config, ...(doc.layers ?? [])]) {
      if (blob) await copyBlob(blob.digest);
    }
    const put = await fetch(`${target}/manifests/${as}`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': type },
      body: bytes,
    });
    if (put.status !== 201) throw new Error(`PUT manifest ${as}: ${put.status}`);
  };

  const copyBlob = async (digest: string): Promise<void> => {
    const head = await fetch(`${target}/blobs/${digest}`, { method: 'HEAD', headers });
    if (head.status === 200) return;
    const bytes = Buffer.from(
      await (await fetch(`${from}/blobs/${digest}`)).arrayBuffer(),
    );
    const start = await fetch(`${target}/blobs/uploads/`, { method: 'POST', headers });
    const location = new URL(start.headers.get('location') ?? '', `http://${to}`);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });
    if (put.status !== 201) throw new Error(`PUT blob ${digest}: ${put.status}`);
  };

  await copyManifest(tag, tag);
}
