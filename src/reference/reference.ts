import { UserError } from '../errors.js';

/** An image reference, with Docker Hub defaults applied. */
export interface Reference {
  /** Registry as written or defaulted: `docker.io`, `localhost:5000`, `[::1]:5000`. */
  domain: string;
  /** Repository path inside the registry: `library/nginx`. */
  path: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB = 'docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry.hub.docker.com']);
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DOMAIN = new RegExp(
  `^(?:\\[[0-9a-fA-F:.%]+\\]|${LABEL}(?:\\.${LABEL})*)(?::[0-9]+)?$`,
);

/** The one-line error naming the reference and the rule it breaks. */
function invalid(text: string, rule: string): UserError {
  return new UserError(`invalid image reference "${text}": ${rule}`);
}

/** Splits `name[:tag][@digest]` and checks each part against the grammar. */
export function parseReference(text: string): Reference {
  if (text === '') throw invalid(text, 'it is empty');
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const rest = at >= 0 ? text.slice(0, at) : text;
  if (digest !== undefined) checkDigest(text, digest);

  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? rest.slice(0, colon) : rest;
  const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag)) {
    throw invalid(
      text,
      `tag "${tag}" must be 1-128 of letters, digits, _ . - (not first . -)`,
    );
  }

  const { domain, path } = splitDomain(text, name);
  const ref: Reference = { domain, path };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** A digest is `algorithm:hex`; sha256 has exactly 64 lowercase hex digits. */
function checkDigest(text: string, digest: string): void {
  if (!DIGEST.test(digest)) {
    throw invalid(text, `digest "${digest}" must look like sha256:<64 hex digits>`);
  }
  const [algorithm, hex = ''] = digest.split(':');
  if (algorithm === 'sha256' && !/^[a-f0-9]{64}$/.test(hex)) {
    throw invalid(text, 'a sha256 digest has exactly 64 lowercase hex digits');
  }
}

/** The registry host and repository path, with Docker Hub defaults applied. */
/** A port must be 1 to 65535; a host without . or : must be lowercase, as docker says. */
function checkHost(text: string, domain: string): void {
  const port = /:(\d+)$/.exec(domain)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw invalid(text, `port ${port} is not a port number (1 to 65535)`);
  }
  if (!/[.:]/.test(domain) && domain !== domain.toLowerCase()) {
    throw invalid(text, 'the repository name must be lowercase');
  }
}

function splitDomain(text: string, name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const isDomain =
    slash >= 0 &&
    (first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first !== first.toLowerCase());
  let domain = isDomain ? first : DOCKER_HUB;
  let path = isDomain ? name.slice(slash + 1) : name;

  if (isDomain && !DOMAIN.test(domain))
    throw invalid(text, `"${domain}" is not a valid host`);
  if (isDomain) checkHost(text, domain);
  if (HUB_ALIASES.has(domain)) domain = DOCKER_HUB;
  if (path === '') throw invalid(text, 'the repository name is empty');
  for (const component of path.split('/')) {
    if (component === '')
      throw invalid(text, 'a path component is empty (// or a / at an end)');
    if (!COMPONENT.test(component)) {
      throw invalid(
        text,
        `"${component}" must be lowercase letters and digits, separated by . _ __ or -`,
      );
    }
  }
  if (domain === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  if (`${domain}/${path}`.length > 255) {
    throw invalid(text, 'the full name exceeds 255 characters');
  }
  return { domain, path };
}

/** The host requests go to: Docker Hub's API lives on registry-1.docker.io. */
export function registryHost(ref: Reference): string {
  return ref.domain === DOCKER_HUB ? 'registry-1.docker.io' : ref.domain;
}

/**
 * The repository name as docker prints it (`nginx`, `localhost:5000/xrun/busybox`),
 * always one that parses back to the same repository: `library/` is dropped only
 * from a two-part name, and a Docker Hub namespace that reads as a host keeps
 * `docker.io/` in front.
 */
export function familiarName(ref: Reference): string {
  if (ref.domain !== DOCKER_HUB) return `${ref.domain}/${ref.path}`;
  const parts = ref.path.split('/');
  if (parts.length === 2 && parts[0] === 'library') return parts[1] ?? ref.path;
  const first = parts[0] ?? '';
  const readsAsHost = first.includes('.') || first.includes(':') || first === 'localhost';
  return readsAsHost ? `${DOCKER_HUB}/${ref.path}` : ref.path;
}

/** Tag or digest to ask the registry for (`latest` when neither was given). */
export function manifestRef(ref: Reference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** `name:tag`, `name@digest` or `name:tag@digest`, as given. */
export function formatReference(ref: Reference): string {
  const tag = ref.tag ? `:${ref.tag}` : '';
  const digest = ref.digest ? `@${ref.digest}` : '';
  return `${familiarName(ref)}${tag}${digest}`;
}

/** The same repository pinned to one manifest digest. */
export function withDigest(ref: Reference, digest: string): string {
  return `${familiarName(ref)}@${digest}`;
}
