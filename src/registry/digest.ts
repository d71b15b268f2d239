import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import type { Reply } from './http.js';

const SHA256 = /^sha256:[a-f0-9]{64}$/;

/** The sha256 digest of raw bytes, as registries name content. */
export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * The digest of a reply's raw bytes, checked against the digest asked for or,
 * when a tag was asked for, against the Docker-Content-Digest the registry sent.
 * A signed schema 1 manifest is digested without its signatures, so its bytes
 * cannot be checked: the registry's word is taken.
 */
export function verifiedDigest(reply: Reply, expected?: string): string {
  const computed = sha256Digest(reply.body);
  const header = String(reply.headers['docker-content-digest'] ?? '').trim();
  const contentType = String(reply.headers['content-type'] ?? '');
  if (contentType.includes('manifest.v1+prettyjws')) {
    return expected ?? (SHA256.test(header) ? header : computed);
  }
  if (expected?.startsWith('sha256:') && computed !== expected) {
    throw new UserError(
      `registry ${hostOf(reply)} sent content for ${expected} whose digest is ${computed}: ` +
        'refusing it (the registry or a proxy is corrupting data)',
    );
  }
  if (!expected && SHA256.test(header) && computed !== header) {
    throw new UserError(
      `registry ${hostOf(reply)} sent content whose digest is ${computed}, ` +
        `not the ${header} it announced: ` +
        'refusing it (the registry or a proxy is corrupting data)',
    );
  }
  return expected ?? computed;
}

/** The registry host a reply came from, for messages. */
function hostOf(reply: Reply): string {
  try {
    return new URL(reply.url).host;
  } catch {
    return reply.url;
  }
}
