// Where the scheduler puts pods, with a real control plane, real kubectl and fake nodes: room, node
// selectors and affinity, taints and tolerations, cordoned nodes, host ports, spreading, preferences.
// Each test brings its own nodes and removes them, so "0/N nodes" counts only those.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../helpers/wait.js';
import { SchedulerEnv } from './scheduler-env.js';

const NOT_HELPFUL = (n: number): string => `preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;

describe('scheduler placement', () => {
  let env: SchedulerEnv;
  before(async () => { env = await SchedulerEnv.start(); });
  after(async () => { await env.stop(); });
  afterEach(async () => { await env.reset(); });

  test('pods land on nodes with room, and kubectl shows where and why', async () => {
    await env.addNode({ name: 'node-1', capacity: { cpu: '2' } });
    await env.addNode({ name: 'node-2', capacity: { cpu: '2' } });
    await env.create({ name: 'web-a', cpu: '1500m' }, { name: 'web-b', cpu: '1500m' });
    const a = await env.waitBound('web-a');
    const b = await env.waitBound('web-b');
    assert.notEqual(a, b, 'each node has room for only one of them');
    await waitFor('pods running', async () => /web-a\s+1\/1\s+Running/.test(await env.c.k('get', 'pods', '-o', 'wide')));
    const wide = await env.c.k('get', 'pods', '-o', 'wide');
    assert.match(wide, new RegExp(`web-a\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+\\S+\\s+${a}\\s`));
    const described = await waitFor('Scheduled event', async () => {
      const d = await env.c.k('describe', 'pod', 'web-a');
      return /Scheduled/.test(d) ? d : undefined;
    });
    assert.match(described, new RegExp(`Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+Successfully assigned default/web-a to ${a}\\n`));
    const pod = await env.pod('web-a');
    const managers = (pod.metadata.managedFields ?? []).map((m) => m.manager);
    assert.ok(managers.includes('kube-scheduler'), `binding recorded by kube-scheduler: ${managers.join(',')}`);
  });

  test('nodeSelector and required node affinity', async () => {
    await env.addNode({ name: 'plain' });
    await env.addNode({ name: 'ssd', labels: { disktype: 'ssd' } });
    await env.addNode({ name: 'big', labels: { cores: '16' } });
    const required = (expr: string): string => `    affinity:\n      nodeAffinity:\n        requiredDuringSchedulingIgnoredDuringExecution:\n          nodeSelectorTerms:\n          - matchExpressions:\n${expr}`;
    await env.create(
      { name: 'by-selector', spec: '    nodeSelector:\n      disktype: ssd\n' },
      { name: 'by-gt', spec: required('            - {key: cores, operator: Gt, values: ["8"]}\n') },
      { name: 'by-absence', spec: required('            - {key: disktype, operator: NotIn, values: [ssd]}\n            - {key: cores, operator: DoesNotExist}\n') },
      { name: 'nowhere', spec: '    nodeSelector:\n      disktype: nvme\n' },
    );
    assert.equal(await env.waitBound('by-selector'), 'ssd');
    assert.equal(await env.waitBound('by-gt'), 'big');
    assert.equal(await env.waitBound('by-absence'), 'plain');
    const cond = await env.waitUnschedulable('nowhere');
    assert.equal(cond.reason, 'Unschedulable');
    assert.equal(cond.message, `0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. ${NOT_HELPFUL(3)}.`);
    // Labelling a node is an event that can help: the parked pod is retried.
    await env.c.k('label', 'node', 'plain', 'disktype=nvme');
    assert.equal(await env.waitBound('nowhere'), 'plain');
  });

  test('taints keep pods away unless tolerated (NoSchedule, NoExecute, operator Exists)', async () => {
    await env.addNode({ name: 'worker' });
    await env.addNode({ name: 'gpu', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] });
    await env.addNode({ name: 'cp', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
    await env.create({ name: 'plain-1' }, { name: 'plain-2' }, { name: 'plain-3' },
      { name: 'tolerant', spec: '    nodeSelector:\n      kubernetes.io/hostname: gpu\n    tolerations:\n    - key: dedicated\n      operator: Exists\n' },
      { name: 'wants-cp', spec: '    nodeSelector:\n      kubernetes.io/hostname: cp\n' });
    for (const p of ['plain-1', 'plain-2', 'plain-3']) assert.equal(await env.waitBound(p), 'worker');
    assert.equal(await env.waitBound('tolerant'), 'gpu');
    const cond = await env.waitUnschedulable('wants-cp');
    assert.equal(cond.message, "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}, "
      + `1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ${NOT_HELPFUL(3)}.`);
    await env.c.k('taint', 'nodes', 'cp', 'node-role.kubernetes.io/control-plane:NoSchedule-');
    assert.equal(await env.waitBound('wants-cp'), 'cp');
  });

  test('a cordoned node gets no new pods until uncordoned', async () => {
    await env.addNode({ name: 'c1' });
    await env.addNode({ name: 'c2' });
    await env.c.k('cordon', 'c1');
    await waitFor('cordon seen', async () => /c1\s+Ready,SchedulingDisabled/.test(await env.c.k('get', 'nodes')));
    await env.create({ name: 'p1' }, { name: 'p2' }, { name: 'p3' }, { name: 'pinned', spec: '    nodeSelector:\n      kubernetes.io/hostname: c1\n' });
    for (const p of ['p1', 'p2', 'p3']) assert.equal(await env.waitBound(p), 'c2');
    const cond = await env.waitUnschedulable('pinned');
    assert.equal(cond.message, `0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. ${NOT_HELPFUL(2)}.`);
    await env.c.k('uncordon', 'c1');
    assert.equal(await env.waitBound('pinned'), 'c1');
  });

  test('host ports: one pod per node per port, and a freed port is used again', async () => {
    await env.addNode({ name: 'h1' });
    await env.addNode({ name: 'h2' });
    await env.create({ name: 'hp-1', hostPort: 8080 }, { name: 'hp-2', hostPort: 8080 });
    const first = await env.waitBound('hp-1');
    assert.notEqual(await env.waitBound('hp-2'), first);
    await env.create({ name: 'hp-3', hostPort: 8080 });
    const cond = await env.waitUnschedulable('hp-3');
    assert.equal(cond.message, "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. "
      + 'preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..');
    await env.c.k('delete', 'pod', 'hp-1', '--grace-period=0', '--force');
    assert.equal(await env.waitBound('hp-3'), first);
  });

  const owned = (rs: string, count: number) => {
    const metadata = `  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: ${rs}, uid: 3f1c2a9e-0000-4000-8000-${rs.replace(/\W/g, '').padStart(12, '0').slice(-12)}, controller: true}\n  labels:\n    app: web\n`;
    return Array.from({ length: count }, (_, i) => ({ name: `${rs}-${i}`, metadata, cpu: '100m' }));
  };
  const spreadOf = async (names: string[]): Promise<Record<string, number>> => {
    const placed = await Promise.all(names.map((n) => env.waitBound(n)));
    return placed.reduce<Record<string, number>>((m, n) => ({ ...m, [n]: (m[n] ?? 0) + 1 }), {});
  };

  test('pods of one ReplicaSet spread evenly over equal nodes', async () => {
    for (const n of ['s1', 's2', 's3']) await env.addNode({ name: n });
    const pods = owned('web-5d8f', 6);
    await env.create(...pods);
    assert.deepEqual(await spreadOf(pods.map((p) => p.name)), { s1: 2, s2: 2, s3: 2 });
  });

  test('spreading outweighs a roomier node; pods without an owner simply go where there is most room', async () => {
    await env.addNode({ name: 'roomy', capacity: { cpu: '64', memory: '256Gi' } });
    for (const n of ['small-1', 'small-2']) await env.addNode({ name: n });
    const pods = owned('api-7c9b', 6);
    await env.create(...pods);
    assert.deepEqual(await spreadOf(pods.map((p) => p.name)), { roomy: 2, 'small-1': 2, 'small-2': 2 });
    const loose = ['loose-1', 'loose-2', 'loose-3'];
    await env.create(...loose.map((name) => ({ name, cpu: '100m' })));
    assert.deepEqual(await spreadOf(loose), { roomy: 3 });
  });

  test('preferred node affinity wins between otherwise equal nodes', async () => {
    await env.addNode({ name: 'slow' });
    await env.addNode({ name: 'fast', labels: { tier: 'fast' } });
    const prefer = '    affinity:\n      nodeAffinity:\n        preferredDuringSchedulingIgnoredDuringExecution:\n        - weight: 50\n          preference:\n            matchExpressions:\n            - {key: tier, operator: In, values: [fast]}\n';
    const names = ['pref-1', 'pref-2', 'pref-3'];
    await env.create(...names.map((name) => ({ name, cpu: '10m', spec: prefer })));
    for (const n of names) assert.equal(await env.waitBound(n), 'fast');
  });
});
