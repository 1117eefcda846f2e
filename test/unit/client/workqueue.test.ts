import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from '../../../client/workqueue.js';
import { Controller, TerminalError } from '../../../client/controller.js';

test('a key added many times is queued once', async () => {
  const q = new WorkQueue();
  q.add('a');
  q.add('a');
  q.add('b');
  assert.equal(q.length, 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  q.done('a');
  q.done('b');
  assert.ok(q.idle);
});

test('a key added while being processed is handed out again only after done()', async () => {
  const q = new WorkQueue();
  q.add('a');
  const first = await q.get();
  q.add('a');
  assert.equal(q.length, 0, 'not queued while processing');
  q.done(first!);
  assert.equal(q.length, 1);
  assert.equal(await q.get(), 'a');
});

test('failures back off exponentially and forget() resets the count', () => {
  const q = new WorkQueue({ baseDelayMs: 10 });
  q.addRateLimited('k');
  q.addRateLimited('k');
  assert.equal(q.numRequeues('k'), 2);
  q.forget('k');
  assert.equal(q.numRequeues('k'), 0);
  q.shutdown();
});

test('the controller never runs one key on two workers at once, retries errors and drops terminal ones', async () => {
  let running = 0, maxRunning = 0, calls = 0, terminal = 0;
  const c = new Controller({
    name: 't', workers: 4, baseDelayMs: 1,
    reconcile: async (key) => {
      if (key === 'bad') { terminal++; throw new TerminalError('no'); }
      running++;
      maxRunning = Math.max(maxRunning, running);
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (calls === 1) throw new Error('transient');
    },
  });
  c.start();
  for (let i = 0; i < 20; i++) c.enqueue('same');
  c.enqueue('bad');
  for (let i = 0; i < 200 && !(c.idle && calls >= 2); i++) await new Promise((r) => setTimeout(r, 5));
  await c.stop();
  assert.equal(maxRunning, 1);
  assert.ok(calls >= 2, 'the failed reconcile was retried');
  assert.equal(terminal, 1, 'a terminal error is not retried');
});
