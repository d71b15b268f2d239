// xrun's benchmark, started by scripts/bench.sh once everything is set up. Prints each
// figure with its goal, then a Markdown table; writes bench-results/*.json and the
// emulation slowdown factors xrun's prompt reads. Asserts nothing: exits 1 only when a
// figure could not be measured.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnose } from './diagnose.mjs';
import { decisionCost, platformLookup, runOverhead } from './figures-cli.mjs';
import { emulationSlowdown } from './figures-emulation.mjs';
import { peakMemory, terminalThroughput } from './figures-terminal.mjs';
import { machineFacts, machineLine } from './machine.mjs';
import { markdownTable, writeResults, writeSlowdown } from './output.mjs';
import { msSince } from './spawn.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const XRUN = path.join(ROOT, 'bin/xrun');
const QUICK = process.argv.includes('--quick');
const RUNS = QUICK
  ? { cli: 3, pty: 1, mem: 1, emu: 1 }
  : { cli: 30, pty: 4, mem: 2, emu: 4 };

// Each figure: id, title, and how to measure it (given the list of clean-ups to run).
const FIGURES = [
  {
    id: 'run-overhead',
    title: '1. Run overhead, native image already local',
    run: () => runOverhead(XRUN, RUNS.cli),
  },
  {
    id: 'decision-cost',
    title: '2. Decision cost: xrun --dry-run against node -e 0',
    run: () => decisionCost(XRUN, RUNS.cli),
  },
  {
    id: 'platform-lookup',
    title: '3. Platform look-up of a multi-platform image',
    run: () => platformLookup(XRUN, RUNS.cli),
  },
  {
    id: 'terminal-throughput',
    title: '4. Terminal throughput: 64 MiB under -t on a pty',
    run: () => terminalThroughput(XRUN, RUNS.pty),
  },
  {
    id: 'peak-memory',
    title: '5. Peak memory of the xrun process (VmHWM, all runs)',
    run: () => peakMemory(XRUN, RUNS.mem),
  },
  {
    id: 'emulation-slowdown',
    title: '6. Cost of emulation: a shell loop, native and emulated',
    run: (cleanups) => emulationSlowdown(XRUN, RUNS.emu, cleanups),
  },
];

// Prints lines indented under a figure's title.
const show = (lines) => lines.forEach((line) => console.log(`   ${line}`));

// Measures one figure and prints it; a failure becomes the figure's error, not the end.
async function measure({ id, title, run }, cleanups) {
  console.log(`\n${title}`);
  const start = process.hrtime.bigint();
  try {
    const figure = { id, title, ...(await run(cleanups)) };
    show(figure.lines);
    for (const row of figure.rows.filter((r) => r.goal && r.met !== null)) {
      show([`goal ${row.goal}: ${row.met ? 'met' : 'NOT met'} (${row.compare})`]);
    }
    if (figure.diagnose && figure.rows.some((r) => r.met === false)) {
      figure.diagnosis = await diagnose(XRUN, figure.diagnose);
      show(figure.diagnosis);
    }
    return { ...figure, seconds: msSince(start) / 1000 };
  } catch (error) {
    show([`could not be measured: ${error.message}`]);
    const row = {
      figure: title,
      xrun: 'failed',
      reference: '—',
      compare: '—',
      goal: '—',
    };
    return { id, title, error: error.message, rows: [{ ...row, met: false }] };
  }
}

// Runs the clean-ups pushed so far, last first, reporting (not throwing) failures.
async function undo(cleanups) {
  while (cleanups.length) {
    await Promise.resolve()
      .then(cleanups.pop())
      .catch((error) => console.error(`bench: clean-up failed: ${error.message}`));
  }
}

// Measures every figure, then writes and prints the results.
async function main() {
  process.chdir(ROOT);
  const start = process.hrtime.bigint();
  const cleanups = [];
  process.once('SIGINT', () => undo(cleanups).finally(() => process.exit(130)));
  const machine = await machineFacts();
  const measuredAt = new Date().toISOString();
  console.log(`xrun bench${QUICK ? ' (quick: too few runs for figures)' : ''}`);
  console.log(`machine: ${machineLine(machine)}`);

  const figures = [];
  try {
    for (const figure of FIGURES) figures.push(await measure(figure, cleanups));
  } finally {
    await undo(cleanups);
  }

  const rows = figures.flatMap((f) => f.rows);
  const table = markdownTable(rows, machineLine(machine));
  const factors = figures.find((f) => f.factors)?.factors;
  const results = { measuredAt, quick: QUICK, machine, runs: RUNS, figures, table };
  const files = writeResults(path.join(ROOT, 'bench-results'), results);
  if (factors && !QUICK) files.push(writeSlowdown(measuredAt, factors));

  const missed = rows.filter((r) => r.met === false).map((r) => r.figure);
  console.log(
    `\nMeasured in ${Math.round(msSince(start) / 1000)} s; wrote ${files.join(', ')}`,
  );
  console.log(`Goals missed: ${missed.length ? missed.join('; ') : 'none'}\n`);
  console.log(table);
  process.exitCode = figures.some((f) => f.error) ? 1 : 0;
}

await main();
