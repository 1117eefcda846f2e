import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podsByNode } from '../../../../../main/controllers/daemonset/daemon-pod.js';
import { nodeShouldRunDaemonPod } from '../../../../../main/controllers/daemonset/node-eligibility.js';
import { computeStatus, nextAvailableInMs, statusUpToDate } from '../../../../../main/controllers/daemonset/status.js';
import { ds, node, NOW, pod } from './fixtures.js';

test('status counts per node, judging each node by its oldest pod', () => {
  const d = ds();
  const nodes = [node('a'), node('b'), node('c'), node('d'), node('e', {}, [{ key: 'x', effect: 'NoSchedule' }])];
  const pods = [
    pod('a-old', { node: 'a', hash: 'old', readyFor: 60, created: 100 }), pod('a-new', { node: 'a', readyFor: 1, created: 5 }),
    pod('b', { node: 'b', readyFor: 20 }),
    pod('c', { node: 'c' }),
    pod('e', { node: 'e', readyFor: 60 }),
  ];
  const counts = computeStatus({ nodes, eligibility: (n) => nodeShouldRunDaemonPod(n, d), byNode: podsByNode(pods), hash: 'new', minReadySeconds: 10, now: NOW });
  assert.deepEqual(counts, {
    desiredNumberScheduled: 4, currentNumberScheduled: 3, numberMisscheduled: 1, numberReady: 2,
    updatedNumberScheduled: 2, numberAvailable: 2, numberUnavailable: 2,
  });
  assert.equal(statusUpToDate({ ...counts, observedGeneration: 1 }, counts, 1, true), true);
  assert.equal(statusUpToDate({ ...counts, observedGeneration: 1 }, counts, 2, true), false, 'a new generation must be observed');
  assert.equal(statusUpToDate({ ...counts, observedGeneration: 1 }, counts, 2, false), true);
  assert.equal(statusUpToDate({ ...counts, numberReady: 1, observedGeneration: 1 }, counts, 1, true), false);
});

test('the controller looks again when the next ready pod turns available', () => {
  const pods = [pod('a', { node: 'a', readyFor: 4 }), pod('b', { node: 'b', readyFor: 8 }), pod('c', { node: 'c', readyFor: 30 }), pod('d', { node: 'd' })];
  assert.equal(nextAvailableInMs(pods, 10, NOW), 2000);
  assert.equal(nextAvailableInMs(pods, 0, NOW), undefined);
  assert.equal(nextAvailableInMs([pods[2]], 10, NOW), undefined);
});
