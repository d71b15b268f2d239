import { BINFMT_DIR, readTable } from '../emulation/binfmt.js';
import { handlerStatus } from '../emulation/handlers.js';
import { loadProfiles } from '../emulation/profiles.js';
import { runsNatively } from '../platform/compat.js';
import { formatPlatform, type Platform } from '../platform/platform.js';
import type { Io } from './io.js';

/** `xrun emulators`: each platform's state on this host. */
export async function emulatorsCommand(host: Platform, json: boolean, io: Io) {
  const table = await readTable(io.binfmtDir ?? BINFMT_DIR);
  const rows = loadProfiles().map((profile) => {
    const platform = profile.platforms[0] ?? {
      os: 'linux',
      architecture: profile.architecture,
    };
    if (runsNatively(host, platform)) {
      return {
        platform: formatPlatform(platform),
        status: 'native',
        handler: null,
        problems: [],
      };
    }
    const status = handlerStatus(profile, table);
    const handler = status.state === 'missing' ? null : status.entry.name;
    const problems = status.state === 'broken' ? [status.problem] : [];
    return {
      platform: formatPlatform(platform),
      status: status.state,
      handler,
      problems,
    };
  });
  if (json) {
    io.stdout(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (table.state === 'missing')
    io.stdout('binfmt_misc is not mounted: "xrun emulate" mounts it');
  for (const row of rows) {
    const extra = row.handler ? ` ${row.handler}` : '';
    const problems = row.problems.length ? ` (${row.problems.join('; ')})` : '';
    io.stdout(`${row.platform.padEnd(16)} ${row.status}${extra}${problems}`);
  }
  return 0;
}
