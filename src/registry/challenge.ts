/** One `WWW-Authenticate` challenge: its scheme and parameters. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

const SCHEME = /\s*(?:,\s*)?([A-Za-z][\w-]*)(?=\s|,|$)/y;
const PAIR = /\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/y;

/**
 * Reads every challenge of a header (`Bearer realm=..., Basic realm=...`), each
 * in any parameter order, with quoted or bare values; missing ones are absent.
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let at = 0;
  while (at < header.length) {
    SCHEME.lastIndex = at;
    const scheme = SCHEME.exec(header);
    if (!scheme) break;
    at = SCHEME.lastIndex;
    const params: Record<string, string> = {};
    for (;;) {
      PAIR.lastIndex = at;
      const pair = PAIR.exec(header);
      if (!pair || pair[0] === '') break;
      const value = pair[2] !== undefined ? pair[2].replace(/\\(.)/g, '$1') : pair[3];
      const key = (pair[1] ?? '').toLowerCase();
      Object.defineProperty(params, key, {
        value: value ?? '',
        enumerable: true,
        writable: true,
      });
      at = PAIR.lastIndex;
    }
    challenges.push({ scheme: (scheme[1] ?? '').toLowerCase(), params });
  }
  return challenges;
}

/** The first challenge of a header. */
export function parseChallenge(header: string): Challenge | undefined {
  return parseChallenges(header)[0];
}

/** The challenge to answer from a 401's headers: Bearer when offered, else Basic. */
export function pickChallenge(
  header: string | string[] | undefined,
): Challenge | undefined {
  const all = [header ?? []].flat().flatMap(parseChallenges);
  return (
    all.find((c) => c.scheme === 'bearer' && c.params.realm) ??
    all.find((c) => c.scheme === 'basic')
  );
}

/** The pull scope xrun asks for when a challenge names none. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

/** The token request URL for a Bearer challenge, adding the pull scope when absent. */
export function tokenUrl(challenge: Challenge, repository: string): URL | undefined {
  const realm = challenge.params.realm;
  if (!realm) return undefined;
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const service = challenge.params.service;
  if (service) url.searchParams.set('service', service);
  const scopes = (challenge.params.scope ?? pullScope(repository)).split(' ');
  for (const scope of scopes.filter(Boolean)) url.searchParams.append('scope', scope);
  return url;
}
