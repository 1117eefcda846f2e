import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { finishedTime, nextBackoffRecord, remainingBackoffMs } from '../../../../../main/controllers/job/backoff.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');
const finished = (s: number): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${s}`, creationTimestamp: at(0) },
  status: { containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 1, finishedAt: at(s) } } }] },
});

describe('pod failure back-off', () => {
  test('10 s after the first failure, doubling per failure, capped at 6 minutes', () => {
    const delay = (failures: number): number => remainingBackoffMs({ failuresAfterLastSuccess: failures, lastFailureTime: T0 }, T0, 10_000, 360_000);
    assert.deepEqual([0, 1, 2, 3, 6, 7, 20].map(delay), [0, 10_000, 20_000, 40_000, 320_000, 360_000, 360_000]);
  });

  test('counts from when the last failed pod finished', () => {
    const rec = { failuresAfterLastSuccess: 2, lastFailureTime: T0 };
    assert.equal(remainingBackoffMs(rec, T0 + 15_000, 10_000, 360_000), 5_000);
    assert.equal(remainingBackoffMs(rec, T0 + 25_000, 10_000, 360_000), 0);
  });

  test('failures add up; a success resets the count to the failures after it', () => {
    let rec = nextBackoffRecord(undefined, [], [finished(5), finished(3)]);
    assert.deepEqual(rec, { failuresAfterLastSuccess: 2, lastFailureTime: T0 + 5000 });
    rec = nextBackoffRecord(rec, [], [finished(9)]);
    assert.deepEqual(rec, { failuresAfterLastSuccess: 3, lastFailureTime: T0 + 9000 });
    rec = nextBackoffRecord(rec, [finished(10)], [finished(8), finished(12)]);
    assert.deepEqual(rec, { failuresAfterLastSuccess: 1, lastFailureTime: T0 + 12_000 });
    assert.deepEqual(nextBackoffRecord(rec, [finished(20)], []), { failuresAfterLastSuccess: 0, lastFailureTime: undefined });
  });

  test('a pod without terminated containers finished when Ready turned False, else when it was deleted', () => {
    const notReady: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: at(7) }] } };
    assert.equal(finishedTime(notReady), T0 + 7000);
    const deleted: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', deletionTimestamp: at(40), deletionGracePeriodSeconds: 30 } };
    assert.equal(finishedTime(deleted), T0 + 10_000);
  });
});
