import type { IncomingHttpHeaders } from 'node:http';

/** An HTTP date as RFC 9110 writes it: `Wed, 21 Oct 2015 07:28:00 GMT`. */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** Docker Hub's `RateLimit-Limit: 100;w=21600`. */
const LIMIT = /^(\d+);\s*w=(\d+)$/;

/**
 * Says when to try again, from Retry-After (seconds or an HTTP date), the
 * RateLimit-Reset seconds, or the window of Docker Hub's RateLimit-Limit.
 * A header that does not read exactly so is taken as unknown.
 */
export function rateLimitHint(headers: IncomingHttpHeaders): string {
  const retry = header(headers, 'retry-after');
  if (/^\d+$/.test(retry)) return `: try again in ${Number(retry)} s`;
  if (HTTP_DATE.test(retry) && !Number.isNaN(Date.parse(retry))) {
    return `: try again after ${new Date(retry).toISOString()}`;
  }
  const reset = header(headers, 'ratelimit-reset');
  if (/^\d+$/.test(reset)) return `: the limit resets in ${Number(reset)} s`;
  const limit = LIMIT.exec(header(headers, 'ratelimit-limit'));
  if (limit) return `: the limit is ${limit[1]} pulls per ${limit[2]} s; try again later`;
  return ': try again later';
}

/** A header as one trimmed string (the first value when repeated). */
function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return String(Array.isArray(value) ? value[0] : (value ?? '')).trim();
}
