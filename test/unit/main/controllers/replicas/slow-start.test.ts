import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slowStartBatch } from '../../../../../main/controllers/replicas/slow-start.js';

test('creates in doubling batches: 1, 2, 4, …, then the rest', async () => {
  const batches: number[] = [];
  let inBatch = 0;
  const r = await slowStartBatch(20, 1, async () => {
    inBatch++;
    await new Promise((res) => setImmediate(res));
    if (inBatch > 0) {
      batches.push(inBatch);
      inBatch = 0;
    }
  });
  assert.deepEqual(r, { successes: 20 });
  assert.deepEqual(batches, [1, 2, 4, 8, 5]);
});

test('stops after the first batch with a failure and reports the successes so far', async () => {
  let calls = 0;
  const r = await slowStartBatch(100, 1, async () => {
    calls++;
    if (calls > 4) throw new Error('exceeded quota');
  });
  // batches 1 and 2 succeed (3 calls), the batch of 4 has one success and three failures
  assert.equal(calls, 7);
  assert.equal(r.successes, 4);
  assert.equal((r.error as Error).message, 'exceeded quota');
});

test('a create that always fails costs one call', async () => {
  let calls = 0;
  const r = await slowStartBatch(500, 1, async () => {
    calls++;
    throw new Error('forbidden');
  });
  assert.equal(calls, 1);
  assert.equal(r.successes, 0);
});
