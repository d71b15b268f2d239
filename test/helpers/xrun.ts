import { fileURLToPath } from 'node:url';
import { execa, type Options } from 'execa';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const XRUN = `${ROOT}bin/xrun`;
export const REGISTRY = 'localhost:5000';
export const BUSYBOX = `${REGISTRY}/xrun/busybox`;

/** Runs the real bin/xrun with no terminal and returns code and output. */
export async function xrun(args: string[], options: Options = {}) {
  const result = await execa(process.execPath, [XRUN, ...args], {
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
    ...options,
  });
  return {
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
}

/** Removes images the tests pulled, so each run starts from the same state. */
export async function removeImages(pattern = BUSYBOX): Promise<void> {
  const { stdout } = await execa(
    'docker',
    ['images', '--digests', '--format', '{{.ID}} {{.Repository}}'],
    {
      reject: false,
    },
  );
  const ids = String(stdout)
    .split('\n')
    .filter((l) => l.includes(pattern))
    .map((l) => l.split(' ')[0] ?? '');
  if (ids.length > 0)
    await execa('docker', ['rmi', '-f', ...new Set(ids)], { reject: false });
}
