import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { conditionsWhenSilent, observeHealth } from '../../../../../main/controllers/node/node-health.js';

const node = (ready?: { heartbeat: string; transition?: string; status?: string }, created = '2025-01-01T00:00:00Z'): KubeObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', creationTimestamp: created },
  status: { conditions: ready ? [{ type: 'Ready', status: ready.status ?? 'True', lastHeartbeatTime: ready.heartbeat, lastTransitionTime: ready.transition ?? 't0' }] : [] },
});

describe('node health', () => {
  test('silence is measured on our clock from when a new heartbeat or lease renewal was seen', () => {
    // The node's clock is a year off: irrelevant, only changes count.
    let h = observeHealth(undefined, node({ heartbeat: '2024-01-01T00:00:00Z' }), '2024-01-01T00:00:00.000000Z', 1000);
    assert.equal(h.probeTimestamp, 1000);
    h = observeHealth(h, node({ heartbeat: '2024-01-01T00:00:00Z' }), '2024-01-01T00:00:00.000000Z', 5000);
    assert.equal(h.probeTimestamp, 1000, 'nothing new: the probe time stays');
    h = observeHealth(h, node({ heartbeat: '2024-01-01T00:00:00Z' }), '2024-01-01T00:00:10.000000Z', 6000);
    assert.equal(h.probeTimestamp, 6000, 'lease renewed');
    h = observeHealth(h, node({ heartbeat: '2024-01-01T00:00:20Z' }), '2024-01-01T00:00:10.000000Z', 7000);
    assert.equal(h.probeTimestamp, 7000, 'heartbeat posted');
    assert.equal(h.readyTransitionTimestamp, 1000);
    h = observeHealth(h, node({ heartbeat: '2024-01-01T00:00:30Z', transition: 't1', status: 'False' }), undefined, 8000);
    assert.equal(h.readyTransitionTimestamp, 8000, 'Ready transitioned');
  });

  test('a node that never posted status is measured from its creation; a lease alone keeps it alive', () => {
    const created = Date.parse('2025-01-01T00:00:00Z');
    let h = observeHealth(undefined, node(undefined), undefined, created + 60_000);
    assert.equal(h.probeTimestamp, created);
    h = observeHealth(h, node(undefined), '2025-01-01T00:01:00.000000Z', created + 61_000);
    assert.equal(h.probeTimestamp, created + 61_000);
  });

  test('silent conditions turn Unknown with upstream reasons; missing ones are added', () => {
    const n = node({ heartbeat: 'h' });
    (n.status as { conditions: NodeCondition[] }).conditions.push({ type: 'DiskPressure', status: 'Unknown', reason: 'Earlier' });
    const conds = conditionsWhenSilent(n, 'NOW')!;
    const byType = Object.fromEntries(conds.map((c) => [c.type, c]));
    assert.deepEqual([byType.Ready.status, byType.Ready.reason, byType.Ready.message, byType.Ready.lastTransitionTime, byType.Ready.lastHeartbeatTime],
      ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', 'NOW', 'h']);
    assert.equal(byType.DiskPressure.reason, 'Earlier', 'already Unknown: untouched');
    assert.deepEqual([byType.MemoryPressure.status, byType.MemoryPressure.reason, byType.MemoryPressure.message], ['Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.']);
    assert.equal(byType.PIDPressure.status, 'Unknown');
    assert.equal(byType.NetworkUnavailable, undefined);
    assert.equal(conditionsWhenSilent({ ...n, status: { conditions: conds } }, 'LATER'), undefined);
  });
});
