import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promptReducer, type PromptState } from '../../src/ui/reducer.js';

const start: PromptState = { cursor: 0, count: 3 };

test('down and up move the cursor and wrap at both ends', () => {
  const down = promptReducer(start, { type: 'down' });
  assert.is(down.cursor, 1);
  assert.is(promptReducer({ ...start, cursor: 2 }, { type: 'down' }).cursor, 0);
  assert.is(promptReducer(start, { type: 'up' }).cursor, 2);
});

test('Enter chooses the option under the cursor', () => {
  const state = promptReducer({ ...start, cursor: 1 }, { type: 'choose' });
  assert.equal(state.outcome, { kind: 'chosen', index: 1 });
});

test('cancel ends the prompt with nothing chosen', () => {
  assert.equal(promptReducer(start, { type: 'cancel' }).outcome, { kind: 'cancelled' });
});

test('input after the prompt has ended changes nothing', () => {
  const ended = promptReducer(start, { type: 'cancel' });
  assert.is(promptReducer(ended, { type: 'down' }), ended);
  assert.is(promptReducer(ended, { type: 'choose' }), ended);
});

test.run();
