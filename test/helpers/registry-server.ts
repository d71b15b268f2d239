import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test server received. */
export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback HTTP server of the tests, with the requests it saw. */
export interface TestServer {
  /** `127.0.0.1:PORT`, as a registry host in a reference. */
  host: string;
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

export type Handler = (
  req: http.IncomingMessage & { body: string },
  res: http.ServerResponse,
) => unknown;

/** Starts a server on a free loopback port; each request is recorded, then handled. */
export async function startServer(
  handler: Handler,
  address = '127.0.0.1',
): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
    });
    try {
      await handler(Object.assign(req, { body }), res);
    } catch (error) {
      res.writeHead(599).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The sha256 digest of bytes. */
export const digestOf = (bytes: Buffer | string) =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A JSON document serialized once, with its digest. */
export interface Doc {
  bytes: Buffer;
  digest: string;
  mediaType: string;
}

export function doc(mediaType: string, value: unknown): Doc {
  const bytes = Buffer.from(JSON.stringify(value));
  return { bytes, digest: digestOf(bytes), mediaType };
}

/** A 401 challenge reply of the distribution API. */
export function challenge(res: http.ServerResponse, header: string): void {
  res.writeHead(401, {
    'WWW-Authenticate': header,
    'Content-Type': 'application/json',
  });
  res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
}
