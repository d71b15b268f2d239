import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkOptions, imageOf, parseRunLine } from '../../src/cli/args.js';
import { UserError } from '../../src/errors.js';

const run = (line: string) => parseRunLine(line.split(' '));

/** The image and what follows it, the way `docker run` would read the line. */
function split(line: string) {
  const r = run(line);
  return {
    before: r.dockerArgs.slice(0, Math.max(r.imageIndex, 0)),
    image: imageOf(r),
    after: r.imageIndex >= 0 ? r.dockerArgs.slice(r.imageIndex + 1) : [],
  };
}

function refused(argv: string[], message: string): void {
  try {
    parseRunLine(argv);
  } catch (error) {
    assert.instance(error, UserError);
    assert.is((error as Error).message, message);
    return;
  }
  assert.unreachable(`${argv.join(' ')} must be refused`);
}

const cases: [string, { before: string[]; image: string; after: string[] }][] = [
  ['-p 80:80 nginx', { before: ['-p', '80:80'], image: 'nginx', after: [] }],
  [
    '-v /a:/b alpine ls /b',
    { before: ['-v', '/a:/b'], image: 'alpine', after: ['ls', '/b'] },
  ],
  ['-e K=V alpine env', { before: ['-e', 'K=V'], image: 'alpine', after: ['env'] }],
  ['--env-file f alpine', { before: ['--env-file', 'f'], image: 'alpine', after: [] }],
  [
    '--entrypoint sh alpine -c true',
    { before: ['--entrypoint', 'sh'], image: 'alpine', after: ['-c', 'true'] },
  ],
  ['--network=host alpine', { before: ['--network=host'], image: 'alpine', after: [] }],
  ['-p8080:80 nginx', { before: ['-p8080:80'], image: 'nginx', after: [] }],
  ['--rm=false alpine', { before: ['--rm=false'], image: 'alpine', after: [] }],
  ['--name x alpine', { before: ['--name', 'x'], image: 'alpine', after: [] }],
  ['-u 0:0 alpine id', { before: ['-u', '0:0'], image: 'alpine', after: ['id'] }],
  ['-w /tmp alpine pwd', { before: ['-w', '/tmp'], image: 'alpine', after: ['pwd'] }],
  ['alpine ls -la', { before: [], image: 'alpine', after: ['ls', '-la'] }],
  ['--rm -- alpine ls', { before: ['--rm', '--'], image: 'alpine', after: ['ls'] }],
  ['-dp 80:80 nginx', { before: ['-dp', '80:80'], image: 'nginx', after: [] }],
  ['-ePATH=/x alpine', { before: ['-ePATH=/x'], image: 'alpine', after: [] }],
  ['-h box alpine', { before: ['-h', 'box'], image: 'alpine', after: [] }],
  ['-P --init redis', { before: ['-P', '--init'], image: 'redis', after: [] }],
  [
    '--mount type=bind,src=/a,dst=/b alpine',
    { before: ['--mount', 'type=bind,src=/a,dst=/b'], image: 'alpine', after: [] },
  ],
  [
    '--restart=always --gpus all --pull always redis:7',
    {
      before: ['--restart=always', '--gpus', 'all', '--pull', 'always'],
      image: 'redis:7',
      after: [],
    },
  ],
  [
    '--log-opt max-size=10m --cap-add SYS_ADMIN alpine',
    {
      before: ['--log-opt', 'max-size=10m', '--cap-add', 'SYS_ADMIN'],
      image: 'alpine',
      after: [],
    },
  ],
];
for (const [line, expected] of cases) {
  test(`docker run ${line} finds the image ${expected.image}`, () => {
    assert.equal(split(line), expected);
  });
}

test('-itd sets interactive, tty and detach', () => {
  const r = run('-itd alpine');
  assert.equal([r.interactive, r.tty, r.detach], [true, true, true]);
  assert.is(imageOf(r), 'alpine');
});

test('-it sets interactive and tty but not detach', () => {
  const r = run('-it alpine sh');
  assert.equal([r.interactive, r.tty, r.detach], [true, true, false]);
});

test('flags after the image belong to the command, not to docker', () => {
  const r = run('alpine sh -it');
  assert.equal([r.interactive, r.tty], [false, false]);
});

test('--tty=false and -t=false leave tty off', () => {
  assert.is(run('--tty=false alpine').tty, false);
  assert.is(run('-t=false alpine').tty, false);
  assert.is(run('--interactive --tty alpine').tty, true);
});

test("xrun's own flags mixed before the image are taken out of the docker arguments", () => {
  const r = run('--emulate --rm --yes -it --dry-run alpine uname -m');
  assert.equal(r.dockerArgs, ['--rm', '-it', 'alpine', 'uname', '-m']);
  assert.is(r.imageIndex, 2);
  assert.equal([r.options.emulate, r.options.yes, r.options.dryRun], [true, true, true]);
  assert.equal([r.options.native, r.options.json], [false, false]);
});

test("xrun's own flags after the image are passed to the container", () => {
  const r = run('alpine echo --yes');
  assert.is(r.options.yes, false);
  assert.equal(r.dockerArgs, ['alpine', 'echo', '--yes']);
});

test('--platform linux/arm64 is recorded and still passed to docker', () => {
  const r = run('--platform linux/arm64 alpine');
  assert.is(r.platform, 'linux/arm64');
  assert.equal(r.dockerArgs, ['--platform', 'linux/arm64', 'alpine']);
  assert.is(r.imageIndex, 2);
});

test('--platform=linux/arm/v7 is recorded from the inline form', () => {
  assert.is(run('--platform=linux/arm/v7 alpine').platform, 'linux/arm/v7');
});

test('without a --platform flag none is recorded', () => {
  assert.is(run('--rm alpine').platform, undefined);
});

test("--help before the image is xrun's, wherever it stands among docker flags", () => {
  assert.is(run('--help').options.help, true);
  const r = run('--rm --help');
  assert.is(r.options.help, true);
  assert.equal(r.dockerArgs, ['--rm']);
});

test('--context is taken for every docker command, not passed to docker run', () => {
  const r = run('--context remote --rm img');
  assert.is(r.options.context, 'remote');
  assert.equal(r.dockerArgs, ['--rm', 'img']);
  assert.is(run('--context=ctx img').options.context, 'ctx');
});

test('flags docker run does not list are passed on and remembered', () => {
  const r = run('--made-up -Z img');
  assert.equal(r.unknownFlags, ['--made-up', '-Z']);
  assert.equal(r.dockerArgs, ['--made-up', '-Z', 'img']);
  assert.is(imageOf(r), 'img');
});

test('a line with no image has image index -1', () => {
  const r = run('--rm -it');
  assert.is(r.imageIndex, -1);
  assert.is(imageOf(r), undefined);
  assert.is(run('--rm --').imageIndex, -1);
});

test('a value flag at the end of the line is refused naming the flag', () => {
  refused(['--name'], 'flag needs an argument: --name');
  refused(['--platform'], 'flag needs an argument: --platform');
  refused(['--rm', '-p'], 'flag needs an argument: -p');
  refused(['-ite'], 'flag needs an argument: -e');
});

test("a value given to one of xrun's own flags is refused", () => {
  refused(['--emulate=yes', 'alpine'], '--emulate takes no value');
});

test('options that go together pass the check; contradictions do not', () => {
  assert.not.throws(() => checkOptions(run('--native --dry-run --json img').options));
  assert.not.throws(() => checkOptions(run('--emulate --yes img').options));
  assert.throws(
    () => checkOptions(run('--emulate --native img').options),
    (e: unknown) =>
      e instanceof UserError && e.message.startsWith('--native and --emulate'),
  );
  assert.throws(
    () => checkOptions(run('--json img').options),
    (e: unknown) =>
      e instanceof UserError && e.message.startsWith('--json prints a plan'),
  );
});

test.run();
