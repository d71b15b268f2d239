import { UserError } from '../errors.js';
import { log } from '../log.js';
import { parseChallenge, tokenUrl } from './challenge.js';
import { findCredentials, type Credentials } from './credentials.js';
import { request, type Reply } from './http.js';
import { rateLimitHint } from './ratelimit.js';

/** Every manifest type xrun reads, so a registry never narrows a list to one image. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;

export interface ClientOptions {
  timeoutMs?: number;
  /** Folder of the Docker config.json with credentials. */
  configDir?: string;
  /** Extra registries allowed over plain HTTP (the daemon's insecure registries). */
  insecure?: string[];
}

/** Registries spoken to over plain HTTP: loopback, and those listed as insecure. */
export function isPlainHttp(host: string, insecure: string[] = []): boolean {
  const name = host.replace(/:\d+$/, '');
  return (
    name === 'localhost' ||
    name === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(name) ||
    insecure.includes(host)
  );
}

/** A client of one registry's distribution API for one repository. */
export class RegistryClient {
  private authorization: string | undefined;
  private credentials: Credentials | undefined | null = null;
  readonly base: string;
  private readonly timeoutMs: number;

  constructor(
    readonly host: string,
    readonly domain: string,
    readonly repository: string,
    private readonly options: ClientOptions = {},
  ) {
    const scheme = isPlainHttp(host, options.insecure) ? 'http' : 'https';
    this.base = `${scheme}://${host}/v2/${repository}`;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** GET or HEAD on a manifest, with every manifest type in Accept. */
  manifest(ref: string, method: 'GET' | 'HEAD' = 'GET'): Promise<Reply> {
    return this.fetch(`${this.base}/manifests/${ref}`, method, MANIFEST_ACCEPT);
  }

  /** A blob (an image config), size-limited like a manifest. */
  blob(digest: string): Promise<Reply> {
    return this.fetch(`${this.base}/blobs/${digest}`, 'GET', '*/*');
  }

  private async fetch(url: string, method: 'GET' | 'HEAD', accept: string) {
    let reply = await this.send(url, method, accept);
    if (reply.status === 401) {
      const scope = await this.authenticate(reply);
      reply = await this.send(url, method, accept);
      if (reply.status === 401) {
        throw new UserError(
          `registry ${this.host} refused access (scope ${scope}) even after ` +
            `authenticating: run "docker login ${this.domain}" if the repository is private`,
        );
      }
    }
    this.check(reply, url);
    return reply;
  }

  private send(url: string, method: 'GET' | 'HEAD', accept: string) {
    const headers: Record<string, string> = { Accept: accept };
    if (this.authorization) headers.Authorization = this.authorization;
    log('registry', `${method} ${url}`);
    return request(url, {
      method,
      headers,
      timeoutMs: this.timeoutMs,
      maxBytes: MANIFEST_MAX_BYTES,
    });
  }

  /** Answers a 401 challenge: a Bearer token (anonymous or with credentials) or Basic. */
  private async authenticate(reply: Reply): Promise<string> {
    const header = String(reply.headers['www-authenticate'] ?? '');
    const challenge = parseChallenge(header);
    const defaultScope = `repository:${this.repository}:pull`;
    const credentials = await this.loadCredentials();

    if (challenge?.scheme === 'basic') {
      if (!credentials) throw this.loginNeeded('Basic');
      this.authorization = `Basic ${basic(credentials)}`;
      return defaultScope;
    }
    const url =
      challenge?.scheme === 'bearer' ? tokenUrl(challenge, this.repository) : undefined;
    if (!url) {
      throw new UserError(
        `registry ${this.host} asked for authentication with an unusable challenge ` +
          `"${header.slice(0, 80)}"`,
      );
    }
    this.authorization = `Bearer ${await this.token(url, credentials)}`;
    return url.searchParams.get('scope') ?? defaultScope;
  }

  private async token(url: URL, credentials: Credentials | undefined): Promise<string> {
    const headers: Record<string, string> = {};
    if (credentials) headers.Authorization = `Basic ${basic(credentials)}`;
    log(
      'registry',
      `GET ${url.origin}${url.pathname} (token, scope ${url.searchParams.get('scope')})`,
    );
    const reply = await request(url.href, {
      headers,
      timeoutMs: this.timeoutMs,
      maxBytes: 1 << 20,
    });
    if (reply.status === 401 || reply.status === 403) {
      throw this.loginNeeded('token');
    }
    if (reply.status !== 200) {
      throw new UserError(
        `token server ${url.host} answered ${reply.status}: try again later`,
      );
    }
    try {
      const data = JSON.parse(reply.body.toString('utf8')) as {
        token?: string;
        access_token?: string;
      };
      const token = data.token ?? data.access_token;
      if (typeof token === 'string' && token !== '') return token;
    } catch {
      /* reported below */
    }
    throw new UserError(
      `token server ${url.host} sent no token: its answer is not valid JSON`,
    );
  }

  private async loadCredentials(): Promise<Credentials | undefined> {
    if (this.credentials === null) {
      const dir = this.options.configDir;
      this.credentials = dir ? await findCredentials(this.domain, dir) : undefined;
    }
    return this.credentials;
  }

  private loginNeeded(kind: string): UserError {
    return new UserError(
      `registry ${this.host} needs ${kind} credentials for ${this.repository}: ` +
        `run "docker login ${this.domain}"`,
    );
  }

  private check(reply: Reply, url: string): void {
    const { status } = reply;
    if (status >= 200 && status < 300) return;
    const what = url.includes('/blobs/') ? 'blob' : 'manifest';
    if (status === 404) {
      throw new UserError(
        `no such image: ${this.domain}/${this.repository} has no ${what} ` +
          `"${url.slice(url.lastIndexOf('/') + 1)}" (check the name and tag)`,
      );
    }
    if (status === 403) {
      throw new UserError(
        `registry ${this.host} denied access to ${this.repository} (403): ` +
          `check your permissions or run "docker login ${this.domain}"`,
      );
    }
    if (status === 429) {
      throw new UserError(
        `registry ${this.host} is rate limiting requests (429)${rateLimitHint(reply.headers)}`,
      );
    }
    if (status >= 500) {
      throw new UserError(`registry ${this.host} failed with ${status}: try again later`);
    }
    throw new UserError(`registry ${this.host} answered ${status} for ${url}`);
  }
}

function basic(credentials: Credentials): string {
  return Buffer.from(`${credentials.username}:${credentials.secret}`).toString('base64');
}
