// kubectl create -f of a multi-document tutorial manifest, then every common form of get and describe.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { repoPath } from '../../helpers/paths.js';

const manifest = repoPath('resources', 'examples', 'tutorial', 'all-in-one.yaml');

describe('kubectl create and get', () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster();
    await c.k('create', 'namespace', 'shop');
  });
  after(async () => { await c.stop(); });

  test('create -f creates each document of a multi-document file, in order', async () => {
    const out = await c.k('create', '-f', manifest);
    assert.deepEqual(out.trim().split('\n'), ['replicationcontroller/nginx created', 'service/nginx created', 'deployment.apps/web created']);
    const again = await c.kubectl(['create', '-f', manifest]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Error from server \(AlreadyExists\): error when creating ".*all-in-one\.yaml": replicationcontrollers "nginx" already exists/);
  });

  test('get prints kubectl\'s columns; -o wide adds the wide ones', async () => {
    const rc = await c.k('get', 'rc', 'nginx');
    assert.match(rc, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\n/);
    assert.match(rc, /\nnginx\s+2\s+0\s+0\s+\d+s\n/);
    const wide = await c.k('get', 'deploy', 'web', '-o', 'wide');
    assert.match(wide, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n/);
    assert.match(wide, /\nweb\s+0\/2\s+0\s+0\s+\d+s\s+web\s+nginx:1\.25\s+app=web\n/);
    const svc = await c.k('get', 'svc', 'nginx');
    assert.match(svc, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\n/);
    assert.match(svc, /\nnginx\s+NodePort\s+\S+\s+<none>\s+80:30001\/TCP\s+\d+s\n/);
  });

  test('-o yaml, -o json and -o jsonpath show the stored object with server fields', async () => {
    const yaml = await c.k('get', 'rc', 'nginx', '-o', 'yaml');
    assert.match(yaml, /^apiVersion: v1\nkind: ReplicationController\n/);
    assert.match(yaml, /\n {2}uid: [0-9a-f-]{36}\n/);
    assert.match(yaml, /\n {2}resourceVersion: "\d+"\n/);
    assert.match(yaml, /\n {2}creationTimestamp: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n/);
    const obj = JSON.parse(await c.k('get', 'deployment', 'web', '-o', 'json')) as { metadata: { generation: number }; spec: { strategy: { type: string }; revisionHistoryLimit: number } };
    assert.equal(obj.metadata.generation, 1);
    assert.equal(obj.spec.strategy.type, 'RollingUpdate');
    assert.equal(obj.spec.revisionHistoryLimit, 10);
    assert.equal(await c.k('get', 'rc', 'nginx', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}'), '2 nginx');
    const list = JSON.parse(await c.k('get', 'deploy', '-o', 'json')) as { kind: string; items: unknown[] };
    assert.equal(list.kind, 'List');
    assert.equal(list.items.length, 1);
  });

  test('-A adds the NAMESPACE column, -l filters, --show-labels shows labels', async () => {
    await c.k('create', 'configmap', 'settings', '-n', 'shop', '--from-literal=color=blue');
    const all = await c.k('get', 'configmaps', '-A');
    assert.match(all, /^NAMESPACE\s+NAME\s+DATA\s+AGE\n/);
    assert.match(all, /\nshop\s+settings\s+1\s+\d+s\n/);
    const selected = await c.k('get', 'deploy,svc', '-l', 'app=web');
    assert.match(selected, /deployment\.apps\/web/);
    assert.doesNotMatch(selected, /service\/nginx/);
    const none = await c.kubectl(['get', 'deploy', '-l', 'app=nothing']);
    assert.equal(none.code, 0);
    assert.match(none.stderr, /No resources found in default namespace\./);
    const labels = await c.k('get', 'svc', 'nginx', '--show-labels');
    assert.match(labels, /LABELS\n/);
    assert.match(labels, /\s+app=nginx\n/);
  });

  test('get all -n NS lists the workloads and services of a namespace', async () => {
    const out = await c.k('get', 'all', '-n', 'default');
    assert.match(out, /replicationcontroller\/nginx/);
    assert.match(out, /service\/nginx/);
    assert.match(out, /deployment\.apps\/web/);
    const empty = await c.kubectl(['get', 'all', '-n', 'shop']);
    assert.match(empty.stderr, /No resources found in shop namespace\./);
  });

  test('describe shows the object and its (empty) events', async () => {
    const out = await c.k('describe', 'deployment', 'web');
    assert.match(out, /^Name:\s+web$/m);
    assert.match(out, /^Namespace:\s+default$/m);
    assert.match(out, /^Replicas:\s+2 desired/m);
    assert.match(out, /^StrategyType:\s+RollingUpdate$/m);
    assert.match(out, /GREETING|Containers:/);
    const svc = await c.k('describe', 'service', 'nginx');
    assert.match(svc, /^NodePort:\s+<unset>\s+30001\/TCP$/m);
  });

  test('an unknown resource type and a missing object give kubectl\'s usual errors', async () => {
    const unknown = await c.kubectl(['get', 'widgets']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /the server doesn't have a resource type "widgets"/);
    const missing = await c.kubectl(['get', 'pod', 'ghost']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error from server \(NotFound\): pods "ghost" not found/);
    const nsMissing = await c.kubectl(['create', 'configmap', 'x', '-n', 'nowhere']);
    assert.equal(nsMissing.code, 1);
    assert.match(nsMissing.stderr, /namespaces "nowhere" not found/);
  });
});
