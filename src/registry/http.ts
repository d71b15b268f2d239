import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { onDone } from '../closing.js';
import { UserError } from '../errors.js';
import { asNetError, formatBytes, NetError } from './net-errors.js';

/** A finished HTTP exchange with the whole body read. */
export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  url: string;
}

/** Extra trust for one registry: CA certificates and a client certificate. */
export interface TlsFiles {
  ca?: string[];
  cert?: string;
  key?: string;
}

export interface RequestOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  /** A form body for POST. */
  body?: string;
  /** Time limit of each HTTP exchange, body included. */
  timeoutMs: number;
  maxBytes: number;
  /** What is asked for, for messages: `manifest "multi"`. */
  what?: string;
  tls?: TlsFiles;
}

const plainAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const tlsAgents = new Map<string, https.Agent>();
const MAX_REDIRECTS = 5;
onDone(() => {
  plainAgent.destroy();
  for (const agent of tlsAgents.values()) agent.destroy();
});

/** One request with a time limit and a size limit, following redirects. */
export async function request(url: string, options: RequestOptions): Promise<Reply> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new UserError(`cannot reach a registry at ${url}: the address is not valid`);
  }
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const reply = await retryOnStaleSocket(current, options);
    const location = reply.headers.location;
    if (reply.status < 300 || reply.status >= 400 || !location) return reply;

    const next = new URL(location, current);
    const headers = { ...options.headers };
    if (next.host !== current.host) delete headers.Authorization;
    const toGet = reply.status === 303 && options.method === 'POST';
    options = toGet
      ? { ...options, headers, method: 'GET', body: undefined }
      : { ...options, headers };
    current = next;
  }
  throw new UserError(
    `registry ${current.host} redirected more than ${MAX_REDIRECTS} times`,
  );
}

/** A kept-alive socket the server closed meanwhile fails at once: try a new one. */
async function retryOnStaleSocket(url: URL, options: RequestOptions): Promise<Reply> {
  try {
    return await once(url, options);
  } catch (error) {
    if (!(error instanceof StaleSocket)) throw error;
    return once(url, options);
  }
}

class StaleSocket extends Error {}

/** One HTTP exchange: the whole body within the time and size limits. */
function once(url: URL, options: RequestOptions): Promise<Reply> {
  const secure = url.protocol === 'https:';
  const transport = secure ? https : http;
  const limit = formatBytes(options.maxBytes);
  const what = options.what ? ` for ${options.what}` : '';
  const cut = () =>
    new NetError(url.host, 'closed the connection before the reply was complete');

  return new Promise((resolve, reject) => {
    const req = transport.request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: secure ? tlsAgent(options.tls) : plainAgent,
    });
    let responded = false;
    let stopped: Error | undefined;
    const fail = (error: unknown) => {
      clearTimeout(timer);
      reject(stopped ?? error);
    };
    const stop = (error: Error) => {
      stopped ??= error;
      req.destroy(error);
    };
    const timer = setTimeout(() => {
      stop(
        new NetError(
          url.host,
          `did not answer within ${options.timeoutMs} ms: check that the address is a ` +
            'registry, or allow more time with XRUN_REGISTRY_TIMEOUT_MS',
        ),
      );
    }, options.timeoutMs);
    const tooLarge = () =>
      new NetError(url.host, `sent more than ${limit}${what}: refusing it`);

    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!responded && req.reusedSocket && error.code === 'ECONNRESET') {
        fail(new StaleSocket());
      } else fail(responded ? cut() : asNetError(url.host, error));
    });
    req.on('response', (res) => {
      responded = true;
      const length = Number(res.headers['content-length']);
      if (options.method !== 'HEAD' && length > options.maxBytes) {
        stop(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) stop(tooLarge());
        else chunks.push(chunk);
      });
      res.on('error', () => fail(cut()));
      res.on('end', () => {
        if (!res.complete) {
          fail(cut());
          return;
        }
        clearTimeout(timer);
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          url: url.href,
        });
      });
    });
    req.end(options.body);
  });
}

/** One kept-alive agent per set of TLS files (most registries share the default). */
function tlsAgent(tls: TlsFiles = {}): https.Agent {
  const key = JSON.stringify(tls);
  let agent = tlsAgents.get(key);
  if (!agent) {
    agent = new https.Agent({ keepAlive: true, maxSockets: 8, ...tlsOptions(tls) });
    tlsAgents.set(key, agent);
  }
  return agent;
}

/** Agent options adding a registry's CAs to the default ones, and its client key. */
function tlsOptions(tls: TlsFiles): https.AgentOptions {
  const options: https.AgentOptions = {};
  if (tls.ca && tls.ca.length > 0) options.ca = [...rootCertificates, ...tls.ca];
  if (tls.cert && tls.key) Object.assign(options, { cert: tls.cert, key: tls.key });
  return options;
}
