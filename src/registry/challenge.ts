/** One `WWW-Authenticate` challenge: its scheme and parameters. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Reads a challenge header in any parameter order, with quoted or bare
 * values; unknown or missing parameters are simply absent.
 */
export function parseChallenge(header: string): Challenge | undefined {
  const match = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const scheme = (match[1] ?? '').toLowerCase();
  const params: Record<string, string> = {};
  const pair = /\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/gy;
  const rest = match[2] ?? '';
  let found: RegExpExecArray | null;
  while (pair.lastIndex < rest.length && (found = pair.exec(rest)) !== null) {
    const key = (found[1] ?? '').toLowerCase();
    const value =
      found[2] !== undefined ? found[2].replace(/\\(.)/g, '$1') : (found[3] ?? '');
    params[key] = value;
    if (found[0] === '') break;
  }
  return { scheme, params };
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
  const service = challenge.params.service;
  if (service) url.searchParams.set('service', service);
  url.searchParams.set(
    'scope',
    challenge.params.scope ?? `repository:${repository}:pull`,
  );
  return url;
}
