import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordFault } from '../helpers/figures.js';
import { handlersFor, withoutHandlers } from '../helpers/binfmt.js';
import { PtySession, withXrunPty } from '../helpers/pty.js';
import { BUSYBOX, removeImages, XRUN } from '../helpers/xrun.js';

const FOREIGN = ['arm64', 's390x', 'ppc64le'];

test.before(() => removeImages());
test.after(() => removeImages());

/** Moves the prompt's cursor onto the option naming the platform. */
async function select(session: PtySession, platform: string): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const current = await session.waitFor('❯');
    if (current.includes(platform)) return;
    session.press('down');
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`no option for ${platform}:\n${session.screen().join('\n')}`);
}

function modes(session: PtySession, which: 'BEFORE' | 'AFTER'): string {
  const match = new RegExp(`MODES-${which} (\\S+)`).exec(session.raw);
  return match?.[1] ?? '';
}

test('the prompt offers the foreign platforms; arm64 runs a shell under emulation', async () => {
  await withoutHandlers(FOREIGN, async () => {
    // CI=true as on the CI machine: the prompt must still draw on a terminal.
    const args = ['-it', '--rm', `${BUSYBOX}:no-amd64`, 'sh'];
    await withXrunPty(args, { CI: 'true' }, async (session) => {
      await session.waitFor('How should it run?');
      const screen = session.screen().join('\n');
      assert.match(screen, 'linux/arm64');
      assert.match(screen, 'linux/s390x');
      assert.match(screen, 'linux/ppc64le');
      assert.match(screen, 'host    linux/amd64');

      await select(session, 'linux/arm64');
      session.press('enter');
      await session.waitFor(/^\/ # /);
      session.type('uname -m\r');
      await session.waitFor(/^aarch64$/);
      session.type('exit\r');
      await session.waitFor('MODES-AFTER');

      assert.match(session.raw, 'XRUN-EXIT 0');
      assert.is(await session.exited, 0);
      assert.is(modes(session, 'AFTER'), modes(session, 'BEFORE'));
      assert.ok(modes(session, 'BEFORE').length > 0);
    });
    assert.equal(
      (await handlersFor(FOREIGN)).map((e) => e.name),
      ['qemu-aarch64'],
    );
  });
});

test('choosing "Stop and change nothing" exits 130 and registers nothing', async () => {
  await withoutHandlers(FOREIGN, async () => {
    const args = ['-it', '--rm', `${BUSYBOX}:no-amd64`, 'sh'];
    await withXrunPty(args, {}, async (session) => {
      await session.waitFor('How should it run?');
      await select(session, 'Stop and change nothing');
      session.press('enter');
      await session.waitFor('MODES-AFTER');
      assert.match(session.raw, 'xrun: cancelled at the prompt; nothing was changed');
      assert.match(session.raw, 'XRUN-EXIT 130');
      assert.is(modes(session, 'AFTER'), modes(session, 'BEFORE'));
    });
    assert.equal(await handlersFor(FOREIGN), []);
  });
});

test('Enter typed before the prompt is drawn chooses nothing', async () => {
  await withoutHandlers(FOREIGN, async () => {
    // -icrnl keeps a typed Enter a \r, as a raw terminal would pass it on.
    const run = `"${process.execPath}" "${XRUN}" -it --rm ${BUSYBOX}:no-amd64 sh`;
    const session = new PtySession('/bin/sh', [
      '-c',
      `stty -icrnl; echo TYPE-NOW; ${run}; echo "XRUN-EXIT $?"`,
    ]);
    try {
      // Typed as xrun starts, long before it has asked the daemon and the registry.
      await session.waitFor('TYPE-NOW');
      session.type('\r');
      await session.waitFor('How should it run?');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.ok(session.screen().some((l) => l.includes('How should it run?')));
      assert.not.match(session.raw, 'registered');
      session.press('esc');
      await session.waitFor('XRUN-EXIT');
      assert.match(session.raw, 'XRUN-EXIT 130');
    } finally {
      session.kill();
    }
    assert.equal(await handlersFor(FOREIGN), []);
  });
});

test('choosing the second option runs that platform', async () => {
  await withoutHandlers(FOREIGN, async () => {
    const args = ['-it', '--rm', `${BUSYBOX}:no-amd64`, 'uname', '-m'];
    await withXrunPty(args, {}, async (session) => {
      await session.waitFor('How should it run?');
      await select(session, 'linux/s390x');
      session.press('enter');
      await session.waitFor(/^s390x$/);
      await session.waitFor('MODES-AFTER');
      assert.match(session.raw, 'XRUN-EXIT 0');
    });
    assert.equal(
      (await handlersFor(FOREIGN)).map((e) => e.name),
      ['qemu-s390x'],
    );
  });
});

for (const key of ['esc', 'ctrlC'] as const) {
  test(`${key} at the prompt exits 130 and changes nothing`, async () => {
    await withoutHandlers(FOREIGN, async () => {
      const args = ['-it', '--rm', `${BUSYBOX}:no-amd64`, 'sh'];
      await withXrunPty(args, {}, async (session) => {
        await session.waitFor('How should it run?');
        session.press(key);
        await session.waitFor('MODES-AFTER');
        assert.match(session.raw, 'XRUN-EXIT 130');
        assert.is(modes(session, 'AFTER'), modes(session, 'BEFORE'));
      });
      assert.equal(await handlersFor(FOREIGN), []);
    });
  });
}

for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  test(`${signal} at the prompt exits ${code}, restores the terminal, changes nothing`, async () => {
    await withoutHandlers(FOREIGN, async () => {
      const args = ['-it', '--rm', `${BUSYBOX}:no-amd64`, 'sh'];
      await withXrunPty(args, {}, async (session) => {
        await session.waitFor('How should it run?');
        await session.signalXrun(signal);
        await session.waitFor('MODES-AFTER');
        assert.match(session.raw, `XRUN-EXIT ${code}`);
        assert.match(session.raw, `stopped by ${signal} during the prompt`);
        assert.is(modes(session, 'AFTER'), modes(session, 'BEFORE'));
      });
      assert.equal(await handlersFor(FOREIGN), []);
      recordFault(`terminal: ${signal} during the prompt`);
    });
  });
}

test.run();
