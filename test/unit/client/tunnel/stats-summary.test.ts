// The API server checks an agent's usage summary before it renders metrics from it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatsSummary } from '../../../../client/tunnel/index.js';

const usage = { timestamp: '2025-03-01T10:00:10.000Z', windowMs: 10_000, cpuNanoCores: 250_000_000, memoryWorkingSetBytes: 4096 };

describe('parseStatsSummary', () => {
  test('keeps the node, pods and containers, dropping unknown fields', () => {
    const pod = { namespace: 'default', name: 'web', uid: 'u1', containers: [{ name: 'main', usage }] };
    assert.deepEqual(parseStatsSummary({ node: usage, pods: [{ ...pod, extra: true }], version: 2 }), { node: usage, pods: [pod] });
    assert.deepEqual(parseStatsSummary({ pods: [] }), { pods: [] });
  });

  test('refuses malformed summaries with the field named', () => {
    assert.throws(() => parseStatsSummary([]), /stats summary must be an object/);
    assert.throws(() => parseStatsSummary({ pods: 3 }), /pods must be a list/);
    assert.throws(() => parseStatsSummary({ pods: [{ namespace: 'd', name: 'w', uid: 'u', containers: [{ name: 'c', usage: { ...usage, cpuNanoCores: -1 } }] }] }), /pods\[0\]\.containers\[0\]\.usage\.cpuNanoCores must be a non-negative integer/);
    assert.throws(() => parseStatsSummary({ node: { ...usage, timestamp: 'yesterday' }, pods: [] }), /node\.timestamp must be an RFC 3339 time/);
    assert.throws(() => parseStatsSummary({ pods: [{ namespace: 'd', name: '', uid: 'u', containers: [] }] }), /pods\[0\]\.name must be a non-empty string/);
  });
});
