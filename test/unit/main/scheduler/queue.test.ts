import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SchedulingQueue } from '../../../../main/scheduler/queue.js';
import { waitFor } from '../../../helpers/wait.js';
import { pod } from './fixtures.js';

describe('scheduling queue', () => {
  let now = 1_000_000;
  const queues: SchedulingQueue[] = [];
  const make = (maxInUnschedulableMs = 300_000): SchedulingQueue => {
    const q = new SchedulingQueue({ initialBackoffMs: 1000, maxBackoffMs: 10_000, maxInUnschedulableMs, now: () => now });
    queues.push(q);
    return q;
  };
  afterEach(() => { for (const q of queues.splice(0)) q.close(); });

  test('higher priority first, then older', async () => {
    const q = make();
    q.upsert(pod({ name: 'new', created: '2025-01-02T00:00:00Z' }));
    q.upsert(pod({ name: 'old', created: '2025-01-01T00:00:00Z' }));
    q.upsert(pod({ name: 'urgent', priority: 1000, created: '2025-01-03T00:00:00Z' }));
    const order = [];
    for (let i = 0; i < 3; i++) {
      const p = (await q.pop())!;
      order.push(p.pod.metadata.name);
      q.done(p.key);
    }
    assert.deepEqual(order, ['urgent', 'old', 'new']);
  });

  test('back-off doubles from 1 s up to 10 s', () => {
    const q = make();
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((a) => q.backoffDuration(a)), [1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  test('an unschedulable pod is parked until an event that could help it', async () => {
    const q = make();
    q.upsert(pod({ name: 'big' }));
    const p = (await q.pop())!;
    q.requeue(p, new Set(['NodeResourcesFit']), false);
    assert.equal(q.counts.unschedulable, 1);
    assert.ok(q.idle, 'parked pods do not keep the scheduler busy');
    q.move('NodeTaintChange');
    assert.equal(q.counts.unschedulable, 1, 'a taint change cannot fix missing cpu');
    now += 1500; // past the first back-off
    q.move('AssignedPodDelete');
    assert.equal(q.counts.active, 1);
    const again = (await q.pop())!;
    assert.equal(again.attempts, 2);
  });

  test('a pod moved while still backing off waits in the back-off queue', () => {
    const q = make();
    q.upsert(pod({ name: 'p' }));
    return q.pop().then((p) => {
      q.requeue(p!, new Set(['NodeAffinity']), false);
      q.move('NodeAdd');
      assert.equal(q.counts.backoff, 1);
      assert.equal(q.idle, false);
    });
  });

  test('an event during the attempt sends the failed pod to back-off, not to the parked set', async () => {
    const q = make();
    q.upsert(pod({ name: 'p' }));
    const p = (await q.pop())!;
    q.move('NodeAdd');
    q.requeue(p, new Set(['NodeResourcesFit']), false);
    assert.equal(q.counts.unschedulable, 0);
    assert.equal(q.counts.backoff, 1);
  });

  test('a parked pod whose spec changes is retried; a status-only change is not', async () => {
    const q = make();
    const original = pod({ name: 'p' });
    q.upsert(original);
    const p = (await q.pop())!;
    q.requeue(p, new Set(['TaintToleration']), false);
    q.upsert({ ...original, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } });
    assert.equal(q.counts.unschedulable, 1);
    now += 60_000;
    q.upsert({ ...original, spec: { ...original.spec!, tolerations: [{ operator: 'Exists' }] } });
    assert.equal(q.counts.active, 1);
  });

  test('pods with scheduling gates wait until the gates are removed; deleted pods leave the queue', async () => {
    const q = make();
    const gated = pod({ name: 'g', spec: { schedulingGates: [{ name: 'example.com/wait' }] } });
    q.upsert(gated);
    assert.deepEqual(q.counts, { active: 0, backoff: 0, unschedulable: 0, gated: 1, inFlight: 0 });
    q.upsert({ ...gated, spec: { ...gated.spec!, schedulingGates: [] } });
    assert.equal(q.counts.active, 1);
    q.delete('default/g');
    assert.equal(q.counts.active, 0);
  });

  test('a parked pod is retried anyway once it has waited the maximum time', async () => {
    const q = make(40);
    q.upsert(pod({ name: 'p' }));
    const p = (await q.pop())!;
    q.requeue(p, new Set(['NodeAffinity']), false);
    assert.equal(q.counts.unschedulable, 1);
    now += 2000; // past both the maximum wait and the pod's back-off
    await waitFor('flushed to the active queue', () => q.counts.active === 1, { timeoutMs: 2000 });
  });
});
