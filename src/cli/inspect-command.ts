import type { Engine } from '../engine/engine.js';
import { formatPlatform } from '../platform/platform.js';
import { plan as makePlan } from '../plan/plan.js';
import { samePlatform } from '../platform/platform.js';
import { parseReference } from '../reference/reference.js';
import { gather } from '../resolve/gather.js';
import type { Io } from './io.js';

/** `xrun inspect IMAGE`: the image's platforms and what this host can do with each. */
export async function inspectCommand(
  image: string,
  json: boolean,
  engine: Engine,
  io: Io,
) {
  const ref = parseReference(image);
  const daemon = await engine.daemon();
  const facts = await gather({
    engine,
    daemon,
    image,
    ref,
    env: io.env,
    binfmtDir: io.binfmtDir,
    alwaysRemote: true,
  });
  const plan = makePlan(facts);
  const best = plan.options[0];
  const isBest = (p: (typeof plan.rows)[number]) =>
    best !== undefined &&
    samePlatform(best.platform, p.platform) &&
    (!p.digest || !('digest' in best) || best.digest === p.digest);

  if (json) {
    io.stdout(
      JSON.stringify(
        {
          reference: facts.remote?.reference ?? image,
          digest: facts.remote?.digest ?? null,
          mediaType: facts.remote?.mediaType ?? null,
          host: formatPlatform(plan.host),
          local: facts.local ? formatPlatform(facts.local) : null,
          platforms: plan.rows
            .filter((r) => r.digest)
            .map((r) => ({
              platform: formatPlatform(r.platform),
              digest: r.digest,
              runnable: r.runnable,
              ...(r.reason ? { reason: r.reason } : {}),
              chosen: isBest(r),
            })),
          ignored: plan.ignored,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  io.stdout(`${facts.remote?.reference ?? image}  ${facts.remote?.digest ?? ''}`);
  io.stdout(
    `host ${formatPlatform(plan.host)}` +
      (facts.local ? `, local copy ${formatPlatform(facts.local)}` : ''),
  );
  for (const row of plan.rows.filter((r) => r.digest)) {
    const mark = isBest(row) ? '*' : ' ';
    const digest = (row.digest ?? '').replace('sha256:', '').slice(0, 12);
    const reason = row.reason ? `  (${row.reason})` : '';
    io.stdout(
      `${mark} ${formatPlatform(row.platform).padEnd(16)} ${digest}  ${row.runnable}${reason}`,
    );
  }
  if (plan.ignored > 0) io.stdout(`${plan.ignored} non-image entries ignored`);
  return 0;
}
