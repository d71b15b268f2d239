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
const DOMAIN =
  /^(?:\[[0-9a-fA-F:.%]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]+)?$/;

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

function checkDigest(text: string, digest: string): void {
  if (!DIGEST.test(digest)) {
    throw invalid(text, `digest "${digest}" must look like sha256:<64 hex digits>`);
  }
  const [algorithm, hex = ''] = digest.split(':');
  if (algorithm === 'sha256' && !/^[a-f0-9]{64}$/.test(hex)) {
    throw invalid(text, 'a sha256 digest has exactly 64 lowercase hex digits');
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
  if (HUB_ALIASES.has(domain)) domain = DOCKER_HUB;
  if (path === '') throw invalid(text, 'the repository name is empty');
  for (const component of path.split('/')) {
    if (!COMPONENT.test(component)) {
      throw invalid(
        text,
        `"${component}" must be lowercase letters and digits, separated by . _ __ or -`,
      );
    }
  }
  if (domain === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  if (`${domain}/${path}`.length > 255)
    throw invalid(text, 'the name exceeds 255 characters');
  return { domain, path };
}

/** The host requests go to: Docker Hub's API lives on registry-1.docker.io. */
export function registryHost(ref: Reference): string {
  return ref.domain === DOCKER_HUB ? 'registry-1.docker.io' : ref.domain;
}

/** The repository name as docker prints it: `nginx`, `localhost:5000/xrun/busybox`. */
export function familiarName(ref: Reference): string {
  if (ref.domain !== DOCKER_HUB) return `${ref.domain}/${ref.path}`;
  return ref.path.startsWith('library/') ? ref.path.slice('library/'.length) : ref.path;
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
