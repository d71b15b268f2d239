import type { IncomingHttpHeaders } from 'node:http';

/** Says when to try again, from Retry-After or Docker Hub's RateLimit headers. */
export function rateLimitHint(headers: IncomingHttpHeaders): string {
  const retry = String(headers['retry-after'] ?? '').trim();
  if (/^\d+$/.test(retry)) return `: try again in ${retry} s`;
  if (retry && !Number.isNaN(Date.parse(retry))) {
    return `: try again after ${new Date(retry).toISOString()}`;
  }
  const limit = /^(\d+);w=(\d+)/.exec(String(headers['ratelimit-limit'] ?? ''));
  if (limit) return `: the limit is ${limit[1]} pulls per ${limit[2]} s; try again later`;
  return ': try again later';
}
