import { log } from '../log.js';
import { registryHost, type Reference } from '../reference/reference.js';
import { Authenticator } from './auth.js';
import { dockerConfigDir } from './credentials.js';
import { verifiedDigest } from './digest.js';
import { request, type Reply, type TlsFiles } from './http.js';
import { checkReply, errorCodes, type Asked } from './status.js';
import { isPlainHttp, tlsFilesFor } from './transport.js';

export { isPlainHttp } from './transport.js';

/** Every manifest type xrun reads, so a registry never narrows a list to one image. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
type Method = 'GET' | 'HEAD';

export interface ClientOptions {
  timeoutMs?: number;
  /** Folder of the Docker config.json with credentials. */
  configDir?: string;
  /** Registries allowed over plain HTTP (the daemon's insecure registries and CIDRs). */
  insecure?: string[];
  /** Docker's per-registry certificate folders (`/etc/docker/certs.d`). */
  certsDir?: string;
}

/** Content-addressed replies of this run (verified), by registry, repository and digest. */
const byDigest = new Map<string, Promise<Reply>>();

/** The options a command gives its clients: Docker config, insecure registries, time limit. */
export function clientOptions(
  env: NodeJS.ProcessEnv,
  insecure: string[] = [],
): ClientOptions {
  const options: ClientOptions = { configDir: dockerConfigDir(env), insecure };
  const timeoutMs = Number(env.XRUN_REGISTRY_TIMEOUT_MS);
  if (timeoutMs > 0) options.timeoutMs = timeoutMs;
  return options;
}

/** A client for the registry and repository a reference names. */
export function clientFor(ref: Reference, options: ClientOptions = {}): RegistryClient {
  return new RegistryClient(registryHost(ref), ref.domain, ref.path, options);
}

/** A client of one registry's distribution API for one repository. */
export class RegistryClient {
  readonly base: string;
  private readonly auth: Authenticator;
  private readonly timeoutMs: number;
  private readonly tls: TlsFiles | undefined;

  constructor(
    readonly host: string,
    readonly domain: string,
    readonly repository: string,
    options: ClientOptions = {},
  ) {
    const plain = isPlainHttp(host, options.insecure);
    this.base = `${plain ? 'http' : 'https'}://${host}/v2/${repository}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.tls = plain ? undefined : tlsFilesFor(host, options.certsDir);
    const { configDir } = options;
    const target = { host, domain, repository, configDir, timeoutMs: this.timeoutMs };
    this.auth = new Authenticator(this.tls ? { ...target, tls: this.tls } : target);
  }

  /** GET or HEAD on a manifest by tag or digest, with every manifest type in Accept. */
  manifest(ref: string, method: 'GET' | 'HEAD' = 'GET'): Promise<Reply> {
    return this.fetch({ kind: 'manifest', ref }, method, MANIFEST_ACCEPT);
  }

  /** A manifest by digest, its bytes checked against it, fetched once per run. */
  manifestByDigest(digest: string): Promise<Reply> {
    return this.once('manifest', digest, () => this.manifest(digest));
  }

  /** A blob (an image config) by digest, size-limited and checked like a manifest. */
  blob(digest: string): Promise<Reply> {
    return this.once('blob', digest, () =>
      this.fetch({ kind: 'blob', ref: digest }, 'GET', '*/*'),
    );
  }

  /** Keeps a reply fetched by tag under its digest, once it has been checked. */
  remember(digest: string, reply: Reply): void {
    byDigest.set(
      `${this.host}/${this.repository} manifest ${digest}`,
      Promise.resolve(reply),
    );
  }

  /** Fetches content by digest once per run, checking its bytes against the digest. */
  private once(kind: Asked['kind'], digest: string, get: () => Promise<Reply>) {
    const id = `${this.host}/${this.repository} ${kind} ${digest}`;
    let reply = byDigest.get(id);
    if (!reply) {
      reply = get().then((r) => (verifiedDigest(r, digest), r));
      reply.catch(() => byDigest.delete(id));
      byDigest.set(id, reply);
    }
    return reply;
  }

  /** A manifest or blob request, authorized, with a one-line error for a failure. */
  private async fetch(what: Pick<Asked, 'kind' | 'ref'>, method: Method, accept: string) {
    const url = `${this.base}/${what.kind}s/${what.ref}`;
    const reply = await this.authorized(
      url,
      method,
      accept,
      `${what.kind} "${what.ref}"`,
    );
    const asked: Asked = {
      ...what,
      host: this.host,
      domain: this.domain,
      repository: this.repository,
    };
    if (reply.status === 404 && what.kind === 'manifest') {
      asked.repositoryExists = await this.repositoryExists();
    }
    checkReply(reply, asked);
    return reply;
  }

  /** One request, answering a 401 challenge once; a second 401 ends the attempt. */
  private async authorized(url: string, method: Method, accept: string, label: string) {
    let sent = this.auth.known();
    let reply = await this.send(url, method, accept, sent, label);
    if (reply.status === 401) {
      const answer = await this.auth.answer(reply, sent);
      sent = answer.authorization;
      reply = await this.send(url, method, accept, sent, label);
      if (reply.status === 401) throw this.auth.refused(answer.scope);
    }
    return reply;
  }

  /** After a 404 on a manifest: whether the repository exists (undefined: not told). */
  private async repositoryExists(): Promise<boolean | undefined> {
    try {
      const url = `${this.base}/tags/list?n=1`;
      const reply = await this.authorized(url, 'GET', 'application/json', 'its tags');
      if (reply.status === 200) return true;
      if (reply.status === 404 && errorCodes(reply.body).includes('NAME_UNKNOWN'))
        return false;
    } catch {
      /* the 404 is reported as it is */
    }
    return undefined;
  }

  /** One HTTP exchange with the registry, logged without its Authorization. */
  private send(
    url: string,
    method: Method,
    accept: string,
    authorization: string | undefined,
    what: string,
  ): Promise<Reply> {
    const headers: Record<string, string> = { Accept: accept };
    if (authorization) headers.Authorization = authorization;
    log('registry', `${method} ${url}${authorization ? ' (authorized)' : ''}`);
    return request(url, {
      method,
      headers,
      timeoutMs: this.timeoutMs,
      maxBytes: MANIFEST_MAX_BYTES,
      what,
      tls: this.tls,
    });
  }
}
