import os from 'node:os';
import { DaemonDown } from '../engine/docker.js';
import type { DaemonFacts, Engine } from '../engine/engine.js';
import { formatPlatform, normalize, samePlatform } from '../platform/platform.js';
import { plan as makePlan } from '../plan/plan.js';
import type { Facts, Option, Plan, PlatformRow } from '../plan/types.js';
import { parseReference, type Reference } from '../reference/reference.js';
import { clientOptions, type ClientOptions } from '../registry/client.js';
import { MEDIA } from '../registry/media.js';
import { imageSizes } from '../registry/sizes.js';
import { verifyEntry } from '../registry/verify.js';
import { askDaemon, gather, type DaemonAnswers } from '../resolve/gather.js';
import type { Io } from './io.js';

export interface InspectOptions {
  /** Also read each entry's compressed size (one more request per entry). */
  size?: boolean;
}

/** One platform of the image as inspect shows it. */
interface Entry {
  platform: string;
  /** The index entry's digest; null for a local copy the registry did not list. */
  digest: string | null;
  runnable: PlatformRow['runnable'];
  chosen: boolean;
  handler?: string;
  reason?: string;
  osVersion?: string;
  size?: number;
}

/** `xrun inspect IMAGE`: the image's platforms and what this host can do with each. */
export async function inspectCommand(
  image: string,
  json: boolean,
  engine: Engine,
  io: Io,
  options: InspectOptions = {},
): Promise<number> {
  const ref = parseReference(image);
  let answers: DaemonAnswers;
  try {
    answers = await askDaemon(engine, image);
  } catch (error) {
    // The registry alone can list the platforms, as for docker manifest inspect.
    if (!(error instanceof DaemonDown)) throw error;
    answers = { daemon: thisMachine(), local: Promise.resolve(undefined) };
    io.stderr(
      `xrun: note: the Docker daemon is not reachable (${error.reason}); showing what ` +
        `this machine (${formatPlatform(answers.daemon.platform)}) can do, without local images`,
    );
  }
  const { daemon, local } = answers;
  const { env, binfmtDir } = io;
  const facts = await gather({
    engine,
    daemon,
    image,
    ref,
    env,
    binfmtDir,
    alwaysRemote: true,
    local,
  });
  const plan = makePlan(facts);
  const registry = clientOptions(env, daemon.insecureRegistries);
  if (facts.remoteError)
    io.stderr(`xrun: note: showing the local copy only: ${facts.remoteError}`);

  await verifyPick(ref, facts, plan.options[0], registry);
  const digests = (facts.remote?.platforms ?? []).map((e) => e.digest);
  const sizes =
    options.size && facts.remote ? await imageSizes(ref, digests, registry) : undefined;
  const entries = entriesOf(facts, plan, sizes);

  const lines = json
    ? [JSON.stringify(summary(facts, plan, image, entries), null, 2)]
    : table(facts, plan, image, entries, Boolean(sizes));
  for (const line of lines) io.stdout(line);
  return 0;
}

/** This machine as the host, when no daemon can say: its CPU and its kernel. */
function thisMachine(): DaemonFacts {
  return {
    platform: normalize({ os: 'linux', architecture: os.machine() }),
    sharesKernel: true,
    desktop: false,
    insecureRegistries: [],
  };
}

/** The entry xrun would pull is checked against its config, as a run would. */
async function verifyPick(
  ref: Reference,
  facts: Facts,
  best: Option | undefined,
  options: ClientOptions,
) {
  if (!facts.remote || facts.remote.single || !best || best.kind === 'local') return;
  if (!best.digest) return;
  await verifyEntry(ref, { digest: best.digest, platform: best.platform }, options);
}

/** The plan's rows for index entries, with handler, size and the pick marked. */
function entriesOf(facts: Facts, plan: Plan, sizes?: Map<string, number>): Entry[] {
  const best = plan.options[0];
  const remote = facts.remote?.platforms ?? [];
  return plan.rows.flatMap((row) => {
    const source = remote.find((e) => e.digest === row.digest);
    // Without the registry's list, the local copy is the one row there is.
    const localOnly = !facts.remote && row.local;
    if (!localOnly && (!row.digest || !source)) return [];
    const entry: Entry = {
      platform: formatPlatform(row.platform),
      digest: source ? source.digest : null,
      runnable: row.runnable,
      chosen: best !== undefined && isPick(best, row),
    };
    const emulate = plan.options.find(
      (o) => o.kind === 'emulate' && samePlatform(o.platform, row.platform),
    );
    if (emulate?.kind === 'emulate') entry.handler = emulate.qemu;
    if (row.reason) entry.reason = row.reason;
    if (source?.osVersion) entry.osVersion = source.osVersion;
    const size = source && sizes?.get(source.digest);
    if (size !== undefined) entry.size = size;
    return [entry];
  });
}

/** Whether a row is the option xrun would take. */
function isPick(best: Option, row: PlatformRow): boolean {
  if (!samePlatform(best.platform, row.platform)) return false;
  return best.kind === 'local'
    ? row.local
    : best.digest === undefined || best.digest === row.digest;
}

/** The --json object. */
function summary(facts: Facts, plan: Plan, image: string, platforms: Entry[]) {
  return {
    reference: facts.remote?.reference ?? image,
    digest: facts.remote?.digest ?? null,
    mediaType: facts.remote?.mediaType ?? null,
    host: formatPlatform(plan.host),
    local: facts.local ? formatPlatform(facts.local) : null,
    platforms,
    ignored: plan.ignored,
    registryError: facts.remoteError ?? null,
  };
}

const KINDS: Record<string, string> = {
  [MEDIA.dockerList]: 'Docker manifest list',
  [MEDIA.ociIndex]: 'OCI image index',
  [MEDIA.dockerManifest]: 'Docker image manifest (one platform)',
  [MEDIA.ociManifest]: 'OCI image manifest (one platform)',
  [MEDIA.schema1]: 'schema 1 manifest (one platform)',
  [MEDIA.schema1Signed]: 'schema 1 manifest (one platform)',
};

/** The plain-text table: a heading, one line per platform, then the notes. */
function table(
  facts: Facts,
  plan: Plan,
  image: string,
  entries: Entry[],
  sized: boolean,
) {
  const remote = facts.remote;
  const local = facts.local ? `, local copy ${formatPlatform(facts.local)}` : '';
  const lines = [
    remote?.reference ?? image,
    remote
      ? `digest ${remote.digest}, ${KINDS[remote.mediaType] ?? 'manifest'}`
      : 'registry not reached: the local copy only',
    `host ${formatPlatform(plan.host)}${local}`,
    '',
    `  ${'PLATFORM'.padEnd(16)} DIGEST        ${sized ? 'SIZE       ' : ''}ON THIS HOST`,
  ];
  for (const e of entries) {
    const name = e.osVersion ? `${e.platform} ${e.osVersion}` : e.platform;
    const digest = e.digest
      ? e.digest.replace('sha256:', '').slice(0, 12)
      : 'local copy  ';
    const size = sized
      ? (e.size === undefined ? '-' : formatSize(e.size)).padEnd(11)
      : '';
    lines.push(`${e.chosen ? '*' : ' '} ${name.padEnd(16)} ${digest}  ${size}${can(e)}`);
  }
  const n = plan.ignored;
  if (n > 0) lines.push(`${n} attestation ${n === 1 ? 'entry' : 'entries'} ignored`);
  if (entries.some((e) => e.chosen)) lines.push('* the entry xrun would run');
  return lines;
}

/** What this host can do with an entry, in words. */
function can(e: Entry): string {
  const via = e.handler ? ` (${e.handler})` : '';
  if (e.runnable === 'emulated') return `emulated${via}`;
  if (e.runnable === 'needs-emulation') return `needs emulation${via}`;
  if (e.runnable === 'cannot-run') return `cannot run${e.reason ? `: ${e.reason}` : ''}`;
  return e.runnable;
}

/** A compressed size as people read it: `812 KiB`, `1.9 MiB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
