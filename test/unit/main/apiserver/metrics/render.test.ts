// NodeMetrics and PodMetrics as metrics-server writes them, so kubectl top prints the same numbers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuQuantity, goDuration, memoryQuantity, metricsTable, nodeMetrics, podMetrics, withKind } from '../../../../../main/apiserver/metrics/render.js';
import type { KubeObject } from '../../../../../api/types/meta.js';

const NOW = new Date('2025-03-01T10:00:12.345Z');
const usage = (cpuNanoCores: number, memoryWorkingSetBytes: number, timestamp = '2025-03-01T10:00:10.250Z', windowMs = 10_064) => ({ timestamp, windowMs, cpuNanoCores, memoryWorkingSetBytes });

describe('metrics rendering', () => {
  test('quantities in upstream canonical form: nanocores and binary bytes', () => {
    assert.equal(cpuQuantity(329_087_452), '329087452n');
    assert.equal(cpuQuantity(5_000_000), '5m');
    assert.equal(cpuQuantity(2_000_000_000), '2');
    assert.equal(cpuQuantity(0), '0');
    assert.equal(memoryQuantity(2_748_180 * 1024), '2748180Ki');
    assert.equal(memoryQuantity(64 * 1024 * 1024), '64Mi');
    assert.equal(memoryQuantity(1000), '1k');
    assert.equal(memoryQuantity(0), '0');
  });

  test('windows as Go durations', () => {
    assert.equal(goDuration(10_000), '10s');
    assert.equal(goDuration(10_064), '10.064s');
    assert.equal(goDuration(20_500), '20.5s');
    assert.equal(goDuration(750), '750ms');
    assert.equal(goDuration(65_000), '1m5s');
  });

  test('a node: name and labels, the sample time to the second, the window, usage', () => {
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'edge-1', uid: 'n1', labels: { 'kubernetes.io/hostname': 'edge-1' }, resourceVersion: '7' } };
    assert.deepEqual(withKind('NodeMetrics', nodeMetrics(node, usage(123_456, 12_345 * 1024), NOW)), {
      kind: 'NodeMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'edge-1', creationTimestamp: '2025-03-01T10:00:12Z', labels: { 'kubernetes.io/hostname': 'edge-1' } },
      timestamp: '2025-03-01T10:00:10Z',
      window: '10.064s',
      usage: { cpu: '123456n', memory: '12345Ki' },
    });
  });

  test('a pod: containers in spec order, the newest sample; stats of another pod with the same name are not its own', () => {
    const pod: KubeObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', uid: 'u2', labels: { app: 'web' } },
      spec: { initContainers: [{ name: 'setup' }], containers: [{ name: 'nginx' }, { name: 'agent' }] },
    };
    const stats = { namespace: 'default', name: 'web', uid: 'u2', containers: [
      { name: 'agent', usage: usage(1_000_000, 8 << 20, '2025-03-01T10:00:11.000Z') },
      { name: 'nginx', usage: usage(250_000_000, 100 << 20) },
    ] };
    assert.deepEqual(podMetrics(pod, stats, NOW), {
      metadata: { name: 'web', namespace: 'default', creationTimestamp: '2025-03-01T10:00:12Z', labels: { app: 'web' } },
      timestamp: '2025-03-01T10:00:11Z',
      window: '10.064s',
      containers: [{ name: 'nginx', usage: { cpu: '250m', memory: '100Mi' } }, { name: 'agent', usage: { cpu: '1m', memory: '8Mi' } }],
    });
    assert.equal(podMetrics(pod, { ...stats, uid: 'u1' }, NOW), undefined);
    assert.equal(podMetrics(pod, { ...stats, containers: [] }, NOW), undefined);
  });

  test('the Table kubectl get shows: name, cpu, memory (summed over a pod\'s containers), window', () => {
    const pm = {
      metadata: { name: 'web', namespace: 'default', creationTimestamp: '2025-03-01T10:00:12Z' },
      timestamp: '2025-03-01T10:00:11Z', window: '10s',
      containers: [{ name: 'a', usage: { cpu: '250m', memory: '100Mi' } }, { name: 'b', usage: { cpu: '1m', memory: '8Mi' } }],
    };
    const t = metricsTable([pm], 'None');
    assert.deepEqual(t.columnDefinitions.map((c) => c.name), ['Name', 'cpu', 'memory', 'Window']);
    assert.deepEqual(t.rows, [{ cells: ['web', '251m', '108Mi', '10s'] }]);
  });
});
