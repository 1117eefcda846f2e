import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, NodeSelectorRequirement } from 'kubernetes-types/core/v1.js';
import { matchesRequiredNodeAffinity } from '../../../../api/workloads/node-affinity.js';

const node = (name: string, labels: Record<string, string>): Node => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } });

test('nodeSelector and required node affinity pick nodes', () => {
  const ssd = node('a', { disktype: 'ssd', cores: '8' });
  assert.equal(matchesRequiredNodeAffinity({ containers: [], nodeSelector: { disktype: 'ssd' } }, ssd), true);
  assert.equal(matchesRequiredNodeAffinity({ containers: [], nodeSelector: { disktype: 'hdd' } }, ssd), false);
  const affinity = (...reqs: NodeSelectorRequirement[]): boolean =>
    matchesRequiredNodeAffinity({ containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: reqs }] } } } }, ssd);
  assert.equal(affinity({ key: 'disktype', operator: 'In', values: ['ssd', 'nvme'] }), true);
  assert.equal(affinity({ key: 'disktype', operator: 'NotIn', values: ['ssd'] }), false);
  assert.equal(affinity({ key: 'gpu', operator: 'NotIn', values: ['x'] }), true, 'NotIn holds for a missing label');
  assert.equal(affinity({ key: 'gpu', operator: 'DoesNotExist' }), true);
  assert.equal(affinity({ key: 'cores', operator: 'Gt', values: ['4'] }), true);
  assert.equal(affinity({ key: 'cores', operator: 'Lt', values: ['4'] }), false);
  assert.equal(affinity(), false, 'an empty term selects nothing');
  // Terms are ORed; matchFields can only name metadata.name.
  assert.equal(matchesRequiredNodeAffinity({ containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
    { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['hdd'] }] },
    { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] },
  ] } } } }, ssd), true);
});
