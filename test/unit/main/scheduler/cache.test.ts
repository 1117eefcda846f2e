import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { podInfoOf } from '../../../../main/scheduler/pod-info.js';
import { cacheOf, node, pod } from './fixtures.js';

describe('scheduler cache', () => {
  test('assume reserves at once; the bound pod confirms it; forget only drops assumptions', () => {
    const cache = cacheOf([node('n1')]);
    const p = pod({ requests: { cpu: '1' } });
    cache.assume(podInfoOf(p), 'n1');
    assert.equal(cache.node('n1')!.requested.milliCpu, 1000);
    assert.ok(cache.isAssumed(p.metadata.uid!));
    cache.addPod({ ...p, spec: { ...p.spec!, nodeName: 'n1' } });
    assert.equal(cache.isAssumed(p.metadata.uid!), false);
    assert.equal(cache.node('n1')!.requested.milliCpu, 1000, 'counted once');
    cache.forget(p.metadata.uid!);
    assert.equal(cache.node('n1')!.requested.milliCpu, 1000, 'a confirmed pod is not forgotten');

    const q = pod({ requests: { cpu: '500m' } });
    cache.assume(podInfoOf(q), 'n1');
    cache.forget(q.metadata.uid!);
    assert.equal(cache.node('n1')!.requested.milliCpu, 1000);
    assert.equal(cache.node('n1')!.pods.size, 1);
  });

  test('a pod bound elsewhere than assumed moves; deleting frees the node', () => {
    const cache = cacheOf([node('n1'), node('n2')]);
    const p = pod({ requests: { memory: '1Gi' } });
    cache.assume(podInfoOf(p), 'n1');
    const bound = { ...p, spec: { ...p.spec!, nodeName: 'n2' } };
    cache.addPod(bound);
    assert.equal(cache.node('n1')!.requested.memory, 0);
    assert.equal(cache.node('n2')!.requested.memory, 1024 ** 3);
    cache.removePod(bound);
    assert.equal(cache.node('n2')!.pods.size, 0);
  });

  test('zone counts follow pods and nodes moving between zones', () => {
    const owner = { kind: 'ReplicaSet', uid: 'rs' };
    const cache = cacheOf([node('n1', { labels: { 'topology.kubernetes.io/zone': 'a' } })], [pod({ owner, nodeName: 'n1' }), pod({ owner, nodeName: 'n1' })]);
    assert.equal(cache.zoneCount('a', 'default/rs'), 2);
    cache.setNode(node('n1', { labels: { 'topology.kubernetes.io/zone': 'b' } }));
    assert.equal(cache.zoneCount('a', 'default/rs'), 0);
    assert.equal(cache.zoneCount('b', 'default/rs'), 2);
    cache.removeNode('n1');
    assert.equal(cache.zoneCount('b', 'default/rs'), 0);
    assert.equal(cache.nodeCount, 0);
  });

  test('nodes are listed round-robin across zones', () => {
    const z = (name: string, zone: string) => node(name, { labels: { 'topology.kubernetes.io/zone': zone } });
    const cache = cacheOf([z('a1', 'a'), z('a2', 'a'), z('a3', 'a'), z('b1', 'b'), z('c1', 'c')]);
    assert.deepEqual(cache.nodeList().map((n) => n.name), ['a1', 'b1', 'c1', 'a2', 'a3']);
  });
});
