import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { numFeasibleNodesToFind, schedulePod, selectHost, type AlgorithmState } from '../../../../main/scheduler/algorithm.js';
import { availabilitySummary, truncateMessage } from '../../../../main/scheduler/fit-error.js';
import { podInfoOf } from '../../../../main/scheduler/pod-info.js';
import { cacheOf, node, pod } from './fixtures.js';

const state = (random = () => 0.5): AlgorithmState => ({ nextStart: 0, percentageOfNodesToScore: 0, random });

describe('node sampling (percentageOfNodesToScore)', () => {
  test('all nodes below 100; 50% less 1% per 125 nodes; at least 5% and 100 nodes', () => {
    assert.equal(numFeasibleNodesToFind(50), 50);
    assert.equal(numFeasibleNodesToFind(100), 100);
    assert.equal(numFeasibleNodesToFind(1000), 420);
    assert.equal(numFeasibleNodesToFind(5000), 500);
    assert.equal(numFeasibleNodesToFind(10000), 500);
    assert.equal(numFeasibleNodesToFind(1000, 30), 300);
    assert.equal(numFeasibleNodesToFind(1000, 100), 1000);
  });

  test('successive decisions start where the last one stopped', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => node(`n${i}`));
    const cache = cacheOf(nodes);
    const s = state();
    schedulePod(podInfoOf(pod()), cache, s);
    assert.equal(s.nextStart, numFeasibleNodesToFind(300));
  });
});

describe('schedulePod', () => {
  test('the emptier node wins; an assumed pod counts for the next decision', () => {
    const cache = cacheOf([node('small', { allocatable: { cpu: '2' } }), node('big', { allocatable: { cpu: '8' } })]);
    const p = pod({ requests: { cpu: '1' } });
    const d = schedulePod(podInfoOf(p), cache, state());
    assert.equal(d.node, 'big');
    const bigPod = pod({ requests: { cpu: '7' } });
    cache.assume(podInfoOf(bigPod), 'big');
    const d2 = schedulePod(podInfoOf(pod({ requests: { cpu: '1500m' } })), cache, state());
    assert.equal(d2.node, 'small', 'big has only 1 cpu left once the 7-cpu pod is assumed there');
  });

  test('a pod that fits nowhere gets the kube-scheduler message and the rejecting plugins', () => {
    const cache = cacheOf([
      node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
      node('w1', { allocatable: { cpu: '2' } }),
      node('w2', { allocatable: { cpu: '2' } }),
    ]);
    const d = schedulePod(podInfoOf(pod({ requests: { cpu: '3' } })), cache, state());
    assert.equal(d.node, undefined);
    assert.equal(d.node === undefined && d.message,
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. '
      + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..');
    assert.deepEqual(d.node === undefined && [...d.plugins].sort(), ['NodeResourcesFit', 'TaintToleration']);
  });

  test('preemption wording: lower-priority pods that would not make room, and preemptionPolicy Never', () => {
    const low = pod({ priority: -10, requests: { cpu: '1' }, nodeName: 'w1' });
    const cache = cacheOf([node('w1', { allocatable: { cpu: '2' } })], [low]);
    const d = schedulePod(podInfoOf(pod({ requests: { cpu: '3' } })), cache, state());
    assert.equal(d.node === undefined && d.message, '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu..');
    const never = pod({ requests: { cpu: '3' }, spec: { preemptionPolicy: 'Never' } });
    const d2 = schedulePod(podInfoOf(never), cache, state());
    assert.equal(d2.node === undefined && d2.message, '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..');
  });

  test('a pod pinned by matchFields (DaemonSet pods) is only tried on its node', () => {
    const pinned = (cpu: string, ...fields: { key: string; operator: string; values: string[] }[]) => pod({ requests: { cpu }, spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: fields }] } } } } });
    const cache = cacheOf([node('a'), node('b'), node('c')]);
    const name = (v: string) => ({ key: 'metadata.name', operator: 'In', values: [v] });
    assert.equal(schedulePod(podInfoOf(pinned('1', name('b'))), cache, state()).node, 'b');
    const d = schedulePod(podInfoOf(pinned('5', name('b'))), cache, state());
    assert.equal(d.node === undefined && d.message, "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
      + 'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..');
    const conflict = schedulePod(podInfoOf(pinned('1', name('a'), name('b'))), cache, state());
    assert.equal(conflict.node === undefined && conflict.message, '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..');
  });

  test('no nodes at all', () => {
    const d = schedulePod(podInfoOf(pod()), cacheOf([]), state());
    assert.equal(d.node === undefined && d.message, 'no nodes available to schedule pods');
  });

  test('reasons are counted and sorted as Go sorts strings', () => {
    assert.equal(availabilitySummary(12, [...Array(10).fill(['Insufficient cpu']), ['Too many pods'], ['Too many pods']]), '0/12 nodes are available: 10 Insufficient cpu, 2 Too many pods.');
    assert.equal(truncateMessage('x'.repeat(2000)).length, 1024);
  });

  test('ties are broken at random among the best', () => {
    assert.equal(selectHost([5, 9, 3, 9], () => 0), 3, 'a random draw of 0 replaces the pick with each later tie');
    assert.equal(selectHost([5, 9, 3, 9], () => 0.99), 1);
    assert.equal(selectHost([7], () => 0), 0);
  });
});
