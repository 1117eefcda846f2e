import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonPodFor, pinToNode, podsByNode, targetNodeName } from '../../../../../main/controllers/daemonset/daemon-pod.js';
import { ds, pod } from './fixtures.js';

test('a daemon pod is the template, owned by the DaemonSet, labelled with the revision, pinned to its node', () => {
  const d = ds();
  d.spec!.template.metadata!.annotations = { note: 'x' };
  d.spec!.template.spec!.affinity = { nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['x'] }] }] },
    preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'fast', operator: 'Exists' }] } }],
  } };
  const p = daemonPodFor(d, 'n7', 'abc', '3');
  assert.deepEqual(p.metadata, {
    generateName: 'agent-', namespace: 'default',
    labels: { app: 'agent', 'pod-template-generation': '3', 'controller-revision-hash': 'abc' },
    annotations: { note: 'x' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true, blockOwnerDeletion: true }],
  });
  // The required terms are replaced by the node pin (the controller already checked them); preferences stay.
  assert.deepEqual(p.spec!.affinity, { nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n7'] }] }] },
    preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'fast', operator: 'Exists' }] } }],
  } });
  assert.equal(p.spec!.nodeName, undefined, 'the scheduler binds it');
  assert.equal(p.spec!.tolerations!.length, 6);
  assert.equal(d.spec!.template.spec!.tolerations, undefined, 'the DaemonSet itself is untouched');
  assert.deepEqual(pinToNode(undefined, 'n1').nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0].matchFields![0].values, ['n1']);
});

test('pods group under their bound node, or the node their affinity names while pending; finished deleting ones drop out', () => {
  assert.equal(targetNodeName(pod('p', { node: 'n1', bound: false })), 'n1');
  const byNode = podsByNode([
    pod('bound', { node: 'n1' }), pod('pending', { node: 'n2', bound: false }),
    pod('failed-going', { node: 'n3', phase: 'Failed', deleting: true }), pod('running-going', { node: 'n3', deleting: true }),
  ]);
  assert.deepEqual([...byNode].map(([n, ps]) => `${n}:${ps.map((p) => p.metadata.name).join(',')}`), ['n1:bound', 'n2:pending', 'n3:running-going']);
});
