import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../../../main/pairing/index.js';

test('a client gets its burst, then waits for the steady rate; other clients are not affected', () => {
  let now = 0;
  const l = new RateLimiter({ burst: 3, perSecond: 0.5 }, () => now);
  assert.deepEqual([l.take('a'), l.take('a'), l.take('a')], [0, 0, 0]);
  assert.equal(l.take('a'), 2); // one call back every 2 s
  assert.equal(l.take('b'), 0);
  now += 2000;
  assert.equal(l.take('a'), 0);
  assert.equal(l.take('a'), 2);
  now += 60_000;
  assert.deepEqual([l.take('a'), l.take('a'), l.take('a'), l.take('a')], [0, 0, 0, 2], 'the burst refills, no more');
});
