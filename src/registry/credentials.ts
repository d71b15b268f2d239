import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { log } from '../log.js';

/** A user name and secret for one registry; the secret may be an identity token. */
export interface Credentials {
  username: string;
  secret: string;
  /** The secret is an OAuth refresh token (`identitytoken`), not a password. */
  identityToken?: boolean;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

const HUB_SERVER = 'https://index.docker.io/v1/';
const HUB_HOSTS = ['index.docker.io', 'docker.io', 'registry-1.docker.io'];
const found = new Map<string, Promise<Credentials | undefined>>();

/** The folder holding config.json: `DOCKER_CONFIG` or `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

/** A config key as a host name, as the docker CLI compares them. */
export function keyHost(key: string): string {
  return key.replace(/^https?:\/\//, '').split('/')[0] ?? '';
}

/** Whether a config.json key (`https://index.docker.io/v1/`, `ghcr.io`) names a registry. */
export function keyMatches(key: string, domain: string): boolean {
  const host = keyHost(key).toLowerCase();
  if (domain === 'docker.io') return HUB_HOSTS.includes(host);
  return host === domain.toLowerCase();
}

/** Credentials for a registry as the docker CLI finds them, read once per run. */
export function findCredentials(
  domain: string,
  configDir: string,
): Promise<Credentials | undefined> {
  const key = `${configDir}\n${domain}`;
  let result = found.get(key);
  if (!result) {
    result = lookUp(domain, configDir);
    found.set(key, result);
  }
  return result;
}

/** credHelpers first, then credsStore, then the entries of `auths`. */
async function lookUp(domain: string, configDir: string) {
  const file = path.join(configDir, 'config.json');
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(file, 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
  const server = domain === 'docker.io' ? HUB_SERVER : domain;
  const helpers = Object.entries(config.credHelpers ?? {});
  const helper = helpers.find(([key]) => keyMatches(key, domain))?.[1];
  if (helper) return fromHelper(helper, server);

  if (config.credsStore) {
    const stored = await fromHelper(config.credsStore, server);
    if (stored) return stored;
  }
  const auths = Object.entries(config.auths ?? {});
  const exact = auths.find(([key]) => key === server);
  const entry = exact ?? auths.find(([key]) => keyMatches(key, domain));
  return entry && fromAuthEntry(entry[1]);
}

/** An `auths` entry: base64 `user:password`, separate fields, or an identity token. */
export function fromAuthEntry(entry: AuthEntry): Credentials | undefined {
  let username = entry.username ?? '';
  let password = entry.password ?? '';
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
  }
  if (entry.identitytoken) {
    return { username, secret: entry.identitytoken, identityToken: true };
  }
  return username && password ? { username, secret: password } : undefined;
}

/** Asks `docker-credential-NAME get`; a missing program or entry means none. */
async function fromHelper(name: string, server: string) {
  const program = `docker-credential-${name}`;
  const { execa } = await import('execa');
  const result = await execa(program, ['get'], {
    input: server,
    reject: false,
    timeout: 10_000,
  });
  if (result.exitCode !== 0) {
    log('registry', `${program} has no credentials for ${server}`);
    return undefined;
  }
  try {
    const data = JSON.parse(String(result.stdout)) as {
      Username?: string;
      Secret?: string;
    };
    if (!data.Username || !data.Secret) return undefined;
    if (data.Username === '<token>') {
      return { username: '', secret: data.Secret, identityToken: true };
    }
    return { username: data.Username, secret: data.Secret };
  } catch {
    log('registry', `${program} answered something that is not JSON`);
    return undefined;
  }
}
