import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyTimers } from '../../../client/key-timers.js';

test('the earliest wake-up per key wins: a later request never postpones it, an earlier one brings it forward', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const fired: string[] = [];
  const timers = new KeyTimers((key) => fired.push(key));
  timers.after('ns/a', 1000);
  timers.after('ns/a', 100);
  timers.after('ns/b', 50);
  timers.after('ns/b', 500);
  assert.equal(timers.size, 2);
  t.mock.timers.tick(60);
  assert.deepEqual(fired, ['ns/b']);
  t.mock.timers.tick(60);
  assert.deepEqual(fired, ['ns/b', 'ns/a']);
  // The later requests were dropped, not kept as second wake-ups.
  t.mock.timers.tick(2000);
  assert.deepEqual(fired, ['ns/b', 'ns/a']);
  assert.equal(timers.size, 0);
});

test('a cancelled key does not fire, and nothing fires or is scheduled after stop', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const fired: string[] = [];
  const timers = new KeyTimers((key) => fired.push(key));
  timers.after('ns/a', 10);
  timers.after('ns/b', 10);
  timers.cancel('ns/a');
  t.mock.timers.tick(20);
  timers.after('ns/c', 10);
  timers.stop();
  timers.after('ns/d', 10);
  t.mock.timers.tick(20);
  assert.deepEqual(fired, ['ns/b']);
  assert.equal(timers.size, 0);
});

