import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch } from '../../../../../api/patch/index.js';
import { k8sSchemas } from '../../../../../api/schema/registry.js';
import type { KubeObject, OwnerReference } from '../../../../../api/types/meta.js';
import {
  deleteOwnerRefsPatch, describeOwner, ownerRefsChanged, resourceForOwner, unblockedOwners, unblockOwnerRefsPatch,
} from '../../../../../main/controllers/gc/owner-refs.js';

const ref = (uid: string, block = true): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${uid}`, uid, controller: block, blockOwnerDeletion: block });
const pod = (refs: OwnerReference[]): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'pod-uid', resourceVersion: '7', ownerReferences: refs }, spec: { containers: [{ name: 'c', image: 'i' }] } });
const smp = (obj: KubeObject, patch: Record<string, unknown>): KubeObject =>
  applyStrategicMergePatch(obj, patch, k8sSchemas.get('io.k8s.api.core.v1.Pod')!, k8sSchemas) as KubeObject;

describe('owner references', () => {
  test('owners resolve to served kinds by group and kind', () => {
    assert.equal(resourceForOwner(ref('a'))?.resource, 'replicasets');
    assert.equal(resourceForOwner({ ...ref('a'), apiVersion: 'v1', kind: 'Node' })?.resource, 'nodes');
    assert.equal(resourceForOwner({ ...ref('a'), apiVersion: 'example.com/v1', kind: 'Widget' }), undefined);
    assert.equal(resourceForOwner({ ...ref('a'), apiVersion: 'v1' }), undefined, 'ReplicaSet is not in the core group');
  });

  test('owners are described as upstream prints an objectReference', () => {
    assert.equal(describeOwner(ref('u1'), 'ns'), '[apps/v1/ReplicaSet, namespace: ns, name: rs-u1, uid: u1]');
  });

  test('removing references keeps the others, and removing the last drops the field under a resourceVersion guard', () => {
    const obj = pod([ref('a'), ref('b', false)]);
    const one = smp(obj, deleteOwnerRefsPatch(obj, ['a']));
    assert.deepEqual(one.metadata.ownerReferences, [ref('b', false)]);
    const lastPatch = deleteOwnerRefsPatch(one, ['b']);
    assert.deepEqual(lastPatch, { metadata: { uid: 'pod-uid', resourceVersion: '7', ownerReferences: null } });
    assert.equal(smp(one, lastPatch).metadata.ownerReferences, undefined);
  });

  test('unblocking sets blockOwnerDeletion=false on the blocking references only', () => {
    const obj = pod([ref('a'), ref('b', false)]);
    const out = smp(obj, unblockOwnerRefsPatch(obj));
    assert.deepEqual(out.metadata.ownerReferences?.map((r) => [r.uid, r.blockOwnerDeletion]), [['a', false], ['b', false]]);
  });

  test('changes to references are noticed, and owners that stopped being blocked are named', () => {
    assert.equal(ownerRefsChanged([ref('a')], [ref('a')]), false);
    assert.equal(ownerRefsChanged([ref('a')], [ref('a', false)]), true);
    assert.equal(ownerRefsChanged([ref('a')], [ref('b')]), true);
    assert.deepEqual(unblockedOwners([ref('a'), ref('b'), ref('c', false)], [ref('a'), ref('b', false)]), ['b']);
    assert.deepEqual(unblockedOwners([ref('a')], []), ['a']);
  });
});
