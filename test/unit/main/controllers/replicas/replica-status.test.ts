import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { calculateReplicaStatus, podFromTemplate, statusChanged } from '../../../../../main/controllers/replicas/replica-status.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const rs = (status: Record<string, unknown> = {}, minReadySeconds = 0): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default', uid: 'rs-uid', generation: 4 },
  spec: { replicas: 3, minReadySeconds, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'fe' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  status,
});
const pod = (labels: Record<string, string>, readyFor?: number): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels },
  status: readyFor === undefined ? { phase: 'Pending' } : { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(NOW.getTime() - readyFor * 1000).toISOString() }] },
});

test('counts pods, fully labeled, ready and available (minReadySeconds) ones, with the generation observed', () => {
  const pods = [pod({ app: 'web', tier: 'fe' }, 60), pod({ app: 'web', tier: 'fe' }, 5), pod({ app: 'web' })];
  const st = calculateReplicaStatus(rs({}, 10), pods, undefined, NOW);
  assert.deepEqual(st, { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 4 });
});

test('zero counts are left out, as the API omits them', () => {
  assert.deepEqual(calculateReplicaStatus(rs(), [], undefined, NOW), { replicas: 0, observedGeneration: 4 });
});

test('a failed create adds ReplicaFailure once; a clean sync removes it', () => {
  const err = new Error('pods "web-x" is forbidden: exceeded quota');
  const st = calculateReplicaStatus(rs(), [], err, NOW);
  assert.deepEqual(st.conditions, [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2025-06-01T12:00:00Z', reason: 'FailedCreate', message: 'pods "web-x" is forbidden: exceeded quota' }]);
  const again = calculateReplicaStatus(rs(st as unknown as Record<string, unknown>), [], new Error('other'), new Date(NOW.getTime() + 5000));
  assert.deepEqual(again.conditions, st.conditions, 'kept as first reported');
  assert.equal(calculateReplicaStatus(rs(st as unknown as Record<string, unknown>), [], undefined, NOW).conditions, undefined);
});

test('status is written only when a count, the generation or the conditions change', () => {
  const current = rs({ replicas: 2, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 4 });
  assert.equal(statusChanged(current, { replicas: 2, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 4 }), false);
  assert.equal(statusChanged(current, { replicas: 2, readyReplicas: 1, availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 4 }), true);
  assert.equal(statusChanged(current, { replicas: 2, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 5 }), true);
});

test('pods are made from the template with generateName and the controller reference', () => {
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true };
  const p = podFromTemplate(rs(), ref);
  assert.deepEqual(p.metadata, { generateName: 'web-', namespace: 'default', ownerReferences: [ref], labels: { app: 'web', tier: 'fe' }, annotations: { a: 'b' } });
  assert.deepEqual(p.spec, { containers: [{ name: 'c', image: 'nginx' }] });
});
