// Figures 1 to 3: xrun's command line next to the docker commands it stands for.
import { alternate, keepLocal, quietRun } from './spawn.mjs';
import { brief, describe, fixed, summarize } from './stats.mjs';

export const IMAGE = 'localhost:5000/xrun/busybox:amd64';
export const MULTI = 'localhost:5000/xrun/busybox:multi';

// Compares medians as xrun/reference; met when at most `limit` (null: no goal).
const ratioAtMost = (limit) => (x, r) => {
  const value = x.median / r.median;
  return {
    value,
    text: `${fixed(value, 2)}×`,
    met: limit === null ? null : value <= limit,
  };
};

// Compares medians as xrun − reference in ms; met when under `limit`.
const differenceUnder = (limit) => (x, r) => {
  const value = x.median - r.median;
  return {
    value,
    text: `${value < 0 ? '' : '+'}${fixed(value, 1)} ms`,
    met: value < limit,
  };
};

// The least ratio any Node program could reach here: `ratio` of the medians by
// command name, with node's own start counted in; reported, not a goal.
const floor = (ratio) => (_x, _r, byName) => {
  const value = ratio(byName);
  return { value, text: `floor ${fixed(value, 2)}×`, met: null };
};

// `node -e 0` timed with the others, for the floor of a Node front-end.
const nodeStart = (ratio) => ({
  name: 'node -e 0',
  argv: [process.execPath, '-e', '0'],
  compare: floor(ratio),
  goal: '— (floor for Node)',
});

// Times xrun against reference commands, alternated run by run, with the native image
// kept local; one table row per reference.
async function versus({ short, xrun, refs, runs }) {
  const before = () => keepLocal(IMAGE);
  const redone = [];
  const commands = [xrun, ...refs.map((r) => r.argv)];
  const times = await alternate(commands, runs, quietRun(before, redone), before);
  const [sx, ...sr] = times.map(summarize);
  const width = Math.max(4, ...refs.map((r) => r.name.length));
  const lines = [`${'xrun'.padEnd(width)}  ${describe(sx)}`];
  const byName = Object.fromEntries(refs.map((r, i) => [r.name, sr[i]]));
  const rows = refs.map((ref, i) => {
    const c = ref.compare(sx, sr[i], byName);
    lines.push(`${ref.name.padEnd(width)}  ${describe(sr[i])}  → ${c.text}`);
    return {
      figure: short,
      xrun: brief(sx),
      reference: `${ref.name}: ${brief(sr[i])}`,
      compare: c.text,
      value: c.value,
      goal: ref.goal,
      met: c.met,
    };
  });
  const samples = {
    xrun: times[0],
    ...Object.fromEntries(refs.map((r, i) => [r.name, times[i + 1]])),
  };
  if (redone.length) lines.push(`measured again: ${redone.length} (${redone[0]})`);
  return { runs, rows, lines, samples, redone, diagnose: xrun };
}

// 1. A run of a native image that is already local, against docker run.
export const runOverhead = (xrun, runs) =>
  versus({
    short: '1. Run overhead (native, local)',
    xrun: [xrun, '--rm', IMAGE, 'true'],
    refs: [
      {
        name: 'docker run',
        argv: ['docker', 'run', '--rm', IMAGE, 'true'],
        compare: ratioAtMost(1.1),
        goal: 'ratio ≤ 1.10',
      },
      // Node starting, then docker run: xrun with no work at all.
      nodeStart(
        (s) => (s['docker run'].median + s['node -e 0'].median) / s['docker run'].median,
      ),
    ],
    runs,
  });

// 2. Deciding without running (--dry-run), against starting node and doing nothing.
export const decisionCost = (xrun, runs) =>
  versus({
    short: '2. Decision cost (--dry-run)',
    xrun: [xrun, '--dry-run', IMAGE],
    refs: [
      {
        name: 'node -e 0',
        argv: [process.execPath, '-e', '0'],
        compare: differenceUnder(40),
        goal: '< 40 ms over node',
      },
    ],
    runs,
  });

// 3. Reading an image's platforms from the registry, against docker and skopeo.
export const platformLookup = (xrun, runs) =>
  versus({
    short: '3. Platform look-up (inspect)',
    xrun: [xrun, 'inspect', MULTI],
    refs: [
      {
        name: 'docker manifest inspect',
        argv: ['docker', 'manifest', 'inspect', '--insecure', MULTI],
        compare: ratioAtMost(1),
        goal: 'ratio ≤ 1.00',
      },
      {
        name: 'skopeo inspect --raw',
        argv: ['skopeo', 'inspect', '--raw', '--tls-verify=false', `docker://${MULTI}`],
        compare: ratioAtMost(null),
        goal: '— (for scale)',
      },
      // Node starting and doing nothing, against docker's whole look-up.
      nodeStart((s) => s['node -e 0'].median / s['docker manifest inspect'].median),
    ],
    runs,
  });
