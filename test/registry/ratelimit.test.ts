import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rateLimitHint } from '../../src/registry/ratelimit.js';

test('Retry-After in seconds is said in seconds', () => {
  assert.is(rateLimitHint({ 'retry-after': '120' }), ': try again in 120 s');
});

test('Retry-After as an HTTP date is said as an ISO time', () => {
  assert.is(
    rateLimitHint({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }),
    ': try again after 2015-10-21T07:28:00.000Z',
  );
});

test("Docker Hub's RateLimit-Limit gives the limit and its window", () => {
  assert.is(
    rateLimitHint({
      'ratelimit-limit': '100;w=21600',
      'ratelimit-remaining': '0;w=21600',
    }),
    ': the limit is 100 pulls per 21600 s; try again later',
  );
});

test('Retry-After wins over RateLimit-Limit', () => {
  assert.is(
    rateLimitHint({ 'retry-after': '30', 'ratelimit-limit': '100;w=21600' }),
    ': try again in 30 s',
  );
});

test('Retry-After with spaces around the number is still read', () => {
  assert.is(rateLimitHint({ 'retry-after': ' 60 ' }), ': try again in 60 s');
});

test('an unreadable Retry-After falls back to the RateLimit headers', () => {
  assert.is(
    rateLimitHint({ 'retry-after': 'soon', 'ratelimit-limit': '200;w=3600' }),
    ': the limit is 200 pulls per 3600 s; try again later',
  );
});

test('a RateLimit-Limit without a window is not read as one', () => {
  assert.is(rateLimitHint({ 'ratelimit-limit': '100' }), ': try again later');
});

test('no headers at all give the plain hint', () => {
  assert.is(rateLimitHint({}), ': try again later');
});

test('malformed RateLimit headers are read as unknown', () => {
  for (const value of ['100;w=21600abc', 'abc;w=1', '100;w=', ';w=60', '100, 0']) {
    assert.is(rateLimitHint({ 'ratelimit-limit': value }), ': try again later', value);
  }
});

test('a Retry-After that is neither seconds nor an HTTP date is read as unknown', () => {
  for (const value of ['-5', '1.5', 'tomorrow', '2015-10-21', '']) {
    assert.is(rateLimitHint({ 'retry-after': value }), ': try again later', value);
  }
});

test('RateLimit-Reset in seconds says when the limit resets', () => {
  assert.is(rateLimitHint({ 'ratelimit-reset': '42' }), ': the limit resets in 42 s');
  assert.is(rateLimitHint({ 'ratelimit-reset': 'soon' }), ': try again later');
});

test('a repeated header is read from its first value', () => {
  assert.is(
    rateLimitHint({ 'retry-after': ['7', '9'] as unknown as string }),
    ': try again in 7 s',
  );
});

test.run();
