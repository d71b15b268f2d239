import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BOOLEAN_FLAGS, SHORT_FLAGS, VALUE_FLAGS } from '../../src/cli/docker-flags.js';

interface HelpFlag {
  long: string;
  short?: string;
  takesValue: boolean;
}

/** Reads the flags out of `docker run --help`: `  -p, --publish list   Publish ...`. */
function helpFlags(help: string): HelpFlag[] {
  const flags: HelpFlag[] = [];
  const pattern = /^\s+(?:-([a-zA-Z]), )?--([a-z0-9-]+)(?: ([a-z0-9-]+))?\s{2,}\S/;
  for (const line of help.split('\n')) {
    const match = pattern.exec(line);
    if (!match) continue;
    const flag: HelpFlag = { long: match[2] ?? '', takesValue: match[3] !== undefined };
    if (match[1]) flag.short = match[1];
    flags.push(flag);
  }
  return flags;
}

const CLIS = ['/usr/local/bin/docker', '/usr/bin/docker'].filter((p) => existsSync(p));

test('at least one docker CLI is installed to compare with', () => {
  assert.ok(CLIS.length > 0);
});

for (const cli of CLIS) {
  test(`every flag of ${cli} run --help is in xrun's table with the right kind`, async () => {
    const { stdout } = await execa(cli, ['run', '--help']);
    const flags = helpFlags(stdout);
    assert.ok(flags.length > 90, `only ${flags.length} flags read`);
    const wrong = flags.filter((f) =>
      f.takesValue ? !VALUE_FLAGS.has(f.long) : !BOOLEAN_FLAGS.has(f.long),
    );
    assert.equal(wrong, []);
    const shorts = flags.filter((f) => f.short && SHORT_FLAGS[f.short] !== f.long);
    assert.equal(shorts, []);
  });
}

test('the help reader itself tells value flags from boolean ones', () => {
  const help = [
    '  -p, --publish list                   Publish a port',
    '      --rm                             Remove when it exits',
    '      --health-start-period duration   Start period',
  ].join('\n');
  assert.equal(helpFlags(help), [
    { long: 'publish', short: 'p', takesValue: true },
    { long: 'rm', takesValue: false },
    { long: 'health-start-period', takesValue: true },
  ]);
});

test.run();
