// Namespace deletion with the namespace controller: `kubectl delete namespace` empties the namespace
// (configmaps, secrets, services, pods — bound pods once their node has stopped them), returns once the
// namespace is gone, reports content held by finalizers in the namespace's conditions, and finishes a
// deletion that was in progress when the control plane stopped.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NamespaceCondition } from 'kubernetes-types/core/v1.js';
import { RESOURCE_TYPES, findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { namespaceController } from '../../../main/controllers/namespace/namespace-controller.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode } from '../../helpers/fake-node.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const NAMESPACES = findResource('', 'v1', 'namespaces')!;
const PODS = findResource('', 'v1', 'pods')!;

const pod = (name: string, nodeName?: string): string => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { nodeName, containers: [{ name: 'app', image: 'nginx:1.27' }] },
});

/** Every object left in a namespace, as "resource/name". */
async function contentOf(t: InProcessTransport, ns: string): Promise<string[]> {
  const out: string[] = [];
  for (const rt of RESOURCE_TYPES.filter((r) => r.namespaced)) {
    for (const o of (await t.list(rt, ns)).items) out.push(`${rt.resource}/${o.metadata.name}`);
  }
  return out;
}

describe('namespace controller', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  let node: FakeNode;
  before(async () => {
    c = await startTestCluster({ controllers: [namespaceController] });
    t = new InProcessTransport(c.cp.registry, 'test');
    node = new FakeNode(new InProcessTransport(c.cp.registry, 'fake-kubelet'), { name: 'node-a' });
    await node.start();
  });
  after(async () => {
    node.stop();
    await c.stop();
  });

  test('the system namespaces exist from the start', async () => {
    const names = (await c.k('get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}')).split(' ').sort();
    assert.deepEqual(names, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  test('kubectl delete namespace removes all its content and returns once the namespace is gone', async () => {
    await c.k('create', 'namespace', 'doomed');
    await c.k('-n', 'doomed', 'create', 'configmap', 'settings', '--from-literal=a=b');
    await c.k('-n', 'doomed', 'create', 'secret', 'generic', 'token', '--from-literal=a=b');
    await c.k('-n', 'doomed', 'create', 'service', 'clusterip', 'web', '--tcp=80:8080');
    await c.kubectl(['-n', 'doomed', 'create', '-f', '-'], { input: pod('running', 'node-a') });
    await c.kubectl(['-n', 'doomed', 'create', '-f', '-'], { input: pod('pending') });
    await waitFor('the bound pod running', async () => ((await t.get(PODS, 'doomed', 'running')).status as { phase?: string }).phase === 'Running');
    assert.equal((await contentOf(t, 'doomed')).length >= 5, true);

    const r = await c.kubectl(['delete', 'namespace', 'doomed'], { timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'namespace "doomed" deleted');
    const get = await c.kubectl(['get', 'namespace', 'doomed']);
    assert.match(get.stderr, /namespaces "doomed" not found/);
    assert.deepEqual(await contentOf(t, 'doomed'), []);
  });

  test('content held by a finalizer keeps the namespace Terminating, and the conditions say why', async () => {
    await c.k('create', 'namespace', 'held');
    await c.kubectl(['-n', 'held', 'create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pinned', finalizers: ['example.com/hold'] } }) });
    await c.k('-n', 'held', 'create', 'configmap', 'loose');
    await c.k('delete', 'namespace', 'held', '--wait=false');

    const conditions = await waitFor('conditions reporting the held configmap', async () => {
      const ns = await t.get(NAMESPACES, undefined, 'held');
      const conds = (ns.status as { conditions?: NamespaceCondition[] }).conditions ?? [];
      return conds.find((x) => x.type === 'NamespaceFinalizersRemaining')?.status === 'True' ? conds : undefined;
    });
    const byType = Object.fromEntries(conditions.map((x) => [x.type, x]));
    assert.equal(byType.NamespaceContentRemaining.status, 'True');
    assert.equal(byType.NamespaceContentRemaining.reason, 'SomeResourcesRemain');
    assert.equal(byType.NamespaceContentRemaining.message, 'Some resources are remaining: configmaps. has 1 resource instances');
    assert.equal(byType.NamespaceFinalizersRemaining.reason, 'SomeFinalizersRemain');
    assert.equal(byType.NamespaceFinalizersRemaining.message, 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
    assert.equal(byType.NamespaceDeletionContentFailure.status, 'False');
    assert.equal(byType.NamespaceDeletionContentFailure.message, 'All content successfully deleted, may be waiting on finalization');
    assert.equal(byType.NamespaceDeletionDiscoveryFailure.status, 'False');
    assert.equal(await c.k('get', 'namespace', 'held', '-o', 'jsonpath={.status.phase}'), 'Terminating');
    assert.deepEqual(await contentOf(t, 'held'), ['configmaps/pinned']);

    // Releasing the finalizer lets the namespace go, without anyone poking the controller.
    await c.k('-n', 'held', 'patch', 'configmap', 'pinned', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
    await waitFor('namespace held gone', async () => (await c.kubectl(['get', 'namespace', 'held'])).code !== 0);
    assert.deepEqual(await contentOf(t, 'held'), []);
  });

  test('creating in a terminating namespace is refused', async () => {
    await c.k('create', 'namespace', 'closing');
    await c.kubectl(['-n', 'closing', 'create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pinned', finalizers: ['example.com/hold'] } }) });
    await c.k('delete', 'namespace', 'closing', '--wait=false');
    const r = await c.kubectl(['-n', 'closing', 'create', 'configmap', 'late']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /unable to create new content in namespace closing because it is being terminated/);
    await c.k('-n', 'closing', 'patch', 'configmap', 'pinned', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
    await waitFor('namespace closing gone', async () => (await c.kubectl(['get', 'namespace', 'closing'])).code !== 0);
  });
});

describe('namespace controller across a restart', () => {
  test('a namespace deleted while no controller ran is emptied and removed once it runs', async () => {
    const dir = tempDir('skiff-ns-restart-');
    try {
      const first = await startTestCluster({ dataDir: dir.path });
      await first.k('create', 'namespace', 'later');
      await first.k('-n', 'later', 'create', 'configmap', 'one');
      await first.k('delete', 'namespace', 'later', '--wait=false');
      assert.equal(await first.k('get', 'namespace', 'later', '-o', 'jsonpath={.status.phase}'), 'Terminating');
      await first.stop();

      const second = await startTestCluster({ dataDir: dir.path, controllers: [namespaceController] });
      try {
        await waitFor('namespace later gone', async () => (await second.kubectl(['get', 'namespace', 'later'])).code !== 0);
        const left: KubeObject[] = (await new InProcessTransport(second.cp.registry, 'test').list(findResource('', 'v1', 'configmaps')!, 'later')).items;
        assert.deepEqual(left, []);
      } finally {
        await second.stop();
      }
    } finally {
      dir.remove();
    }
  });
});
