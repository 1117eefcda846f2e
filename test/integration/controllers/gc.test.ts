// The garbage collector with real kubectl: ReplicaSet-like owners (made by hand; no ReplicaSet controller
// runs here) and pods that name them in ownerReferences, deleted with --cascade=background, orphan and
// foreground; dependents with several owners; owners that can never be resolved; a namespaced owner
// named from another namespace; and owners deleted while the collector was not running.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject, OwnerReference } from '../../../api/types/meta.js';
import { garbageCollector } from '../../../main/controllers/gc/garbage-collector.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode } from '../../helpers/fake-node.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const PODS = findResource('', 'v1', 'pods')!;
const CONFIGMAPS = findResource('', 'v1', 'configmaps')!;
const REPLICASETS = findResource('apps', 'v1', 'replicasets')!;
const NAMESPACES = findResource('', 'v1', 'namespaces')!;
const DEPLOYMENTS = findResource('apps', 'v1', 'deployments')!;

const replicaSet = (name: string): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
});
const refTo = (owner: KubeObject, block = true): OwnerReference => ({
  apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: block, blockOwnerDeletion: block,
});
const podOwnedBy = (name: string, owners: OwnerReference[], extra: { finalizers?: string[]; nodeName?: string } = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: owners[0]?.name ?? name }, ownerReferences: owners, finalizers: extra.finalizers },
  spec: { nodeName: extra.nodeName ?? 'node-a', containers: [{ name: 'app', image: 'nginx:1.27' }] },
});

describe('garbage collector', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  let node: FakeNode;
  before(async () => {
    c = await startTestCluster({ controllers: [garbageCollector] });
    t = new InProcessTransport(c.cp.registry, 'test');
    node = new FakeNode(new InProcessTransport(c.cp.registry, 'fake-kubelet'), { name: 'node-a' });
    await node.start();
  });
  after(async () => {
    node.stop();
    await c.stop();
  });

  const podNames = async (ns = 'default', selector?: string): Promise<string[]> =>
    (await t.list(PODS, ns, { labelSelector: selector })).items.map((p) => p.metadata.name!).sort();
  const settle = (): Promise<boolean> => waitFor('controllers idle', () => c.cp.controllers.idle);
  async function ownerWithPods(name: string, ns = 'default', count = 2): Promise<KubeObject> {
    const rs = await t.create(REPLICASETS, ns, replicaSet(name));
    for (let i = 0; i < count; i++) await t.create(PODS, ns, podOwnedBy(`${name}-${i}`, [refTo(rs)]));
    return rs;
  }

  test('kubectl delete with background cascade: the owner goes at once, its pods after it', async () => {
    await ownerWithPods('web');
    const r = await c.kubectl(['delete', 'replicaset', 'web']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'replicaset.apps "web" deleted');
    await waitFor('pods of web gone', async () => (await podNames('default', 'app=web')).length === 0);
  });

  test('--cascade=orphan keeps the pods and takes the owner reference off them', async () => {
    await ownerWithPods('keep');
    const r = await c.kubectl(['delete', 'replicaset', 'keep', '--cascade=orphan']);
    assert.equal(r.code, 0, r.stderr);
    assert.match((await c.kubectl(['get', 'replicaset', 'keep'])).stderr, /not found/);
    await settle();
    assert.deepEqual(await podNames('default', 'app=keep'), ['keep-0', 'keep-1']);
    for (const name of ['keep-0', 'keep-1']) assert.equal((await t.get(PODS, 'default', name)).metadata.ownerReferences, undefined);
  });

  test('--cascade=foreground deletes the dependents first and the owner only when no blocking one is left', async () => {
    const rs = await t.create(REPLICASETS, 'default', replicaSet('fg'));
    await t.create(PODS, 'default', podOwnedBy('fg-held', [refTo(rs)], { finalizers: ['example.com/hold'] }));
    await t.create(PODS, 'default', podOwnedBy('fg-plain', [refTo(rs)]));
    await t.create(CONFIGMAPS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fg-loose', ownerReferences: [refTo(rs, false)] } });
    const deleting = c.kubectl(['delete', 'replicaset', 'fg', '--cascade=foreground'], { timeoutMs: 20_000 });

    // All dependents are deleted, the owner waits for the blocking pod held by its finalizer.
    await waitFor('plain pod and configmap gone', async () => (await podNames()).includes('fg-plain') === false
      && (await t.list(CONFIGMAPS, 'default')).items.every((cm) => cm.metadata.name !== 'fg-loose'));
    await waitFor('held pod marked for deletion', async () => (await t.get(PODS, 'default', 'fg-held')).metadata.deletionTimestamp !== undefined);
    await settle();
    const waiting = await t.get(REPLICASETS, 'default', 'fg');
    assert.notEqual(waiting.metadata.deletionTimestamp, undefined);
    assert.deepEqual(waiting.metadata.finalizers, ['foregroundDeletion']);

    await c.k('patch', 'pod', 'fg-held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
    const r = await deleting;
    assert.equal(r.code, 0, r.stderr);
    assert.match((await c.kubectl(['get', 'replicaset', 'fg'])).stderr, /not found/);
    assert.deepEqual((await podNames()).filter((n) => n.startsWith('fg-')), []);
  });

  test('foreground deletion recurses: a dependent with dependents of its own is deleted in the foreground too', async () => {
    const deploy = await t.create(DEPLOYMENTS, 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'tree' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'tree' } }, template: { metadata: { labels: { app: 'tree' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
    });
    const rs = await t.create(REPLICASETS, 'default', { ...replicaSet('tree-1'), metadata: { name: 'tree-1', ownerReferences: [refTo(deploy)] } });
    await t.create(PODS, 'default', podOwnedBy('tree-1-held', [refTo(rs)], { finalizers: ['example.com/hold'] }));
    await c.k('delete', 'deployment', 'tree', '--cascade=foreground', '--wait=false');

    const middle = await waitFor('the ReplicaSet deleted in the foreground', async () => {
      const o = await t.get(REPLICASETS, 'default', 'tree-1');
      return o.metadata.deletionTimestamp !== undefined ? o : undefined;
    });
    assert.deepEqual(middle.metadata.finalizers, ['foregroundDeletion']);
    await settle();
    assert.notEqual((await t.get(DEPLOYMENTS, 'default', 'tree')).metadata.deletionTimestamp, undefined);
    await c.k('patch', 'pod', 'tree-1-held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
    await waitFor('the whole tree gone', async () => (await t.list(DEPLOYMENTS, 'default')).items.every((d) => d.metadata.name !== 'tree')
      && (await t.list(REPLICASETS, 'default')).items.every((r) => r.metadata.name !== 'tree-1'));
    assert.equal((await podNames()).includes('tree-1-held'), false);
  });

  test('a dependent with another live owner only loses the reference to the deleted one', async () => {
    const a = await t.create(REPLICASETS, 'default', replicaSet('owner-a'));
    const b = await t.create(CONFIGMAPS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner-b' } });
    await t.create(PODS, 'default', podOwnedBy('shared', [refTo(a), refTo(b, false)]));
    await c.k('delete', 'replicaset', 'owner-a');
    await waitFor('reference to owner-a removed', async () => (await t.get(PODS, 'default', 'shared')).metadata.ownerReferences?.length === 1);
    assert.deepEqual((await t.get(PODS, 'default', 'shared')).metadata.ownerReferences?.map((r) => r.name), ['owner-b']);
    await c.k('delete', 'configmap', 'owner-b');
    await waitFor('shared pod gone', async () => !(await podNames()).includes('shared'));
  });

  test('a namespaced owner is looked for in the dependent\'s namespace only; found elsewhere, a warning says so', async () => {
    await t.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    const rs = await t.create(REPLICASETS, 'default', replicaSet('far'));
    await t.create(PODS, 'other', podOwnedBy('stray', [refTo(rs)]));
    // A cluster-scoped owner is fine from any namespace.
    const ns = await t.get(NAMESPACES, undefined, 'other');
    await t.create(CONFIGMAPS, 'other', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'by-namespace', ownerReferences: [refTo(ns, false)] } });

    await waitFor('stray pod collected', async () => (await podNames('other')).length === 0);
    const events = JSON.parse(await c.k('get', 'events', '-n', 'other', '--field-selector', 'reason=OwnerRefInvalidNamespace', '-o', 'json')) as { items: { type: string; message: string; involvedObject: { name: string }; source: { component: string } }[] };
    assert.equal(events.items.length, 1);
    const ev = events.items[0];
    assert.equal(ev.type, 'Warning');
    assert.equal(ev.involvedObject.name, 'stray');
    assert.equal(ev.source.component, 'garbage-collector-controller');
    assert.equal(ev.message, `ownerRef [apps/v1/ReplicaSet, namespace: other, name: far, uid: ${rs.metadata.uid}] does not exist in namespace "other"`);
    await settle();
    assert.equal((await t.get(REPLICASETS, 'default', 'far')).metadata.name, 'far');
    assert.equal((await t.get(CONFIGMAPS, 'other', 'by-namespace')).metadata.name, 'by-namespace');
  });

  test('owners that can never be resolved leave their dependents alone', async () => {
    const widget: OwnerReference = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: '6b1f3a56-0000-4000-8000-000000000001' };
    await t.create(CONFIGMAPS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'widget-part', ownerReferences: [widget] } });
    // A cluster-scoped object cannot be owned by a namespaced one.
    const cm = await t.create(CONFIGMAPS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ns-owner' } });
    await t.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'owned-ns', ownerReferences: [refTo(cm, false)] } });
    await settle();
    await c.k('delete', 'configmap', 'ns-owner');
    await settle();
    assert.equal((await t.get(CONFIGMAPS, 'default', 'widget-part')).metadata.name, 'widget-part');
    assert.equal((await t.get(NAMESPACES, undefined, 'owned-ns')).metadata.name, 'owned-ns');
    const events = JSON.parse(await c.k('get', 'events', '-n', 'default', '--field-selector', 'involvedObject.name=owned-ns,reason=OwnerRefInvalidNamespace', '-o', 'json')) as { items: { message: string }[] };
    assert.equal(events.items[0]?.message, `ownerRef [v1/ConfigMap, namespace: , name: ns-owner, uid: ${cm.metadata.uid}] does not exist in namespace ""`);
  });
});

describe('garbage collector across a restart', () => {
  test('dependents of owners deleted while it was not running are collected when it starts', async () => {
    const dir = tempDir('skiff-gc-restart-');
    try {
      const first = await startTestCluster({ dataDir: dir.path });
      const t1 = new InProcessTransport(first.cp.registry, 'test');
      const rs = await t1.create(REPLICASETS, 'default', replicaSet('gone'));
      await t1.create(CONFIGMAPS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone-config', ownerReferences: [refTo(rs)] } });
      const orphaning = await t1.create(REPLICASETS, 'default', replicaSet('orphaning'));
      await t1.create(CONFIGMAPS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept-config', ownerReferences: [refTo(orphaning)] } });
      await first.k('delete', 'replicaset', 'gone');
      await first.k('delete', 'replicaset', 'orphaning', '--cascade=orphan', '--wait=false');
      await first.stop();

      const second = await startTestCluster({ dataDir: dir.path, controllers: [garbageCollector] });
      try {
        const t2 = new InProcessTransport(second.cp.registry, 'test');
        await waitFor('gone-config collected', async () => (await t2.list(CONFIGMAPS, 'default')).items.every((cm) => cm.metadata.name !== 'gone-config'));
        await waitFor('orphaning released', async () => (await t2.list(REPLICASETS, 'default')).items.length === 0);
        assert.equal((await t2.get(CONFIGMAPS, 'default', 'kept-config')).metadata.ownerReferences, undefined);
      } finally {
        await second.stop();
      }
    } finally {
      dir.remove();
    }
  });
});
