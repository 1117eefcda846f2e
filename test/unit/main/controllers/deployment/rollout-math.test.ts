import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  maxSurge, maxUnavailable, newRSNewReplicas, planOldScaleDown, planProportionalScale, resolveFenceposts, roundHalfAwayFromZero, scaledValue,
} from '../../../../../main/controllers/deployment/rollout-math.js';
import { deployment, replicaSet } from './fixtures.js';

test('percentages: surge rounds up, unavailability rounds down, and both zero means one unavailable', () => {
  assert.deepEqual(resolveFenceposts('25%', '25%', 10), [3, 2]);
  assert.deepEqual(resolveFenceposts('25%', '25%', 1), [1, 0]);
  assert.deepEqual(resolveFenceposts('10%', '10%', 3), [1, 0]);
  assert.deepEqual(resolveFenceposts(0, '10%', 3), [0, 1]);
  assert.deepEqual(resolveFenceposts(2, 1, 10), [2, 1]);
  assert.equal(scaledValue('33%', 10, true), 4);
  assert.equal(scaledValue('33%', 10, false), 3);
  assert.throws(() => scaledValue('5', 10, true), /string is not a percentage/);
});

test('maxUnavailable is capped at the replicas and zero for Recreate or no replicas', () => {
  assert.equal(maxUnavailable(deployment(3, { maxUnavailable: 5, maxSurge: 1 })), 3);
  assert.equal(maxUnavailable(deployment(0, { maxUnavailable: 2 })), 0);
  assert.equal(maxUnavailable(deployment(4, { recreate: true })), 0);
  assert.equal(maxSurge(deployment(4, { recreate: true })), 0);
  assert.equal(maxSurge(deployment(10, { maxSurge: '25%', maxUnavailable: '25%' })), 3);
});

test('the new ReplicaSet grows up to replicas + maxSurge in total, never beyond replicas', () => {
  const d = deployment(10, { maxSurge: '25%', maxUnavailable: '25%' });
  const fresh = replicaSet('new', 0);
  assert.equal(newRSNewReplicas(d, [replicaSet('old', 10), fresh], fresh), 3);
  const grown = replicaSet('new', 3);
  assert.equal(newRSNewReplicas(d, [replicaSet('old', 8), grown], grown), 5);
  assert.equal(newRSNewReplicas(d, [replicaSet('old', 10), grown], grown), 3, 'at the surge limit');
  const small = deployment(3, { maxSurge: '100%' });
  const one = replicaSet('new', 1);
  assert.equal(newRSNewReplicas(small, [replicaSet('old', 0), one], one), 3);
  assert.equal(newRSNewReplicas(deployment(5, { recreate: true }), [one], one), 5);
});

test('old ReplicaSets scale down only as far as maxUnavailable allows, unhealthy pods first', () => {
  const step = (old: number, oldAvailable: number, fresh: number, freshAvailable: number): number | undefined => {
    const d = deployment(10, { maxUnavailable: 2 });
    const o = replicaSet('old', old, { available: oldAvailable, ageSeconds: 100 });
    const n = replicaSet('new', fresh, { available: freshAvailable });
    const steps = planOldScaleDown(d, [o, n], [o], n);
    return steps.length ? steps[steps.length - 1].to : undefined;
  };
  const o = replicaSet('old', 10), n = replicaSet('new', 0);
  assert.equal(planOldScaleDown(deployment(10, { maxSurge: 1, maxUnavailable: 0 }), [o, n], [o], n).length, 0, 'maxUnavailable 0: all 10 must stay');
  assert.deepEqual(planOldScaleDown(deployment(10), [o, n], [o], n).map((s) => s.to), [9], 'surge and unavailability both 0: one may go');
  assert.equal(step(10, 10, 0, 0), 8);
  assert.equal(step(10, 8, 0, 0), 8, 'two unhealthy pods cleaned up');
  assert.equal(step(10, 9, 0, 0), 8, 'one unhealthy, one available');
  assert.equal(step(8, 8, 2, 0), undefined, 'unavailable new pods block further scale-down');
});

test('cleaning unhealthy replicas then scaling down the same ReplicaSet are two steps', () => {
  const d = deployment(10, { maxUnavailable: 3 });
  const o = replicaSet('old', 10, { available: 9 });
  const n = replicaSet('new', 0);
  assert.deepEqual(planOldScaleDown(d, [o, n], [o], n).map((s) => s.to), [9, 7]);
});

/** Upstream's TestScale cases: sizes after a resize while two or three ReplicaSets are active. */
test('proportional scaling as upstream spreads it, leftovers to the largest', () => {
  const plan = (from: number, to: number, newSize: number, oldSizes: number[]): [number, number[]] => {
    const d = deployment(to);
    const fresh = replicaSet('new', newSize, { annotated: [from, from] });
    const olds = oldSizes.map((n, i) => replicaSet(`old${i}`, n, { annotated: [from, from], ageSeconds: 100 * (i + 1) }));
    const sizes = new Map(planProportionalScale(d, [fresh, ...olds]).map((s) => [s.rs.metadata.name, s.to]));
    return [sizes.get('new')!, olds.map((o) => sizes.get(o.metadata.name)!)];
  };
  assert.deepEqual(plan(5, 10, 2, [3]), [4, [6]]);
  assert.deepEqual(plan(5, 3, 2, [3]), [1, [2]]);
  assert.deepEqual(plan(9, 4, 8, [1]), [4, [0]]);
  assert.deepEqual(plan(7, 10, 2, [3, 2]), [3, [4, 3]]);
  assert.deepEqual(plan(13, 8, 2, [8, 3]), [1, [5, 2]]);
  assert.deepEqual(plan(3, 4, 1, [1, 1]), [2, [1, 1]]);
  assert.deepEqual(plan(4, 3, 1, [2, 1]), [1, [1, 1]]);
  assert.deepEqual(plan(6, 0, 3, [3]), [0, [0]]);
});

test('Go rounding: halves away from zero', () => {
  assert.deepEqual([2.5, 1.5, 0.5, -0.5, -2.5, 2.4].map(roundHalfAwayFromZero), [3, 2, 1, -1, -3, 2]);
});
