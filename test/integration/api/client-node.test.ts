// @kubernetes/client-node, the official JavaScript client, against Skiff.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';

describe('@kubernetes/client-node', () => {
  let c: TestCluster;
  let kc: k8s.KubeConfig;
  before(async () => {
    c = await startTestCluster();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(c.kubeconfig);
  });
  after(async () => { await c.stop(); });

  test('lists the system namespaces', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const list = await core.listNamespace();
    const names = list.items.map((n) => n.metadata?.name).sort();
    assert.deepEqual(names, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    assert.equal(list.items[0].status?.phase, 'Active');
  });

  test('creates, reads, patches and deletes a Deployment', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'cn' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'cn' } }, template: { metadata: { labels: { app: 'cn' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
      },
    });
    assert.ok(created.metadata?.uid);
    const patched = await apps.patchNamespacedDeployment({ name: 'cn', namespace: 'default', body: { spec: { replicas: 3 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    assert.equal(patched.spec?.replicas, 3);
    assert.equal(patched.metadata?.generation, 2);
    const scale = await apps.readNamespacedDeploymentScale({ name: 'cn', namespace: 'default' });
    assert.equal(scale.spec?.replicas, 3);
    assert.equal(scale.status?.selector, 'app=cn');
    await apps.deleteNamespacedDeployment({ name: 'cn', namespace: 'default' });
    await assert.rejects(apps.readNamespacedDeployment({ name: 'cn', namespace: 'default' }), (err: { code?: number }) => err.code === 404);
  });

  test('watches ConfigMaps and sees ADDED, MODIFIED and DELETED', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    let done: () => void = () => {};
    const finished = new Promise<void>((r) => { done = r; });
    const req = await watch.watch('/api/v1/namespaces/default/configmaps', {}, (type: string, obj: k8s.V1ConfigMap) => {
      if (obj.metadata?.name !== 'watched') return;
      events.push(type);
      if (type === 'DELETED') done();
    }, () => done());
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' }, data: { a: '1' } } });
    await core.patchNamespacedConfigMap({ name: 'watched', namespace: 'default', body: { data: { a: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
    await Promise.race([finished, new Promise((r) => setTimeout(r, 5000))]);
    req.abort();
    assert.deepEqual(events, ['ADDED', 'MODIFIED', 'DELETED']);
  });

  test('an informer lists, then follows changes', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/secrets', () => core.listNamespacedSecret({ namespace: 'default' }));
    const seen = new Set<string>();
    informer.on('add', (s: k8s.V1Secret) => seen.add(s.metadata?.name ?? ''));
    await core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'before' }, stringData: { k: 'v' } } });
    await informer.start();
    await core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'after' }, stringData: { k: 'v' } } });
    for (let i = 0; i < 50 && seen.size < 2; i++) await new Promise((r) => setTimeout(r, 100));
    await informer.stop();
    assert.deepEqual([...seen].sort(), ['after', 'before']);
    const s = await core.readNamespacedSecret({ name: 'after', namespace: 'default' });
    assert.equal(Buffer.from(s.data?.k ?? '', 'base64').toString(), 'v', 'stringData is folded into data');
  });
});
