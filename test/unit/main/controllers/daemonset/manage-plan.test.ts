import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.js';
import { podsByNode, type PodObject } from '../../../../../main/controllers/daemonset/daemon-pod.js';
import { planManage } from '../../../../../main/controllers/daemonset/manage-plan.js';
import { nodeShouldRunDaemonPod } from '../../../../../main/controllers/daemonset/node-eligibility.js';
import { ds, node, NOW, pod } from './fixtures.js';

const plan = (nodes: Node[], pods: PodObject[], d = ds(), allowsSurge = false) =>
  planManage({ ds: d, nodes, eligibility: (n) => nodeShouldRunDaemonPod(n, d), byNode: podsByNode(pods), hash: 'new', allowsSurge, now: NOW });
const names = (pods: PodObject[]): string[] => pods.map((p) => p.metadata.name!).sort();

test('eligible nodes without a pod get one; nodes that must not run one lose theirs', () => {
  const p = plan([node('a'), node('b'), node('c', {}, [{ key: 'x', effect: 'NoExecute' }])], [pod('on-b', { node: 'b', readyFor: 5 }), pod('on-c', { node: 'c', readyFor: 5 })]);
  assert.deepEqual(p.nodesNeedingPods, ['a']);
  assert.deepEqual(names(p.podsToDelete), ['on-c']);
});

test('a pending pod (not yet bound) counts for the node its affinity names', () => {
  const p = plan([node('a')], [pod('pending', { node: 'a', bound: false })]);
  assert.deepEqual(p.nodesNeedingPods, []);
  assert.deepEqual(p.podsToDelete, []);
});

test('a node with a terminating pod waits for it to go before getting a new one', () => {
  const p = plan([node('a')], [pod('going', { node: 'a', readyFor: 5, deleting: true })]);
  assert.deepEqual(p.nodesNeedingPods, []);
  assert.deepEqual(p.podsToDelete, []);
});

test('duplicates on a node: the oldest (bound first) stays', () => {
  const p = plan([node('a')], [pod('young', { node: 'a', created: 10 }), pod('old', { node: 'a', created: 50 }), pod('unbound-older', { node: 'a', created: 90, bound: false })]);
  assert.deepEqual(names(p.podsToDelete), ['unbound-older', 'young']);
});

test('failed pods are handed back for rate-limited replacement; succeeded ones are deleted', () => {
  const p = plan([node('a'), node('b')], [pod('failed', { node: 'a', phase: 'Failed' }), pod('done', { node: 'b', phase: 'Succeeded' })]);
  assert.deepEqual(p.failedPods.map((f) => `${f.pod.metadata.name}@${f.node}`), ['failed@a']);
  assert.deepEqual(names(p.podsToDelete), ['done']);
  assert.deepEqual(p.nodesNeedingPods, []);
});

test('pods for nodes that are not in the node list are reported', () => {
  const p = plan([node('a')], [pod('on-a', { node: 'a' }), pod('ghost', { node: 'gone' }), pod('ghost-going', { node: 'gone', deleting: true })]);
  assert.deepEqual(names(p.podsWithoutNode), ['ghost']);
});

test('while surging, an old ready pod stays beside a new one until the new one is available', () => {
  const d = ds({ minReadySeconds: 10 });
  const old = pod('old', { node: 'a', hash: 'old', readyFor: 100, created: 100 });
  assert.deepEqual(plan([node('a')], [old, pod('new', { node: 'a', readyFor: 3, created: 5 })], d, true).podsToDelete, []);
  assert.deepEqual(names(plan([node('a')], [old, pod('new', { node: 'a', readyFor: 30, created: 40 })], d, true).podsToDelete), ['old']);
  // An old pod that is not ready is not worth keeping.
  assert.deepEqual(names(plan([node('a')], [pod('old', { node: 'a', hash: 'old', created: 100 }), pod('new', { node: 'a', created: 5 })], d, true).podsToDelete), ['old']);
  // A node whose only pod is terminating gets its replacement at once.
  assert.deepEqual(plan([node('a')], [pod('old', { node: 'a', hash: 'old', deleting: true })], d, true).nodesNeedingPods, ['a']);
});
