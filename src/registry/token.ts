import { UserError } from '../errors.js';
import { log } from '../log.js';
import type { Credentials } from './credentials.js';
import { request, type Reply, type TlsFiles } from './http.js';
import { rateLimitHint } from './ratelimit.js';

/** How a token request goes and what its failures say. */
export interface TokenRequest {
  url: URL;
  credentials: Credentials | undefined;
  timeoutMs: number;
  tls?: TlsFiles;
  /** The error to throw when the token server refuses (401 or 403). */
  refused: () => UserError;
}

const TOKEN_MAX_BYTES = 1 << 20;

/**
 * A Bearer token from the challenge's realm: anonymous (no Authorization at all),
 * with Basic credentials, or by OAuth2 refresh with an identity token.
 */
export async function fetchToken(ask: TokenRequest): Promise<string> {
  const { url, credentials } = ask;
  const scopes = url.searchParams.getAll('scope').join(' ');
  const who = credentials
    ? credentials.identityToken
      ? 'identity token'
      : `user ${credentials.username}`
    : 'anonymous';
  log('registry', `GET ${url.origin}${url.pathname} (token, scope ${scopes}, ${who})`);

  const reply = credentials?.identityToken
    ? await refresh(ask, credentials.secret)
    : await request(url.href, {
        headers: credentials ? { Authorization: basicAuth(credentials) } : {},
        timeoutMs: ask.timeoutMs,
        maxBytes: TOKEN_MAX_BYTES,
        what: 'a token',
        tls: ask.tls,
      });
  checkTokenReply(reply, url, ask);
  return tokenOf(reply, url);
}

/** OAuth2 refresh-token grant, as `docker login` identity tokens need. */
function refresh(ask: TokenRequest, refreshToken: string): Promise<Reply> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: 'xrun',
    refresh_token: refreshToken,
  });
  const service = ask.url.searchParams.get('service');
  if (service) form.set('service', service);
  const scopes = ask.url.searchParams.getAll('scope').join(' ');
  if (scopes) form.set('scope', scopes);
  return request(`${ask.url.origin}${ask.url.pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    timeoutMs: ask.timeoutMs,
    maxBytes: TOKEN_MAX_BYTES,
    what: 'a token',
    tls: ask.tls,
  });
}

/** Throws the one-line error of a token reply that is not 200. */
function checkTokenReply(reply: Reply, url: URL, ask: TokenRequest): void {
  const { status } = reply;
  if (status === 200) return;
  if (status === 401 || status === 403) throw ask.refused();
  if (status === 429) {
    throw new UserError(
      `token server ${url.host} is rate limiting requests (429)${rateLimitHint(reply.headers)}`,
    );
  }
  throw new UserError(`token server ${url.host} answered ${status}: try again later`);
}

/** The `token` (or OAuth2 `access_token`) of a token reply. */
function tokenOf(reply: Reply, url: URL): string {
  let data: { token?: unknown; access_token?: unknown };
  try {
    data = JSON.parse(reply.body.toString('utf8'));
  } catch {
    throw new UserError(`token server ${url.host} sent no token: its answer is not JSON`);
  }
  const token = data?.token ?? data?.access_token;
  if (typeof token === 'string' && token !== '') return token;
  throw new UserError(
    `token server ${url.host} sent no token: its answer has no "token"`,
  );
}

/** The Basic Authorization value of a user name and password. */
export function basicAuth(credentials: Credentials): string {
  const pair = `${credentials.username}:${credentials.secret}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}
