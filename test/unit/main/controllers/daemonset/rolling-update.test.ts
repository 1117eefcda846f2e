import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.js';
import { podsByNode, type DaemonSetObject, type PodObject } from '../../../../../main/controllers/daemonset/daemon-pod.js';
import { nodeShouldRunDaemonPod } from '../../../../../main/controllers/daemonset/node-eligibility.js';
import { allowsSurge, planRollingUpdate, scaledValue } from '../../../../../main/controllers/daemonset/rolling-update.js';
import { ds, node, NOW, pod } from './fixtures.js';

const nodes = ['a', 'b', 'c', 'd'].map((n) => node(n));
const roll = (d: DaemonSetObject, pods: PodObject[], ns: Node[] = nodes) => {
  const p = planRollingUpdate({ ds: d, nodes: ns, eligibility: (n) => nodeShouldRunDaemonPod(n, d), byNode: podsByNode(pods), hash: 'new', now: NOW });
  return { deleted: p.podsToDelete.map((x) => x.metadata.name).sort(), created: [...p.nodesToCreate].sort(), maxUnavailable: p.maxUnavailable, maxSurge: p.maxSurge };
};
const strategy = (rollingUpdate: { maxUnavailable?: number | string; maxSurge?: number | string }, minReadySeconds = 0) =>
  ds({ minReadySeconds, updateStrategy: { type: 'RollingUpdate', rollingUpdate } });
const oldPods = (...names: string[]): PodObject[] => names.map((n) => pod(`old-${n}`, { node: n, hash: 'old', readyFor: 60 }));

test('int-or-percent values scale against the nodes that should run a pod, rounding up', () => {
  assert.equal(scaledValue(2, 10), 2);
  assert.equal(scaledValue('25%', 4), 1);
  assert.equal(scaledValue('10%', 4), 1);
  assert.equal(scaledValue('50%', 5), 3);
  assert.equal(scaledValue('0%', 5), 0);
  assert.throws(() => scaledValue('3', 5), /not a percentage/);
  assert.equal(allowsSurge(strategy({ maxSurge: '10%', maxUnavailable: 0 })), true);
  assert.equal(allowsSurge(strategy({ maxSurge: 0, maxUnavailable: 1 })), false);
  assert.equal(allowsSurge(ds({ updateStrategy: { type: 'OnDelete' } })), false);
});

test('maxUnavailable=1: one old pod at a time, and none while a new pod is not yet available', () => {
  const d = strategy({ maxUnavailable: 1, maxSurge: 0 });
  assert.deepEqual(roll(d, oldPods('a', 'b', 'c', 'd')).deleted, ['old-a']);
  // a's replacement exists but is not ready: wait.
  assert.deepEqual(roll(d, [pod('new-a', { node: 'a' }), ...oldPods('b', 'c', 'd')]).deleted, []);
  // a is being recreated (no pod at all yet): that node is the unavailable one.
  assert.deepEqual(roll(d, oldPods('b', 'c', 'd')).deleted, []);
  assert.deepEqual(roll(d, [pod('new-a', { node: 'a', readyFor: 1 }), ...oldPods('b', 'c', 'd')]).deleted, ['old-b']);
});

test('minReadySeconds: a new pod counts only once it has been ready that long', () => {
  const d = strategy({ maxUnavailable: 1, maxSurge: 0 }, 30);
  assert.deepEqual(roll(d, [pod('new-a', { node: 'a', readyFor: 10 }), ...oldPods('b', 'c', 'd')]).deleted, []);
  assert.deepEqual(roll(d, [pod('new-a', { node: 'a', readyFor: 31 }), ...oldPods('b', 'c', 'd')]).deleted, ['old-b']);
});

test('percentages, and old pods that are unavailable anyway are replaced beyond the budget', () => {
  assert.deepEqual(roll(strategy({ maxUnavailable: '50%', maxSurge: 0 }), oldPods('a', 'b', 'c', 'd')), { deleted: ['old-a', 'old-b'], created: [], maxUnavailable: 2, maxSurge: 0 });
  const broken = [pod('old-a', { node: 'a', hash: 'old' }), pod('old-b', { node: 'b', hash: 'old' }), ...oldPods('c', 'd')];
  // As upstream: the two broken pods go regardless, and one healthy pod uses the budget.
  assert.deepEqual(roll(strategy({ maxUnavailable: 1, maxSurge: 0 }), broken).deleted, ['old-a', 'old-b', 'old-c']);
});

test('zero maxUnavailable and zero maxSurge still make progress (one at a time)', () => {
  assert.equal(roll(strategy({ maxUnavailable: 0, maxSurge: 0 }), oldPods('a', 'b')).maxUnavailable, 1);
});

test('maxSurge=1: a new pod is created beside one old pod; the old one goes once the new one is available', () => {
  const d = strategy({ maxUnavailable: 0, maxSurge: 1 });
  assert.deepEqual(roll(d, oldPods('a', 'b', 'c', 'd')), { deleted: [], created: ['a'], maxUnavailable: 0, maxSurge: 1 });
  // a is surging and the new pod is not ready: no second surge.
  assert.deepEqual(roll(d, [pod('new-a', { node: 'a' }), ...oldPods('a', 'b', 'c', 'd')]), { deleted: [], created: [], maxUnavailable: 0, maxSurge: 1 });
  // a's new pod is available: its old pod goes, and the next node surges.
  assert.deepEqual(roll(d, [pod('new-a', { node: 'a', readyFor: 1 }), ...oldPods('a', 'b', 'c', 'd')]), { deleted: ['old-a'], created: ['b'], maxUnavailable: 0, maxSurge: 1 });
  // An unavailable old pod gets its replacement at once, outside the surge budget.
  assert.deepEqual(roll(d, [pod('old-c', { node: 'c', hash: 'old' }), ...oldPods('a', 'b', 'd')]).created, ['a', 'c']);
});

test('surging: an old pod on a node that no longer takes new pods goes only while enough pods elsewhere are available', () => {
  const d = strategy({ maxUnavailable: 0, maxSurge: 1 });
  // b was tainted NoSchedule after its pod started: the pod may stay (the manage step keeps it), but it is old.
  const xs = [node('a'), node('b', {}, [{ key: 'drain', effect: 'NoSchedule' }]), node('c')];
  const oldB = pod('old-b', { node: 'b', hash: 'old', readyFor: 60 });
  // a's new pod is not available yet: only c is, one short of the two wanted, so b's pod stays.
  assert.deepEqual(roll(d, [pod('new-a', { node: 'a' }), oldB, pod('new-c', { node: 'c', readyFor: 5 })], xs).deleted, []);
  assert.deepEqual(roll(d, [pod('new-a', { node: 'a', readyFor: 5 }), oldB, pod('new-c', { node: 'c', readyFor: 5 })], xs).deleted, ['old-b']);
});
