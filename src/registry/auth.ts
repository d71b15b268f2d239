import { UserError } from '../errors.js';
import { pickChallenge, pullScope, tokenUrl, type Challenge } from './challenge.js';
import { findCredentials, type Credentials } from './credentials.js';
import type { Reply, TlsFiles } from './http.js';
import { basicAuth, fetchToken } from './token.js';

/** The registry and repository a client authenticates for. */
export interface AuthTarget {
  host: string;
  domain: string;
  repository: string;
  configDir?: string;
  timeoutMs: number;
  tls?: TlsFiles;
}

/** The Authorization to send, and the scope it was granted for. */
export interface Answer {
  authorization: string;
  scope: string;
}

/** What each registry asked for last, so later clients send a token at once. */
const challenges = new Map<string, Challenge>();
/** Tokens of this run, by realm, service and scope. */
const tokens = new Map<string, string>();
/** Basic Authorization values of this run, by registry host. */
const basics = new Map<string, string>();

/** Answers a registry's 401 challenges for one repository, reusing tokens within a run. */
export class Authenticator {
  /** The credentials the last answer used, for the error after a second 401. */
  private used: Credentials | undefined;

  constructor(private readonly target: AuthTarget) {}

  /** The Authorization to send before any challenge: one this run already has. */
  known(): string | undefined {
    const { host, repository } = this.target;
    const challenge = challenges.get(host);
    if (challenge?.scheme === 'basic') return basics.get(host);
    const url = challenge && tokenUrl(challenge, repository);
    return url && tokens.get(url.href);
  }

  /** Answers a 401; `sent` is what the refused request carried, so it is not reused. */
  async answer(reply: Reply, sent: string | undefined): Promise<Answer> {
    const { host, repository } = this.target;
    const challenge = pickChallenge(reply.headers['www-authenticate']);
    const credentials = await this.credentials();
    this.used = credentials;

    if (challenge?.scheme === 'basic') {
      if (!credentials || credentials.identityToken) throw this.loginNeeded();
      const authorization = basicAuth(credentials);
      challenges.set(host, { scheme: 'basic', params: {} });
      basics.set(host, authorization);
      return { authorization, scope: pullScope(repository) };
    }
    const url = challenge && tokenUrl(challenge, repository);
    if (!challenge || !url) throw this.noChallenge(reply);

    const scope = url.searchParams.getAll('scope').join(' ');
    const cached = tokens.get(url.href);
    if (cached && cached !== sent) return { authorization: cached, scope };
    const token = await fetchToken({
      url,
      credentials,
      timeoutMs: this.target.timeoutMs,
      tls: this.target.tls,
      refused: () =>
        credentials ? this.badLogin(scope, credentials) : this.loginNeeded(),
    });
    const authorization = `Bearer ${token}`;
    const { realm = '', service } = challenge.params;
    challenges.set(host, {
      scheme: 'bearer',
      params: service ? { realm, service } : { realm },
    });
    tokens.set(url.href, authorization);
    return { authorization, scope };
  }

  /** The error after a 401 that answered the challenge: the scope was refused. */
  refused(scope: string): UserError {
    const { host, domain, repository } = this.target;
    const credentials = this.used;
    const as = credentials?.username ? ` as ${credentials.username}` : '';
    const then = credentials
      ? `check that the login may pull ${repository}, or run "docker login ${domain}" again`
      : `run "docker login ${domain}" if ${repository} is private (or check that it exists)`;
    return new UserError(
      `registry ${host} refused scope "${scope}"${as} even after authenticating: ${then}`,
    );
  }

  /** The token server refused the credentials that were sent. */
  private badLogin(scope: string, credentials: Credentials): UserError {
    const { host, domain } = this.target;
    const who = credentials.identityToken ? 'the identity token' : credentials.username;
    return new UserError(
      `registry ${host} refused the login of ${who} for scope "${scope}": ` +
        `run "docker login ${domain}" again`,
    );
  }

  /** The credentials config.json holds for this registry, if any. */
  private async credentials(): Promise<Credentials | undefined> {
    const dir = this.target.configDir;
    return dir ? findCredentials(this.target.domain, dir) : undefined;
  }

  /** No credentials were found where the registry wants some. */
  private loginNeeded(): UserError {
    const { host, domain, repository } = this.target;
    return new UserError(
      `registry ${host} needs credentials for ${repository}: run "docker login ${domain}"`,
    );
  }

  /** A 401 with no challenge xrun can answer. */
  private noChallenge(reply: Reply): UserError {
    const { host, domain } = this.target;
    const header = [reply.headers['www-authenticate'] ?? []].flat().join(', ');
    const said = header ? ` with an unusable challenge "${header.slice(0, 80)}"` : '';
    return new UserError(
      `registry ${host} asked for authentication (401)${said}: run "docker login ${domain}"`,
    );
  }
}

/** Forgets the tokens and challenges of this run (for tests). */
export function forgetTokens(): void {
  challenges.clear();
  tokens.clear();
  basics.clear();
}
