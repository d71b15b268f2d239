import { UserError } from '../errors.js';

/** A transport failure, worded for the user: `registry HOST what happened`. */
export class NetError extends UserError {
  constructor(host: string, what: string, cause?: unknown) {
    super(`registry ${host} ${what}`, 125, { cause });
  }
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'refused the connection: is it running and is the address right?',
  ECONNRESET: 'reset the connection',
  EPIPE: 'closed the connection while xrun was sending',
  ENOTFOUND: 'could not be found (DNS): check the registry name',
  EAI_AGAIN: 'could not be looked up (DNS): check the network',
  EHOSTUNREACH: 'is unreachable: check the network',
  ENETUNREACH: 'is unreachable: check the network',
  ETIMEDOUT: 'did not answer in time',
};

/** Certificate problems: the server speaks TLS, but this machine does not trust it. */
const UNTRUSTED = [
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
];

/** What a Node socket error code means for a registry, as the end of one line. */
export function describeNetError(code: string, message: string): string {
  const reason = REASONS[code];
  if (reason) return reason;
  if (UNTRUSTED.includes(code)) {
    return (
      `presented a certificate this machine does not trust (${code}): put its CA in ` +
      '/etc/docker/certs.d/HOST/ca.crt or list it in the daemon\'s "insecure-registries"'
    );
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') {
    return (
      `failed the TLS handshake (${code}): if it serves plain HTTP, list it in ` +
      'the daemon\'s "insecure-registries"'
    );
  }
  return `failed: ${message.split('\n')[0] ?? message}`;
}

/** Any error of a request as a one-line NetError (user errors pass through). */
export function asNetError(host: string, error: unknown): UserError {
  if (error instanceof UserError) return error;
  const code = String((error as NodeJS.ErrnoException).code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  return new NetError(host, describeNetError(code, message), error);
}

/** A byte count as people read limits: `4 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}
