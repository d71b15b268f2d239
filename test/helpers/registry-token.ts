import http from 'node:http';
import type { Store } from './registry-content.js';
import { challenge, startServer, type Seen, type TestServer } from './registry-server.js';

/** A registry behind token auth: its own token endpoint, the content of a store or of :5000. */
export interface TokenRegistry {
  server: TestServer;
  /** The requests to the token endpoint. */
  tokenRequests: () => Seen[];
  /** The requests to /v2/. */
  apiRequests: () => Seen[];
  /** Forgets every token issued so far, as when they expire. */
  revoke: () => void;
}

export interface TokenOptions {
  /** The challenge header, given the server's host; Bearer with realm and service by default. */
  challenge?: (host: string) => string;
  /** When set, the token endpoint wants one of these users (Basic) or refresh tokens (POST). */
  users?: Record<string, string>;
  refreshTokens?: string[];
  /** Content to serve; without one, authorized requests go to the registry on :5000. */
  store?: Store;
}

/** Starts a token-auth registry of the tests on loopback. */
export async function startTokenRegistry(
  options: TokenOptions = {},
): Promise<TokenRegistry> {
  const issued = new Set<string>();
  const server: TestServer = await startServer(async (req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/token')) return token(req, res, options, issued);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !issued.has(bearer)) {
      const header =
        options.challenge?.(server.host) ??
        `Bearer realm="http://${server.host}/token",service="xrun-token"`;
      return challenge(res, header);
    }
    if (options.store) return options.store.serve(req, res);
    return proxy(req, res);
  });
  return {
    server,
    tokenRequests: () => server.seen.filter((s) => s.url.startsWith('/token')),
    apiRequests: () => server.seen.filter((s) => s.url.startsWith('/v2/')),
    revoke: () => issued.clear(),
  };
}

function token(
  req: http.IncomingMessage & { body: string },
  res: http.ServerResponse,
  options: TokenOptions,
  issued: Set<string>,
): void {
  const form = new URLSearchParams(req.body);
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const [user = '', pass = ''] = Buffer.from(basic ?? '', 'base64')
    .toString()
    .split(':');
  const allowed =
    req.method === 'POST'
      ? (options.refreshTokens ?? []).includes(form.get('refresh_token') ?? '')
      : !options.users || (basic !== undefined && options.users[user] === pass);
  if (!allowed) {
    res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"no"}');
    return;
  }
  const value = `tok-${issued.size + 1}-${Math.random().toString(36).slice(2)}`;
  issued.add(value);
  const key = req.method === 'POST' ? 'access_token' : 'token';
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ [key]: value, expires_in: 300 }));
}

/** Sends an authorized request on to the real registry on 127.0.0.1:5000. */
function proxy(req: http.IncomingMessage, res: http.ServerResponse): void {
  const upstream = http.request(
    {
      host: '127.0.0.1',
      port: 5000,
      method: req.method,
      path: req.url,
      headers: { Accept: req.headers.accept ?? '*/*' },
    },
    (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    },
  );
  upstream.on('error', () => res.writeHead(502).end());
  upstream.end();
}
