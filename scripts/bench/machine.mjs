// Facts about the machine and the code measured, stored beside the figures.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { tryCapture } from './spawn.mjs';

// The CPU model named in /proc/cpuinfo.
function cpuModel() {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  return /^model name\s*:\s*(.+)$/m.exec(info)?.[1].trim() ?? os.cpus()[0]?.model ?? '?';
}

// Machine, tool versions and the xrun commit (with whether src/ has local changes).
export async function machineFacts() {
  const docker = JSON.parse(
    (await tryCapture(['docker', 'version', '--format', '{{json .}}'])) ?? '{}',
  );
  const skopeo = await tryCapture(['skopeo', '--version']);
  const commit = await tryCapture(['git', 'rev-parse', '--short', 'HEAD']);
  const changes = await tryCapture(['git', 'status', '--porcelain', '--', 'src']);
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: os.release(),
    node: process.version,
    dockerClient: docker.Client?.Version ?? null,
    dockerServer: docker.Server?.Version ?? null,
    skopeo: skopeo?.replace(/^skopeo version /, '') ?? null,
    xrunCommit: commit ?? null,
    xrunSrcChanged: Boolean(changes),
  };
}

// One line naming the machine, for the table.
export function machineLine(m) {
  const src = m.xrunSrcChanged ? ' + uncommitted src/' : '';
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}, ` +
    `Node ${m.node}, docker ${m.dockerClient} / dockerd ${m.dockerServer}, ` +
    `xrun ${m.xrunCommit}${src}`
  );
}
