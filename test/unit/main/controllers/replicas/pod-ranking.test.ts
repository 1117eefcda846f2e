import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { podsToDelete } from '../../../../../main/controllers/replicas/pod-ranking.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const ago = (s: number): string => new Date(NOW.getTime() - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface PodOpts { node?: string; phase?: string; ready?: boolean; readySince?: number; restarts?: number; age?: number; cost?: string; uid?: string }
function pod(name: string, o: PodOpts = {}): KubeObject {
  const ready = o.ready ?? true;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: o.uid ?? name, creationTimestamp: ago(o.age ?? 3600), annotations: o.cost ? { 'controller.kubernetes.io/pod-deletion-cost': o.cost } : undefined },
    spec: { nodeName: o.node ?? 'n1', containers: [{ name: 'c', image: 'i' }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: ago(o.readySince ?? 3000) }],
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }],
    },
  };
}
const names = (pods: KubeObject[]): string[] => pods.map((p) => p.metadata.name!);
const first = (pods: KubeObject[]): string => names(podsToDelete(pods, pods, 1, NOW))[0];

test('unscheduled before scheduled, pending before running, not ready before ready', () => {
  assert.equal(first([pod('running'), pod('unscheduled', { node: '', phase: 'Pending', ready: false })]), 'unscheduled');
  assert.equal(first([pod('running'), pod('pending', { phase: 'Pending', ready: false })]), 'pending');
  assert.equal(first([pod('unknown', { phase: 'Unknown' }), pod('pending', { phase: 'Pending' })]), 'pending');
  assert.equal(first([pod('ready'), pod('not-ready', { ready: false })]), 'not-ready');
});

test('a lower pod-deletion-cost goes first, before anything about age', () => {
  assert.equal(first([pod('young', { age: 10, readySince: 5 }), pod('cheap', { cost: '-10' })]), 'cheap');
});

test('pods doubled up on a node with other related pods go first', () => {
  const crowded = [pod('a', { node: 'n1' }), pod('b', { node: 'n1' })];
  const alone = pod('c', { node: 'n2' });
  const related = [...crowded, alone, pod('sibling', { node: 'n1' })];
  assert.deepEqual(names(podsToDelete([alone, ...crowded], related, 2, NOW)).sort(), ['a', 'b']);
});

test('among ready pods, the one ready for less time goes first (log scale)', () => {
  assert.equal(first([pod('long', { readySince: 7200 }), pod('recent', { readySince: 30 })]), 'recent');
});

test('more container restarts go first', () => {
  assert.equal(first([pod('stable', { uid: 'a' }), pod('flaky', { restarts: 5, uid: 'b' })]), 'flaky');
});

test('newer pods go first; pods of about the same age are ordered by UID', () => {
  assert.equal(first([pod('old', { age: 7200, uid: 'a', readySince: 3000 }), pod('new', { age: 60, uid: 'b', readySince: 3000 })]), 'new');
  // 100 s and 110 s old fall into the same power-of-two bucket of nanoseconds
  assert.equal(first([pod('x', { age: 100, uid: 'zzz', readySince: 3000 }), pod('y', { age: 110, uid: 'aaa', readySince: 3000 })]), 'y');
});

test('deleting as many pods as there are takes them all', () => {
  const pods = [pod('a'), pod('b')];
  assert.deepEqual(names(podsToDelete(pods, pods, 5, NOW)), ['a', 'b']);
});
