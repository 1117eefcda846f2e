import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointAddress } from 'kubernetes-types/core/v1.js';
import { repackSubsets, truncateSubsets, type EndpointEntry } from '../../../../../main/controllers/endpoints/subsets.js';

const addr = (ip: string, pod: string): EndpointAddress => ({ ip, nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: pod, uid: `uid-${pod}` } });
const http = (port: number) => ({ name: 'http', port, protocol: 'TCP' });
const metrics = { name: 'metrics', port: 9100, protocol: 'TCP' };

describe('repackSubsets', () => {
  test('addresses offering the same ports share a subset, sorted by IP; a pod with another number for a port gets its own', () => {
    const entries: EndpointEntry[] = [
      { address: addr('10.244.0.10', 'c'), port: http(8080), ready: true },
      { address: addr('10.244.0.10', 'c'), port: metrics, ready: true },
      { address: addr('10.244.0.9', 'b'), port: http(8080), ready: false },
      { address: addr('10.244.0.9', 'b'), port: metrics, ready: false },
      { address: addr('10.244.0.2', 'a'), port: http(8080), ready: true },
      { address: addr('10.244.0.2', 'a'), port: metrics, ready: true },
      { address: addr('10.244.0.3', 'd'), port: http(9090), ready: true },
    ];
    assert.deepEqual(repackSubsets(entries), [
      { addresses: [addr('10.244.0.2', 'a'), addr('10.244.0.10', 'c')], notReadyAddresses: [addr('10.244.0.9', 'b')], ports: [http(8080), metrics] },
      { addresses: [addr('10.244.0.3', 'd')], ports: [http(9090)] },
    ]);
  });

  test('the same input in another order gives the same subsets', () => {
    const entries: EndpointEntry[] = [
      { address: addr('10.0.0.5', 'x'), port: http(80), ready: true },
      { address: addr('10.0.0.4', 'y'), port: http(80), ready: false },
      { address: addr('10.0.0.6', 'z'), port: http(81), ready: true },
    ];
    assert.deepEqual(repackSubsets([...entries].reverse()), repackSubsets(entries));
  });

  test('headless addresses without ports form a subset without ports', () => {
    assert.deepEqual(repackSubsets([{ address: addr('10.0.0.7', 'h'), port: undefined, ready: true }]), [{ addresses: [addr('10.0.0.7', 'h')] }]);
  });
});

describe('truncateSubsets', () => {
  test('keeps at most the limit, ready addresses first', () => {
    const subsets = [
      { notReadyAddresses: [addr('10.0.0.1', 'n1'), addr('10.0.0.2', 'n2')], addresses: [addr('10.0.0.3', 'r1')], ports: [http(80)] },
      { addresses: [addr('10.0.0.4', 'r2')], ports: [http(81)] },
    ];
    assert.equal(truncateSubsets(subsets, 3), true);
    assert.deepEqual(subsets.map((s) => [(s.addresses ?? []).length, (s.notReadyAddresses ?? []).length]), [[1, 1], [1, 0]]);
    assert.equal(truncateSubsets(subsets, 3), false);
  });
});
