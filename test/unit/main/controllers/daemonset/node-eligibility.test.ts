import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeShouldRunDaemonPod, withDaemonTolerations } from '../../../../../main/controllers/daemonset/node-eligibility.js';
import { ds, node } from './fixtures.js';

const run = (n: ReturnType<typeof node>, d = ds()): string => {
  const e = nodeShouldRunDaemonPod(n, d);
  return `${e.shouldRun}/${e.shouldContinueRunning}`;
};

test('untainted nodes run the pod; a NoSchedule taint stops new pods but keeps running ones; NoExecute evicts', () => {
  assert.equal(run(node('a')), 'true/true');
  assert.equal(run(node('a', {}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }])), 'false/true');
  assert.equal(run(node('a', {}, [{ key: 'maintenance', effect: 'NoExecute' }])), 'false/false');
  // PreferNoSchedule never keeps a daemon pod away.
  assert.equal(run(node('a', {}, [{ key: 'soft', effect: 'PreferNoSchedule' }])), 'true/true');
});

test('tolerations in the template make tainted nodes eligible', () => {
  const tolerant = ds();
  tolerant.spec!.template.spec!.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }];
  assert.equal(run(node('a', {}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]), tolerant), 'true/true');
  assert.equal(run(node('a', {}, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]), tolerant), 'false/true');
});

test('the automatic daemon tolerations cover node-condition taints (network-unavailable only with hostNetwork)', () => {
  for (const key of ['not-ready', 'unreachable']) assert.equal(run(node('a', {}, [{ key: `node.kubernetes.io/${key}`, effect: 'NoExecute' }])), 'true/true');
  for (const key of ['disk-pressure', 'memory-pressure', 'pid-pressure', 'unschedulable']) {
    assert.equal(run(node('a', {}, [{ key: `node.kubernetes.io/${key}`, effect: 'NoSchedule' }])), 'true/true');
  }
  const netTaint = node('a', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]);
  assert.equal(run(netTaint), 'false/true');
  const hostNet = ds();
  hostNet.spec!.template.spec!.hostNetwork = true;
  assert.equal(run(netTaint, hostNet), 'true/true');
});

test('a bounded not-ready toleration in the template becomes unbounded; others are kept as written', () => {
  const tolerations = withDaemonTolerations({
    containers: [],
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'team', operator: 'Equal', value: 'a', effect: 'NoSchedule' },
    ],
  });
  assert.deepEqual(tolerations.slice(0, 3), [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'team', operator: 'Equal', value: 'a', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  ]);
  assert.equal(tolerations.length, 7);
});

test('a template nodeName picks its node', () => {
  const pinned = ds();
  pinned.spec!.template.spec!.nodeName = 'b';
  assert.equal(run(node('a'), pinned), 'false/false');
  assert.equal(run(node('b'), pinned), 'true/true');
});
