import os from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { daemonFacts } from '../../src/engine/docker-info.js';
import { formatPlatform, normalize } from '../../src/platform/platform.js';
import { throwsUserError } from '../helpers/assert.js';

/** `docker info --format '{{json .}}'` of a daemon on this machine (fields xrun reads). */
function localInfo(more: Record<string, unknown> = {}) {
  return {
    OSType: 'linux',
    Architecture: 'x86_64',
    KernelVersion: os.release(),
    Name: os.hostname(),
    OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    RegistryConfig: {
      IndexConfigs: {
        'docker.io': { Mirrors: [], Name: 'docker.io', Official: true, Secure: true },
      },
      InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
      Mirrors: [],
    },
    ...more,
  };
}

const platformOf = (info: object, env: NodeJS.ProcessEnv = {}) =>
  formatPlatform(daemonFacts(info, env).platform);

test('a local Debian daemon on x86_64 is linux/amd64 and shares our kernel', () => {
  assert.equal(daemonFacts(localInfo(), {}), {
    platform: { os: 'linux', architecture: 'amd64' },
    sharesKernel: true,
    desktop: false,
    insecureRegistries: ['::1/128', '127.0.0.0/8'],
  });
});

test('an aarch64 daemon is linux/arm64', () => {
  assert.is(platformOf(localInfo({ Architecture: 'aarch64' })), 'linux/arm64');
});

test('B02: an armv6l daemon is linux/arm/v6', () => {
  assert.is(platformOf(localInfo({ Architecture: 'armv6l' })), 'linux/arm/v6');
});

test('B15: an armv7l daemon is linux/arm/v7', () => {
  assert.is(platformOf(localInfo({ Architecture: 'armv7l' })), 'linux/arm/v7');
});

test('B05: an s390x daemon is linux/s390x', () => {
  assert.is(platformOf(localInfo({ Architecture: 's390x' })), 'linux/s390x');
});

test('B05: a local daemon reporting no known architecture is read from our own uname', () => {
  const ours = formatPlatform(normalize({ os: 'linux', architecture: os.machine() }));
  assert.is(platformOf(localInfo({ Architecture: 'unknown' })), ours);
  assert.is(platformOf(localInfo({ Architecture: '' })), ours);
  assert.is.not(ours, 'linux/unknown');
});

test('a daemon elsewhere that names no architecture is refused; fields of other types are absent', () => {
  const remote = { DOCKER_HOST: 'tcp://10.0.0.5:2376' };
  for (const info of [
    localInfo({ Architecture: '' }),
    localInfo({ Architecture: 42 }),
    [1],
  ]) {
    throwsUserError(
      () => daemonFacts(info, remote),
      /^the Docker daemon's answer to \/info does not say its architecture/,
    );
  }
  const odd = localInfo({ OSType: 7, OperatingSystem: {}, RegistryConfig: 'x' });
  assert.equal(daemonFacts(odd, {}), {
    platform: { os: 'linux', architecture: 'amd64' },
    sharesKernel: true,
    desktop: false,
    insecureRegistries: [],
  });
});

test('a Windows daemon keeps its os', () => {
  assert.is(platformOf(localInfo({ OSType: 'windows' })), 'windows/amd64');
});

test('B30: Docker Desktop on Apple silicon is a desktop arm64 daemon in a VM', () => {
  const info = localInfo({
    Architecture: 'aarch64',
    OperatingSystem: 'Docker Desktop',
    KernelVersion: '6.10.14-linuxkit',
    Name: 'docker-desktop',
  });
  const facts = daemonFacts(info, {});
  assert.is(formatPlatform(facts.platform), 'linux/arm64');
  assert.is(facts.desktop, true);
  assert.is(facts.sharesKernel, false);
});

test('DOCKER_HOST over tcp or ssh never shares our kernel, even with the same names', () => {
  for (const host of [
    'tcp://10.0.0.5:2376',
    'ssh://builder@arm-box',
    'https://d.example:2376',
  ]) {
    assert.is(daemonFacts(localInfo(), { DOCKER_HOST: host }).sharesKernel, false, host);
  }
});

test('DOCKER_HOST on a local unix socket still shares our kernel', () => {
  const env = { DOCKER_HOST: 'unix:///var/run/docker.sock' };
  assert.is(daemonFacts(localInfo(), env).sharesKernel, true);
});

test('a daemon with another kernel release does not share our kernel', () => {
  const info = localInfo({ KernelVersion: `${os.release()}-other` });
  assert.is(daemonFacts(info, {}).sharesKernel, false);
});

test('registries marked Secure:false and the insecure CIDR ranges are insecure, Docker Hub is not', () => {
  const info = localInfo({
    RegistryConfig: {
      IndexConfigs: {
        'docker.io': { Name: 'docker.io', Official: true, Secure: true },
        'myreg.example:5000': {
          Name: 'myreg.example:5000',
          Official: false,
          Secure: false,
        },
        '10.0.0.5:5000': { Name: '10.0.0.5:5000', Official: false, Secure: false },
      },
      InsecureRegistryCIDRs: ['10.0.0.0/8', '127.0.0.0/8'],
    },
  });
  assert.equal(daemonFacts(info, {}).insecureRegistries, [
    'myreg.example:5000',
    '10.0.0.5:5000',
    '10.0.0.0/8',
    '127.0.0.0/8',
  ]);
});

test('a daemon without registry configuration has no insecure registries', () => {
  const info = { OSType: 'linux', Architecture: 'x86_64' };
  assert.equal(daemonFacts(info, {}).insecureRegistries, []);
});

test.run();
