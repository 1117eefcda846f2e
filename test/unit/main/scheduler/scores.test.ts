import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { podInfoOf } from '../../../../main/scheduler/pod-info.js';
import { balancedAllocationScore, leastAllocatedScore, normalize, scoreNodes, spreadScores } from '../../../../main/scheduler/scores.js';
import { cacheOf, node, nodeInfo, pod } from './fixtures.js';

describe('score plugins', () => {
  test('LeastAllocated: the free share of cpu and memory after placing the pod, averaged', () => {
    const n = nodeInfo(node('n1', { allocatable: { cpu: '4', memory: '8Gi' } }), [pod({ requests: { cpu: '1', memory: '2Gi' } })]);
    // cpu (4000 − 2000) × 100 / 4000 = 50; memory (8 − 4) × 100 / 8 = 50
    assert.equal(leastAllocatedScore(podInfoOf(pod({ requests: { cpu: '1', memory: '2Gi' } })), n), 50);
    // A pod without requests counts as 100m / 200Mi.
    const empty = nodeInfo(node('n2', { allocatable: { cpu: '1', memory: '1000Mi' } }));
    assert.equal(leastAllocatedScore(podInfoOf(pod()), empty), 85); // cpu 90, memory 80
  });

  test('BalancedAllocation prefers nodes whose cpu and memory use stay even', () => {
    const n = nodeInfo(node('n1', { allocatable: { cpu: '4', memory: '4Gi' } }));
    assert.equal(balancedAllocationScore(podInfoOf(pod({ requests: { cpu: '2', memory: '2Gi' } })), n), 100);
    assert.equal(balancedAllocationScore(podInfoOf(pod({ requests: { cpu: '4', memory: '0' } })), n), 50);
  });

  test('normalize scales to 0–100 and reverses for "fewer is better"', () => {
    const s = [0, 2, 4];
    normalize(s, false);
    assert.deepEqual(s, [0, 50, 100]);
    const r = [0, 1, 2];
    normalize(r, true);
    assert.deepEqual(r, [100, 50, 0]);
    const zero = [0, 0];
    normalize(zero, true);
    assert.deepEqual(zero, [100, 100]);
  });

  test('spreading: fewer pods of the same owner on the node (and in its zone) scores higher', () => {
    const owner = { kind: 'ReplicaSet', uid: 'rs-1' };
    const nodes = [node('a', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), node('b', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), node('c', { labels: { 'topology.kubernetes.io/zone': 'z2' } })];
    const cache = cacheOf(nodes, [pod({ owner, nodeName: 'a' }), pod({ owner, nodeName: 'a' }), pod({ owner: { kind: 'ReplicaSet', uid: 'other' }, nodeName: 'c' })]);
    const list = ['a', 'b', 'c'].map((n) => cache.node(n)!);
    const s = spreadScores(podInfoOf(pod({ owner })), list, cache)!;
    assert.ok(s[2] > s[1] && s[1] > s[0], `c (empty zone) > b (zone has 2) > a (node has 2): ${s}`);
    assert.equal(s[2], 100);
    // Pods without a ReplicaSet/StatefulSet/ReplicationController owner are not spread.
    assert.equal(spreadScores(podInfoOf(pod({ owner: { kind: 'Job', uid: 'j' } })), list, cache), undefined);
  });

  test('preferred node affinity and PreferNoSchedule taints weigh in', () => {
    const nodes = [node('plain'), node('ssd', { labels: { disktype: 'ssd' } }), node('soft', { labels: { disktype: 'ssd' }, taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] })];
    const cache = cacheOf(nodes);
    const list = nodes.map((n) => cache.node(n.metadata.name!)!);
    const p = pod({ spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } }] } } } });
    const [plain, ssd, soft] = scoreNodes(podInfoOf(p), list, cache);
    assert.ok(ssd > plain, 'the preferred label wins');
    assert.ok(ssd > soft, 'an untolerated PreferNoSchedule taint costs');
    const tolerant = pod({ spec: { ...p.spec, tolerations: [{ key: 'soft', operator: 'Exists', effect: 'PreferNoSchedule' }] } });
    const t = scoreNodes(podInfoOf(tolerant), list, cache);
    assert.equal(t[1], t[2]);
  });
});
