import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { failingConditions, updateConditions } from '../../../../../main/controllers/namespace/namespace-conditions.js';

const totals = (resources: [string, number][] = [], finalizers: [string, number][] = [], errors: string[] = []) => ({
  remainingByResource: new Map(resources), remainingByFinalizer: new Map(finalizers), deleteErrors: errors,
});

describe('namespace deletion conditions', () => {
  test('all five conditions are set, False with the "ok" reasons when nothing is wrong', () => {
    const conds = updateConditions(undefined, failingConditions(totals()), 'T1')!;
    assert.deepEqual(conds.map((c) => [c.type, c.status, c.reason, c.message]), [
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
      ['NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
    ]);
    assert.equal(updateConditions(conds, failingConditions(totals()), 'T2'), undefined);
  });

  test('remaining content, finalizers and errors are listed sorted; transition times move only on flips', () => {
    const first = updateConditions(undefined, failingConditions(totals()), 'T1')!;
    const failing = failingConditions(totals([['pods.', 2], ['deployments.apps', 1], ['configmaps.', 0]], [['example.com/b', 1], ['example.com/a', 3]], ['z failed', 'a failed']));
    const conds = updateConditions(first, failing, 'T2')!;
    const byType = Object.fromEntries(conds.map((c) => [c.type, c]));
    assert.deepEqual([byType.NamespaceContentRemaining.status, byType.NamespaceContentRemaining.reason, byType.NamespaceContentRemaining.message, byType.NamespaceContentRemaining.lastTransitionTime],
      ['True', 'SomeResourcesRemain', 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances', 'T2']);
    assert.equal(byType.NamespaceFinalizersRemaining.message, 'Some content in the namespace has finalizers remaining: example.com/a in 3 resource instances, example.com/b in 1 resource instances');
    assert.equal(byType.NamespaceDeletionContentFailure.message, 'Failed to delete all resource types, 2 remaining: a failed, z failed');
    assert.equal(byType.NamespaceDeletionDiscoveryFailure.lastTransitionTime, 'T1');
    const fewer = updateConditions(conds, failingConditions(totals([['pods.', 1]])), 'T3')!;
    const after = Object.fromEntries(fewer.map((c) => [c.type, c]));
    assert.equal(after.NamespaceContentRemaining.lastTransitionTime, 'T2', 'still True: message changes, time does not');
    assert.equal(after.NamespaceContentRemaining.message, 'Some resources are remaining: pods. has 1 resource instances');
    assert.equal(after.NamespaceFinalizersRemaining.lastTransitionTime, 'T3');
  });

  test('conditions the controller does not own are kept', () => {
    const conds = updateConditions([{ type: 'Custom', status: 'True' }], failingConditions(totals()), 'T')!;
    assert.deepEqual(conds[0], { type: 'Custom', status: 'True' });
    assert.equal(conds.length, 6);
  });
});
