import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setNewReplicaSetAnnotations, setReplicasAnnotations } from '../../../../../main/controllers/deployment/annotations.js';
import { deployment, replicaSet } from './fixtures.js';

test('a new ReplicaSet gets the revision, the replica annotations and the Deployment\'s annotations but kubectl\'s own', () => {
  const d = deployment(4, { maxSurge: 1, maxUnavailable: 1 });
  d.metadata.annotations = { 'kubernetes.io/change-cause': 'kubectl set image', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '7' };
  const rs = replicaSet('web-abc', 0);
  assert.ok(setNewReplicaSetAnnotations(d, rs, 3, false));
  assert.deepEqual(rs.metadata.annotations, {
    'kubernetes.io/change-cause': 'kubectl set image',
    'deployment.kubernetes.io/revision': '3',
    'deployment.kubernetes.io/desired-replicas': '4',
    'deployment.kubernetes.io/max-replicas': '5',
  });
  assert.equal(setNewReplicaSetAnnotations(d, rs, 3, true), false, 'nothing to change the second time');
});

test('rolling back to a ReplicaSet raises its revision and keeps the old ones in revision-history', () => {
  const d = deployment(2);
  const rs = replicaSet('web-abc', 0, { revision: 1 });
  assert.ok(setNewReplicaSetAnnotations(d, rs, 3, true));
  assert.equal(rs.metadata.annotations!['deployment.kubernetes.io/revision'], '3');
  assert.equal(rs.metadata.annotations!['deployment.kubernetes.io/revision-history'], '1');
  setNewReplicaSetAnnotations(d, rs, 5, true);
  assert.equal(rs.metadata.annotations!['deployment.kubernetes.io/revision-history'], '1,3');
  assert.equal(setNewReplicaSetAnnotations(d, rs, 4, true), false, 'a revision never goes down');
  assert.equal(rs.metadata.annotations!['deployment.kubernetes.io/revision'], '5');
});

test('replica annotations report whether they changed', () => {
  const rs = replicaSet('web-abc', 3, { annotated: [3, 4] });
  assert.equal(setReplicasAnnotations(rs, 3, 4), false);
  assert.equal(setReplicasAnnotations(rs, 5, 7), true);
  assert.equal(rs.metadata.annotations!['deployment.kubernetes.io/max-replicas'], '7');
});
