// Figure 6: what emulation itself costs, as a slowdown factor per architecture.
import { addHandlers, pullMissing, removeHandlers, removeImages } from './emulation.mjs';
import { IMAGE } from './figures-cli.mjs';
import { alternate, keepLocal, quietRun } from './spawn.mjs';
import { describe, fixed, summarize } from './stats.mjs';

const LOOP = ['sh', '-c', 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done'];
const RUN = ['docker', 'run', '--rm', '--platform'];
const NATIVE = { platform: 'linux/amd64', image: IMAGE };
const FOREIGN = [
  { platform: 'linux/s390x', image: 'localhost:5000/xrun/busybox:s390x' },
  { platform: 'linux/arm64', image: 'localhost:5000/xrun/busybox:arm64' },
];

// docker run of a command in one architecture's image.
const dockerRun = (arch, command) => [...RUN, arch.platform, arch.image, ...command];

// 6. The same shell loop native and emulated. Each architecture also runs `true`, whose
// time (container start, emulator start) is taken off, so the factor is the loop's own.
// Handlers and images it adds are undone by the functions it pushes on `cleanups`.
export async function emulationSlowdown(xrun, runs, cleanups) {
  const pulled = await pullMissing(FOREIGN);
  cleanups.push(() => removeImages(pulled));
  const platforms = FOREIGN.map((a) => a.platform);
  const added = await addHandlers(xrun, platforms);
  cleanups.push(() => removeHandlers(xrun, added));

  const arches = [NATIVE, ...FOREIGN];
  const commands = arches.flatMap((a) => [dockerRun(a, LOOP), dockerRun(a, ['true'])]);
  const before = () => keepLocal(IMAGE);
  const redone = [];
  const times = await alternate(commands, runs, quietRun(before, redone), before);
  const per = arches.map((a, i) => {
    const loop = summarize(times[2 * i]);
    const start = summarize(times[2 * i + 1]);
    return { platform: a.platform, loop, start, net: loop.median - start.median };
  });

  const [native, ...emulated] = per;
  const lines = per.map(
    (p) =>
      `${p.platform}  loop ${describe(p.loop)}, start alone ${fixed(p.start.median)} ms` +
      ` → loop itself ${fixed(p.net)} ms`,
  );
  const factors = {};
  const rows = emulated.map((p) => {
    const factor = p.net / native.net;
    factors[p.platform] = Math.round(factor * 10) / 10;
    lines.push(
      `${p.platform}  ${fixed(factor)}× native (whole runs: ` +
        `${fixed(p.loop.median / native.loop.median)}×)`,
    );
    return {
      figure: `6. Emulation slowdown, ${p.platform}`,
      xrun: `emulated loop: ${fixed(p.net)} ms`,
      reference: `native loop: ${fixed(native.net)} ms`,
      compare: `${fixed(factor)}×`,
      value: factor,
      goal: '— (for the prompt)',
      met: null,
    };
  });
  const names = added.map((a) => a.name).join(', ');
  const handlers = names ? `registered ${names} for the bench` : 'none added';
  lines.push(
    `binfmt handlers: ${handlers}; images pulled: ${pulled.join(', ') || 'none'}`,
  );
  const samples = Object.fromEntries(
    arches.map((a, i) => [a.platform, { loop: times[2 * i], start: times[2 * i + 1] }]),
  );
  if (redone.length) lines.push(`measured again: ${redone.length} (${redone[0]})`);
  return { runs, lines, rows, samples, redone, factors };
}
