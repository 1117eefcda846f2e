import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calculateStatus, deploymentTimedOut, setCondition } from '../../../../../main/controllers/deployment/conditions.js';
import { recheckAfter } from '../../../../../main/controllers/deployment/progress.js';
import { findActiveOrLatest, findNewReplicaSet } from '../../../../../main/controllers/deployment/replica-sets.js';
import type { DeploymentStatus } from '../../../../../main/controllers/deployment/types.js';
import { deployment, replicaSet } from './fixtures.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const at = (secondsAgo: number): string => new Date(NOW.getTime() - secondsAgo * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('status sums the ReplicaSets and says whether minimum availability holds', () => {
  const d = deployment(4, { maxSurge: 1, maxUnavailable: 1, generation: 3 });
  const old = replicaSet('old', 2, { available: 2 });
  old.status = { replicas: 2, readyReplicas: 2, availableReplicas: 2 };
  const fresh = replicaSet('new', 3, { available: 1 });
  fresh.status = { replicas: 3, readyReplicas: 2, availableReplicas: 1 };
  const st = calculateStatus(d, [old, fresh], fresh, NOW);
  assert.equal(st.observedGeneration, 3);
  assert.equal(st.replicas, 5);
  assert.equal(st.updatedReplicas, 3);
  assert.equal(st.readyReplicas, 4);
  assert.equal(st.availableReplicas, 3);
  assert.equal(st.unavailableReplicas, 2);
  assert.deepEqual(st.conditions?.map((c) => [c.type, c.status, c.reason]), [['Available', 'True', 'MinimumReplicasAvailable']]);
  fresh.status.availableReplicas = 0;
  old.status!.availableReplicas = 1;
  assert.deepEqual(calculateStatus(d, [old, fresh], fresh, NOW).conditions?.map((c) => [c.status, c.reason, c.message]), [['False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.']]);
});

test('a condition keeps its transition time while its status holds, and a repeat is no change', () => {
  const st: DeploymentStatus = { conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', lastTransitionTime: at(60), lastUpdateTime: at(60) }] };
  setCondition(st, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastTransitionTime: at(0), lastUpdateTime: at(0) });
  assert.deepEqual([st.conditions![0].reason, st.conditions![0].lastTransitionTime, st.conditions![0].lastUpdateTime], ['ReplicaSetUpdated', at(60), at(0)]);
  setCondition(st, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastTransitionTime: at(-5), lastUpdateTime: at(-5) });
  assert.equal(st.conditions![0].lastUpdateTime, at(0));
});

test('a rollout times out progressDeadlineSeconds after its last progress, and is rechecked then', () => {
  const d = deployment(2);
  d.spec.progressDeadlineSeconds = 30;
  const status = (reason: string, secondsAgo: number): DeploymentStatus => ({ conditions: [{ type: 'Progressing', status: 'True', reason, lastUpdateTime: at(secondsAgo), lastTransitionTime: at(secondsAgo) }] });
  assert.equal(deploymentTimedOut(d, status('ReplicaSetUpdated', 29), NOW), false);
  assert.equal(deploymentTimedOut(d, status('ReplicaSetUpdated', 31), NOW), true);
  assert.equal(deploymentTimedOut(d, status('NewReplicaSetAvailable', 3600), NOW), false, 'a finished rollout never times out');
  d.status = status('ReplicaSetUpdated', 20);
  assert.equal(recheckAfter(d, { replicas: 2 }, NOW), 10_010);
  d.spec.progressDeadlineSeconds = 2147483647;
  assert.equal(recheckAfter(d, { replicas: 2 }, NOW), undefined, 'no deadline');
});

test('the new ReplicaSet is the oldest with the Deployment\'s template; the active or latest one is scaled alone', () => {
  const d = deployment(3);
  const a = replicaSet('a', 0, { ageSeconds: 300 });
  const b = replicaSet('b', 3, { ageSeconds: 100 });
  const other = replicaSet('c', 0, { ageSeconds: 50 });
  other.spec.template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } };
  a.spec.template = b.spec.template = structuredClone(d.spec.template);
  assert.equal(findNewReplicaSet(d, [b, other, a])?.metadata.name, 'a');
  assert.equal(findActiveOrLatest(undefined, [a, b, other])?.metadata.name, 'b', 'the only active one');
  assert.equal(findActiveOrLatest(undefined, [a, other])?.metadata.name, 'c', 'none active: the newest');
  assert.equal(findActiveOrLatest(replicaSet('n', 1), [b]), undefined, 'two active: none');
});
