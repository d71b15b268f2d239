import { readdirSync, readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import type { TlsFiles } from './http.js';

/** Where Docker keeps per-registry certificates: `<dir>/<host[:port]>/*.crt`. */
export const DOCKER_CERTS_DIR = '/etc/docker/certs.d';

/** The host name of `host[:port]`, without brackets around an IPv6 address. */
export function hostName(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1] ?? '';
  return host.replace(/:\d+$/, '').toLowerCase();
}

/**
 * Registries spoken to over plain HTTP: loopback (localhost, 127.0.0.0/8, ::1)
 * and those the daemon lists as insecure, by name (`host:port`) or by CIDR.
 */
export function isPlainHttp(host: string, insecure: string[] = []): boolean {
  const name = hostName(host);
  if (name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name)) {
    return true;
  }
  const lower = host.toLowerCase();
  if (insecure.some((entry) => entry.toLowerCase() === lower)) return true;
  return insecure.some((entry) => entry.includes('/') && inCidr(name, entry));
}

/** Whether an IP address lies in a CIDR block of the same family. */
function inCidr(address: string, cidr: string): boolean {
  const family = isIP(address);
  const [network = '', bits = ''] = cidr.split('/');
  if (family === 0 || isIP(network) !== family || !/^\d+$/.test(bits)) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  try {
    list.addSubnet(network, Number(bits), type);
  } catch {
    return false;
  }
  return list.check(address, type);
}

/** Docker's per-registry CA and client certificates, when the folder has any. */
export function tlsFilesFor(host: string, dir = DOCKER_CERTS_DIR): TlsFiles | undefined {
  const folder = path.join(dir, host);
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch {
    return undefined;
  }
  const read = (name: string) => readFileSync(path.join(folder, name), 'utf8');
  const files: TlsFiles = {};
  const ca = names.filter((n) => n.endsWith('.crt')).map(read);
  if (ca.length > 0) files.ca = ca;
  const cert = names.find((n) => n.endsWith('.cert'));
  const key = cert && names.find((n) => n === cert.replace(/\.cert$/, '.key'));
  if (cert && key) Object.assign(files, { cert: read(cert), key: read(key) });
  return files.ca || files.cert ? files : undefined;
}
