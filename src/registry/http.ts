import http from 'node:http';
import https from 'node:https';
import { UserError } from '../errors.js';

/** A finished HTTP exchange with the whole body read. */
export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  url: string;
}

export interface RequestOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 8 }),
};
const MAX_REDIRECTS = 5;

/** One request with a time limit and a size limit, following redirects. */
export async function request(url: string, options: RequestOptions): Promise<Reply> {
  let current = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const reply = await once(current, options);
    const location = reply.headers.location;
    if (reply.status < 300 || reply.status >= 400 || !location) return reply;
    const next = new URL(location, current);
    const headers = { ...options.headers };
    if (next.host !== current.host) delete headers.Authorization;
    options = { ...options, headers };
    current = next;
  }
  throw new UserError(`${current.host} redirected more than ${MAX_REDIRECTS} times`);
}

function once(url: URL, options: RequestOptions): Promise<Reply> {
  const secure = url.protocol === 'https:';
  const transport = secure ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: secure ? agents.https : agents.http,
      timeout: options.timeoutMs,
    });
    req.on('timeout', () => {
      req.destroy(new NetError(url, `did not answer within ${options.timeoutMs} ms`));
    });
    req.on('error', (error) => reject(asNetError(url, error)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          req.destroy(new NetError(url, `sent more than ${options.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error) => reject(asNetError(url, error)));
      res.on('end', () => {
        if (!res.complete) {
          reject(
            new NetError(url, 'closed the connection before the reply was complete'),
          );
          return;
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          url: url.href,
        });
      });
    });
    req.end();
  });
}

/** A transport failure, worded for the user. */
export class NetError extends UserError {
  constructor(url: URL, what: string, cause?: unknown) {
    super(`registry ${url.host} ${what}`, 125, { cause });
  }
}

function asNetError(url: URL, error: unknown): UserError {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'refused the connection: is it running and is the address right?',
    ECONNRESET: 'reset the connection',
    ENOTFOUND: 'could not be found (DNS): check the registry name',
    EAI_AGAIN: 'could not be looked up (DNS): check the network',
    EHOSTUNREACH: 'is unreachable: check the network',
    ETIMEDOUT: 'did not answer in time',
  };
  const tls =
    code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('EPROTO');
  const why =
    reasons[code] ??
    (tls ? `failed the TLS handshake (${code}): is it serving plain HTTP?` : undefined) ??
    `failed: ${(error as Error).message}`;
  return new NetError(url, why, error);
}
