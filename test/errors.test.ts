import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../src/errors.js';
import { NeedsRoot } from '../src/emulation/root.js';

test('a UserError made by another copy of the module is still a UserError', () => {
  // What the prompt's bundle throws: same brand, another class object.
  const foreign = Object.assign(new Error('stopped'), {
    [Symbol.for('xrun.UserError')]: true,
    exitCode: 143,
  });
  assert.ok(foreign instanceof UserError);
  assert.not.ok(new Error('plain') instanceof UserError);
  assert.not.ok((null as unknown as object) instanceof UserError);
});

test('subclasses keep their own instanceof', () => {
  const plain = new UserError('x');
  assert.ok(plain instanceof UserError);
  assert.not.ok(plain instanceof NeedsRoot);
  const root = new NeedsRoot(['xrun', 'emulate', 'arm64']);
  assert.ok(root instanceof UserError);
  assert.ok(root instanceof NeedsRoot);
});

test.run();
