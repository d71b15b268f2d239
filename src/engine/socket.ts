import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { onDone } from '../closing.js';
import { dockerConfigDir } from '../registry/credentials.js';

/** A reply from the Docker Engine API. */
export interface ApiReply {
  status: number;
  body: string;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * The daemon socket to ask directly, when the docker CLI would use it too:
 * no --context, no DOCKER_CONTEXT, no current context in config.json, and
 * DOCKER_HOST unset or a unix socket. Otherwise undefined, and the CLI is used.
 */
export function directSocket(
  env: NodeJS.ProcessEnv,
  globalArgs: string[],
): string | undefined {
  if (globalArgs.length > 0 || env.DOCKER_CONTEXT) return undefined;
  const host = env.DOCKER_HOST;
  if (host && !host.startsWith('unix://')) return undefined;
  if (currentContext(env)) return undefined;
  return host ? host.slice('unix://'.length) : DEFAULT_SOCKET;
}

function currentContext(env: NodeJS.ProcessEnv): string | undefined {
  try {
    const file = path.join(dockerConfigDir(env), 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { currentContext?: string };
    return config.currentContext && config.currentContext !== 'default'
      ? config.currentContext
      : undefined;
  } catch {
    return undefined;
  }
}

/** How long one Engine API request may take. */
export const API_TIMEOUT_MS = 10_000;

/** One GET on the Engine API over its unix socket, with a time limit. */
export function apiGet(socketPath: string, urlPath: string, timeoutMs = API_TIMEOUT_MS) {
  return new Promise<ApiReply>((resolve, reject) => {
    // servername: a socket has no TLS name; without it Node works one out per request.
    const options = { socketPath, path: urlPath, timeout: timeoutMs, servername: '' };
    const req = http.get(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
    );
    const forget = onDone(() => req.destroy());
    req.on('close', forget);
    req.on('error', reject);
  });
}
