import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

/** A user name and secret for one registry, or an identity token. */
export interface Credentials {
  username: string;
  secret: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** The folder holding config.json: `DOCKER_CONFIG` or `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker');
}

/** The keys under which a registry's entry may be stored in config.json. */
export function configKeys(domain: string): string[] {
  if (domain === 'docker.io') {
    return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io'];
  }
  return [domain, `https://${domain}`, `http://${domain}`];
}

/** Finds credentials for a registry, as the docker CLI would; none is not an error. */
export async function findCredentials(
  domain: string,
  configDir: string,
): Promise<Credentials | undefined> {
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(path.join(configDir, 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const keys = configKeys(domain);
  const helper = keys.map((key) => config.credHelpers?.[key]).find(Boolean);
  if (helper) return fromHelper(helper, keys[0] ?? domain);

  for (const key of keys) {
    const entry = config.auths?.[key];
    const fromEntry = entry && fromAuthEntry(entry);
    if (fromEntry) return fromEntry;
  }
  if (config.credsStore) return fromHelper(config.credsStore, keys[0] ?? domain);
  return undefined;
}

function fromAuthEntry(entry: { auth?: string; username?: string; password?: string }) {
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0)
      return { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) {
    return { username: entry.username, secret: entry.password };
  }
  return undefined;
}

async function fromHelper(helper: string, serverUrl: string) {
  const result = await execa(`docker-credential-${helper}`, ['get'], {
    input: serverUrl,
    reject: false,
    timeout: 10_000,
  });
  if (result.exitCode !== 0) return undefined;
  try {
    const data = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
    if (!data.Username || !data.Secret) return undefined;
    return { username: data.Username, secret: data.Secret };
  } catch {
    return undefined;
  }
}
