import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordFault } from '../helpers/figures.js';
import { request, type RequestOptions } from '../../src/registry/http.js';
import { startServer } from '../helpers/registry-server.js';
import { failureOf } from '../helpers/assert.js';

const LIMITS: RequestOptions = { timeoutMs: 2000, maxBytes: 4 * 1024 * 1024 };

const failure = failureOf;

test('requests to one registry reuse one kept-alive connection', async () => {
  const ports: number[] = [];
  const server = await startServer((req, res) => {
    ports.push(req.socket.remotePort ?? 0);
    res.end('{}');
  });
  try {
    for (let i = 0; i < 3; i++) await request(`http://${server.host}/v2/`, LIMITS);
    assert.is(ports.length, 3);
    assert.is(new Set(ports).size, 1);
  } finally {
    await server.close();
  }
});

test('a redirect is followed; Authorization goes to the same host only', async () => {
  const storage = await startServer((_req, res) => res.end('blob bytes'));
  const registry = await startServer((req, res) => {
    const to = req.url === '/v2/a' ? '/v2/b' : `http://${storage.host}/signed?x=1`;
    res.writeHead(req.url === '/v2/c' ? 200 : 307, { Location: to }).end();
  });
  try {
    const auth = { ...LIMITS, headers: { Authorization: 'Bearer secret-token' } };
    await request(`http://${registry.host}/v2/a`, auth);
    assert.is(registry.seen[1]?.url, '/v2/b');
    assert.is(registry.seen[1]?.headers.authorization, 'Bearer secret-token');
    const reply = await request(`http://${registry.host}/v2/blob`, auth);
    assert.is(reply.body.toString(), 'blob bytes');
    assert.is(storage.seen[0]?.url, '/signed?x=1');
    assert.is(storage.seen[0]?.headers.authorization, undefined);
  } finally {
    await Promise.all([storage.close(), registry.close()]);
  }
});

test('the time limit covers the whole reply, even one that trickles', async () => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': 1000 });
    const timer = setInterval(() => res.write('x'), 50);
    res.on('close', () => clearInterval(timer));
  });
  try {
    const started = Date.now();
    const message = await failure(
      request(`http://${server.host}/v2/`, { ...LIMITS, timeoutMs: 400 }),
    );
    assert.is(
      message,
      `registry ${server.host} did not answer within 400 ms: check that the address is ` +
        'a registry, or allow more time with XRUN_REGISTRY_TIMEOUT_MS',
    );
    assert.ok(Date.now() - started < 1500);
  } finally {
    await server.close();
  }
  recordFault('registry: the time limit covers the whole reply, even one that trickles');
});

test('a reply over the limit is refused, by its length or as it streams', async () => {
  const server = await startServer((req, res) => {
    const big = Buffer.alloc(4 * 1024 * 1024 + 1, 0x20);
    if (req.url === '/length') res.writeHead(200, { 'Content-Length': big.length });
    res.end(big);
  });
  try {
    const what = { ...LIMITS, what: 'manifest "big"' };
    const expected =
      `registry ${server.host} sent more than 4 MiB for manifest "big": ` + 'refusing it';
    assert.is(await failure(request(`http://${server.host}/length`, what)), expected);
    assert.is(await failure(request(`http://${server.host}/chunked`, what)), expected);
  } finally {
    await server.close();
  }
  recordFault(
    'registry: a reply over the limit is refused, by its length or as it streams',
  );
});

test('a connection cut in the middle of the body is one clear line', async () => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': 1000 });
    res.write('{"schemaVersion":');
    setTimeout(() => res.socket?.destroy(), 20);
  });
  try {
    assert.is(
      await failure(request(`http://${server.host}/v2/`, LIMITS)),
      `registry ${server.host} closed the connection before the reply was complete`,
    );
  } finally {
    await server.close();
  }
  recordFault('registry: a connection cut in the middle of the body is one clear line');
});

test('a connection reset before any reply says so', async () => {
  const server = await startServer((req) => req.socket.destroy());
  try {
    assert.is(
      await failure(request(`http://${server.host}/v2/`, LIMITS)),
      `registry ${server.host} reset the connection`,
    );
  } finally {
    await server.close();
  }
  recordFault('registry: a connection reset before any reply says so');
});

test('HTTPS to a plain HTTP server fails the handshake with a hint', async () => {
  const server = await startServer((_req, res) => res.end('{}'));
  try {
    assert.is(
      await failure(request(`https://${server.host}/v2/`, LIMITS)),
      `registry ${server.host} failed the TLS handshake (EPROTO): if it serves plain ` +
        'HTTP, list it in the daemon\'s "insecure-registries"',
    );
  } finally {
    await server.close();
  }
  recordFault('registry: HTTPS to a plain HTTP server fails the handshake with a hint');
});

test('a self-signed certificate is refused, and trusted once its CA is given', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xrun-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const pem = readFileSync(cert, 'utf8');
  const server = https.createServer({ key: readFileSync(key), cert: pem }, (_req, res) =>
    res.end('{"ok":true}'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.is(
      await failure(request(`https://${host}/v2/`, LIMITS)),
      `registry ${host} presented a certificate this machine does not trust ` +
        '(DEPTH_ZERO_SELF_SIGNED_CERT): put its CA in /etc/docker/certs.d/HOST/ca.crt or ' +
        'list it in the daemon\'s "insecure-registries"',
    );
    const reply = await request(`https://${host}/v2/`, { ...LIMITS, tls: { ca: [pem] } });
    assert.is(reply.body.toString(), '{"ok":true}');
  } finally {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  recordFault(
    'registry: a self-signed certificate is refused, and trusted once its CA is given',
  );
});

test('a POST sends its form body', async () => {
  const server = await startServer((_req, res) => res.end('{"access_token":"t"}'));
  try {
    await request(`http://${server.host}/token`, {
      ...LIMITS,
      method: 'POST',
      body: 'grant_type=refresh_token',
    });
    assert.is(server.seen[0]?.method, 'POST');
    assert.is(server.seen[0]?.body, 'grant_type=refresh_token');
  } finally {
    await server.close();
  }
});

test.run();
