// Figures 4 and 5: output through a terminal, and xrun's peak memory.
import { IMAGE, MULTI } from './figures-cli.mjs';
import { gnuTimeKiB, peakOfRun } from './proc.mjs';
import { alternate, keepLocal } from './spawn.mjs';
import { brief, describe, fixed, summarize } from './stats.mjs';
import { ptyRunOk } from './terminal.mjs';

const MiB = 2 ** 20;
const STREAM_BYTES = 64 * MiB;
const STREAM = ['sh', '-c', "dd if=/dev/zero bs=1M count=64 2>/dev/null | tr '\\0' x"];

// One pty run of the 64 MiB stream, kept without its last output.
async function streamed(argv) {
  const { tail: _, ...result } = await ptyRunOk(argv, STREAM_BYTES);
  return { ...result, mibPerS: result.bytes / MiB / (result.ms / 1000) };
}

// 4. 64 MiB written by a container under -t, read from a pty, through xrun and docker.
export async function terminalThroughput(xrun, runs) {
  const commands = [
    [xrun, '-t', '--rm', IMAGE, ...STREAM],
    ['docker', 'run', '-t', '--rm', IMAGE, ...STREAM],
  ];
  const measured = await alternate(commands, runs, streamed, () => keepLocal(IMAGE));
  const [sx, sd] = measured.map((list) => summarize(list.map((r) => r.mibPerS)));
  const [cx, cd] = measured.map((list) => summarize(list.map((r) => r.cpuMs)).median);
  const ratio = sx.median / sd.median;
  return {
    runs,
    lines: [
      `xrun    ${describe(sx, 'MiB/s')}`,
      `docker  ${describe(sd, 'MiB/s')}  → ${fixed(ratio, 2)}×`,
      `CPU time of the process on the pty (median, without its children): ` +
        `xrun ${fixed(cx, 0)} ms, docker CLI ${fixed(cd, 0)} ms`,
    ],
    rows: [
      {
        figure: '4. Terminal throughput (-t, 64 MiB)',
        xrun: brief(sx, 'MiB/s', 1),
        reference: `docker run -t: ${brief(sd, 'MiB/s', 1)}`,
        compare: `${fixed(ratio, 2)}×`,
        value: ratio,
        goal: 'ratio ≥ 0.80',
        met: ratio >= 0.8,
      },
    ],
    samples: { xrun: measured[0], docker: measured[1] },
  };
}

// 5. Peak resident memory (VmHWM) of the xrun process in a plain run, an inspect and a
// -t run streaming 64 MiB; GNU time's %M (xrun plus the docker CLI it waits for) beside.
export async function peakMemory(xrun, runs) {
  const kib = { run: [], inspect: [], tty: [], gnuTime: [] };
  for (let i = 0; i < runs; i++) {
    await keepLocal(IMAGE);
    kib.run.push(await peakOfRun([xrun, '--rm', IMAGE, 'true']));
    kib.inspect.push(await peakOfRun([xrun, 'inspect', MULTI]));
    kib.tty.push((await streamed([xrun, '-t', '--rm', IMAGE, ...STREAM])).peakKiB);
    kib.gnuTime.push(await gnuTimeKiB([xrun, '--rm', IMAGE, 'true']));
  }
  const mib = (list) => Math.max(...list) / 1024;
  const peak = Math.max(mib(kib.run), mib(kib.inspect), mib(kib.tty));
  const parts =
    `run ${fixed(mib(kib.run))}, inspect ${fixed(mib(kib.inspect))}, ` +
    `-t 64 MiB ${fixed(mib(kib.tty))}`;
  const gnu = summarize(kib.gnuTime.map((k) => k / 1024));
  return {
    runs,
    lines: [
      `xrun    ${fixed(peak)} MiB (highest of: ${parts} MiB)`,
      `GNU time %M of a plain run (xrun or a child it waited for): ${describe(gnu, 'MiB')}`,
    ],
    rows: [
      {
        figure: '5. Peak memory of xrun (max RSS)',
        xrun: `${fixed(peak)} MiB`,
        reference: `— (${parts} MiB)`,
        compare: '—',
        value: peak,
        goal: '< 80 MiB',
        met: peak < 80,
      },
    ],
    samples: kib,
  };
}
