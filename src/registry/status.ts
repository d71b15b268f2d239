import http from 'node:http';
import { UserError } from '../errors.js';
import type { Reply } from './http.js';
import { rateLimitHint } from './ratelimit.js';

/** Which registry, repository and object a reply answers, for its error line. */
export interface Asked {
  host: string;
  domain: string;
  repository: string;
  kind: 'manifest' | 'blob';
  /** The tag or digest asked for. */
  ref: string;
  /** After a 404 on a tag: what the tag list said about the repository. */
  repositoryExists?: boolean | undefined;
}

/** Throws the one-line error of a reply that is not a success. */
export function checkReply(reply: Reply, asked: Asked): void {
  const { status } = reply;
  if (status >= 200 && status < 300) return;
  const { host, domain, repository } = asked;
  const name = `${domain}/${repository}`;
  if (status === 404) throw notFound(reply, asked, name);
  if (status === 403) {
    throw new UserError(
      `registry ${host} denied access to ${repository} (403): ` +
        `check your permissions or run "docker login ${domain}"`,
    );
  }
  if (status === 429) {
    throw new UserError(
      `registry ${host} is rate limiting requests (429)${rateLimitHint(reply.headers)}`,
    );
  }
  const text = http.STATUS_CODES[status];
  const said = text ? `${status} ${text}` : String(status);
  if (status >= 500) {
    throw new UserError(`registry ${host} failed with ${said}: try again later`);
  }
  throw new UserError(
    `registry ${host} answered ${said} for ${asked.kind} "${asked.ref}"`,
  );
}

/** A 404 says whether the repository or the tag is missing when the body tells. */
function notFound(reply: Reply, asked: Asked, name: string): UserError {
  const codes = errorCodes(reply.body);
  if (codes.includes('NAME_UNKNOWN') || asked.repositoryExists === false) {
    return new UserError(`no such repository: ${name} (check the name)`);
  }
  if (asked.kind === 'blob') {
    return new UserError(`registry ${asked.host} has no blob ${asked.ref} in ${name}`);
  }
  if (asked.repositoryExists && asked.ref.includes(':')) {
    return new UserError(
      `no such manifest: ${name} has no ${asked.ref} (check the digest)`,
    );
  }
  if (asked.repositoryExists) {
    return new UserError(
      `no such tag: ${name} has no tag "${asked.ref}" (check the tag)`,
    );
  }
  return new UserError(
    `no such image: ${name} has no manifest "${asked.ref}" (check the name and tag)`,
  );
}

/** The `errors[].code` values of a distribution API error body. */
export function errorCodes(body: Buffer): string[] {
  try {
    const doc = JSON.parse(body.toString('utf8')) as { errors?: { code?: unknown }[] };
    return (doc.errors ?? []).map((e) => String(e?.code ?? ''));
  } catch {
    return [];
  }
}
