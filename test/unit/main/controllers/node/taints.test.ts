import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { matchingTolerations } from '../../../../../api/workloads/tolerations.js';
import { minTolerationSeconds, noScheduleTaintDiff, swapTaints, zoneKey, zoneState } from '../../../../../main/controllers/node/taints.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const dedicated: Taint = { key: 'dedicated', value: 'db', effect: 'NoExecute' };

describe('tolerations', () => {
  test('every taint must be tolerated; the tolerations used decide how long the pod may stay', () => {
    const admissionDefaults: Toleration[] = [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ];
    const onlyDefaults = matchingTolerations([unreachable, dedicated], admissionDefaults);
    assert.equal(onlyDefaults.allTolerated, false);
    const both = matchingTolerations([unreachable, dedicated], [...admissionDefaults, { key: 'dedicated', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }]);
    assert.equal(both.allTolerated, true);
    assert.equal(minTolerationSeconds(both.used), 60);
    assert.equal(minTolerationSeconds(matchingTolerations([unreachable], [{ operator: 'Exists' }]).used), -1, 'no tolerationSeconds: forever');
    assert.equal(minTolerationSeconds(matchingTolerations([unreachable], [{ operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }]).used), 0);
    assert.equal(minTolerationSeconds([]), 0);
    assert.deepEqual(matchingTolerations([], undefined), { allTolerated: true, used: [] });
  });
});

describe('node taints', () => {
  const node = (conditions: [string, string][], unschedulable = false, taints: Taint[] = []): Node => ({
    metadata: { name: 'n' }, spec: { unschedulable, taints }, status: { conditions: conditions.map(([type, status]) => ({ type, status })) },
  });

  test('conditions and spec.unschedulable call for NoSchedule taints; others are left alone', () => {
    const [add, remove] = noScheduleTaintDiff(node([['Ready', 'Unknown'], ['DiskPressure', 'True'], ['MemoryPressure', 'False']], true, [
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'user/own', effect: 'NoSchedule' },
      unreachable,
    ]));
    assert.deepEqual(add.map((t) => t.key).sort(), ['node.kubernetes.io/disk-pressure', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/unschedulable']);
    assert.deepEqual(remove.map((t) => t.key), ['node.kubernetes.io/not-ready']);
    assert.deepEqual(noScheduleTaintDiff(node([['Ready', 'True']])), [[], []]);
  });

  test('swapping stamps added taints, keeps what is there, and reports no change as undefined', () => {
    const now = '2025-01-01T00:00:00Z';
    const swapped = swapTaints([{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: 'x' }, { key: 'a', effect: 'NoSchedule' }], [unreachable], [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }], now);
    assert.deepEqual(swapped, [{ key: 'a', effect: 'NoSchedule' }, { ...unreachable, timeAdded: now }]);
    assert.equal(swapTaints(swapped, [unreachable], [], now), undefined);
    assert.equal(swapTaints(undefined, [], [unreachable], now), undefined);
  });
});

describe('zones', () => {
  test('zone keys come from region and zone labels', () => {
    assert.equal(zoneKey({ metadata: { labels: {} } }), '');
    assert.equal(zoneKey({ metadata: { labels: { 'topology.kubernetes.io/region': 'eu', 'topology.kubernetes.io/zone': 'eu-1' } } }), 'eu:\x00:eu-1');
  });

  test('no Ready node is full disruption; more than two and 55% not Ready is partial', () => {
    assert.equal(zoneState(['Unknown']), 'FullDisruption');
    assert.equal(zoneState([undefined, 'False']), 'FullDisruption');
    assert.equal(zoneState(['True', 'Unknown']), 'Normal');
    assert.equal(zoneState(['True', 'Unknown', 'Unknown']), 'Normal');
    assert.equal(zoneState(['True', 'True', 'Unknown', 'Unknown', 'Unknown']), 'PartialDisruption');
    assert.equal(zoneState([]), 'Normal');
  });
});
