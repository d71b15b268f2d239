// Where an xrun command's time goes: Node start-up, and the engine commands it logs.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { alternate, msSince, timedOk } from './spawn.mjs';
import { fixed, summarize } from './stats.mjs';

// Engine commands that only read, so the bench may run them again on their own.
const READ_ONLY =
  /^docker (info|version|images|inspect|image inspect|manifest inspect)\b/;
const SOCKET_GET = /^GET unix:\/\/(.+?\.sock)(\/.*)$/;
const HTTP_GET = /^GET (http:\/\/\S+)$/;

// Runs argv with XRUN_DEBUG=1; resolves to its debug lines, each with the ms it came at.
function debugTimeline([program, ...args]) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, XRUN_DEBUG: '1' };
    const start = process.hrtime.bigint();
    const child = spawn(program, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const events = [];
    let partial = '';
    child.stderr.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const text of lines) events.push({ at: msSince(start), text });
    });
    child.on('error', reject);
    child.on('exit', () => resolve([...events, { at: msSince(start), text: '(exit)' }]));
  });
}

// The argv of a logged engine command, keeping Go templates such as {{json .}} whole.
const words = (command) => command.match(/\{\{.*?\}\}|\S+/g) ?? [];

// One GET (over a unix socket or plain HTTP) read to the end; resolves to its ms.
function timedGet(options) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const request = http.get({ ...options, agent: false }, (response) => {
      response.resume().on('end', () => resolve(msSince(start)));
    });
    request.on('error', reject);
  });
}

// How to repeat a logged step alone, or undefined when it may change something.
function repeatable(step) {
  if (READ_ONLY.test(step)) return () => timedOk(words(step));
  const socket = SOCKET_GET.exec(step);
  if (socket) return () => timedGet({ socketPath: socket[1], path: socket[2] });
  const url = HTTP_GET.exec(step)?.[1];
  if (!url) return undefined;
  const { hostname, port, pathname, search } = new URL(url);
  return () => timedGet({ hostname, port, path: pathname + search });
}

// Median ms of a logged step run alone (after one warm-up), as text; '' if not repeatable.
async function alone(step, runs) {
  const once = repeatable(step);
  if (!once) return '';
  const times = [];
  for (let i = 0; i <= runs; i++) times.push(await once());
  return `  (alone: ${fixed(summarize(times.slice(1)).median)} ms)`;
}

// Lines explaining where the time of argv goes (start-up, then each logged step).
export async function diagnose(xrun, argv, runs = 5) {
  const [version, bare] = await alternate(
    [
      [xrun, '--version'],
      [process.execPath, '-e', '0'],
    ],
    runs,
  );
  const lines = [
    `start-up: xrun --version ${fixed(summarize(version).median)} ms, ` +
      `node -e 0 ${fixed(summarize(bare).median)} ms`,
  ];
  await debugTimeline(argv);
  const events = await debugTimeline(argv);
  lines.push(`one run with XRUN_DEBUG=1 (ms since start, ms until the next line):`);
  for (const [i, event] of events.entries()) {
    const next = events[i + 1];
    const gap = next ? `+${fixed(next.at - event.at)}` : '';
    const solo = await alone(event.text.replace(/^xrun \w+: /, ''), runs);
    lines.push(`${fixed(event.at).padStart(7)} ${gap.padStart(7)}  ${event.text}${solo}`);
  }
  return lines;
}
