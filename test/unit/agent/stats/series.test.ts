// Usage rates from the last two samples of a cumulative CPU counter, as metrics-server computes them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Series, usageBetween } from '../../../../agent/stats/series.js';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');

describe('usage rates', () => {
  test('the first sample gives no rate; the second gives CPU over the window and the latest memory', () => {
    const s = new Series();
    s.add({ timeMs: T0, cpuUsageNanos: 5_000_000_000, memoryWorkingSetBytes: 10 << 20 });
    assert.equal(s.usage(), undefined);
    // 2.5 s of CPU in 10 s: a quarter of a core.
    s.add({ timeMs: T0 + 10_000, cpuUsageNanos: 7_500_000_000, memoryWorkingSetBytes: 12 << 20 });
    assert.deepEqual(s.usage(), { timestamp: '2025-03-01T10:00:10.000Z', windowMs: 10_000, cpuNanoCores: 250_000_000, memoryWorkingSetBytes: 12 << 20 });
    // The window slides: only the last two samples count.
    s.add({ timeMs: T0 + 20_000, cpuUsageNanos: 7_500_000_000 + 20_000_000_000, memoryWorkingSetBytes: 8 << 20 });
    assert.deepEqual(s.usage(), { timestamp: '2025-03-01T10:00:20.000Z', windowMs: 10_000, cpuNanoCores: 2_000_000_000, memoryWorkingSetBytes: 8 << 20 });
  });

  test('a counter that went down was reset: no rate until the next sample', () => {
    const s = new Series();
    s.add({ timeMs: T0, cpuUsageNanos: 9_000_000_000, memoryWorkingSetBytes: 1 });
    s.add({ timeMs: T0 + 10_000, cpuUsageNanos: 9_100_000_000, memoryWorkingSetBytes: 1 });
    s.add({ timeMs: T0 + 20_000, cpuUsageNanos: 40_000_000, memoryWorkingSetBytes: 1 });
    assert.equal(s.usage(), undefined);
    s.add({ timeMs: T0 + 30_000, cpuUsageNanos: 1_040_000_000, memoryWorkingSetBytes: 1 });
    assert.equal(s.usage()?.cpuNanoCores, 100_000_000);
  });

  test('a sample not newer than the last is ignored (a clock step back must not give a negative window)', () => {
    const s = new Series();
    s.add({ timeMs: T0, cpuUsageNanos: 0, memoryWorkingSetBytes: 1 });
    s.add({ timeMs: T0 + 1000, cpuUsageNanos: 1_000_000, memoryWorkingSetBytes: 1 });
    s.add({ timeMs: T0 + 500, cpuUsageNanos: 900_000_000, memoryWorkingSetBytes: 1 });
    assert.deepEqual(s.usage(), { timestamp: '2025-03-01T10:00:01.000Z', windowMs: 1000, cpuNanoCores: 1_000_000, memoryWorkingSetBytes: 1 });
  });

  test('an idle container has zero CPU, not no rate', () => {
    assert.equal(usageBetween({ timeMs: T0, cpuUsageNanos: 42, memoryWorkingSetBytes: 4096 }, { timeMs: T0 + 10_000, cpuUsageNanos: 42, memoryWorkingSetBytes: 4096 })?.cpuNanoCores, 0);
  });
});
