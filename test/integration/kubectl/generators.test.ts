// kubectl's typed-client generators (protobuf bodies in 1.32): create secret/configmap/namespace/
// deployment/service, and run and expose.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { tempDir } from '../../helpers/tmp.js';

describe('kubectl create generators, run and expose', () => {
  let c: TestCluster;
  const dir = tempDir();
  before(async () => { c = await startTestCluster(); });
  after(async () => {
    await c.stop();
    dir.remove();
  });

  test('create secret generic stores the literal and file values, base64-encoded', async () => {
    const f = join(dir.path, 'token.txt');
    writeFileSync(f, 's3cr3t-file\n');
    assert.equal((await c.k('create', 'secret', 'generic', 'db', '--from-literal=user=admin', '--from-literal=password=hunter2', `--from-file=${f}`)).trim(), 'secret/db created');
    const s = JSON.parse(await c.k('get', 'secret', 'db', '-o', 'json')) as { type: string; data: Record<string, string> };
    assert.equal(s.type, 'Opaque');
    assert.equal(Buffer.from(s.data.password, 'base64').toString(), 'hunter2');
    assert.equal(Buffer.from(s.data.user, 'base64').toString(), 'admin');
    assert.equal(Buffer.from(s.data['token.txt'], 'base64').toString(), 's3cr3t-file\n');
    assert.match(await c.k('get', 'secret', 'db'), /\ndb\s+Opaque\s+3\s+\d+s\n/);
  });

  test('create configmap --from-file keeps text as data and binary as binaryData', async () => {
    const text = join(dir.path, 'app.properties');
    writeFileSync(text, 'color=blue\nsize=10\n');
    const bin = join(dir.path, 'logo.bin');
    writeFileSync(bin, Buffer.from([0, 1, 2, 255, 254]));
    await c.k('create', 'configmap', 'app', `--from-file=${text}`, `--from-file=${bin}`);
    const cm = JSON.parse(await c.k('get', 'cm', 'app', '-o', 'json')) as { data: Record<string, string>; binaryData: Record<string, string> };
    assert.equal(cm.data['app.properties'], 'color=blue\nsize=10\n');
    assert.deepEqual([...Buffer.from(cm.binaryData['logo.bin'], 'base64')], [0, 1, 2, 255, 254]);
  });

  test('create namespace, serviceaccount, deployment and service clusterip', async () => {
    assert.equal((await c.k('create', 'namespace', 'team')).trim(), 'namespace/team created');
    assert.equal((await c.k('create', 'serviceaccount', 'robot', '-n', 'team')).trim(), 'serviceaccount/robot created');
    assert.equal((await c.k('create', 'deployment', 'api', '--image=registry.local/api:1', '--replicas=3', '--port=8080', '-n', 'team')).trim(), 'deployment.apps/api created');
    const d = JSON.parse(await c.k('get', 'deploy', 'api', '-n', 'team', '-o', 'json')) as { spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { spec: { containers: { image: string; ports: { containerPort: number }[] }[] } } } };
    assert.equal(d.spec.replicas, 3);
    assert.deepEqual(d.spec.selector.matchLabels, { app: 'api' });
    assert.equal(d.spec.template.spec.containers[0].ports[0].containerPort, 8080);
    assert.equal((await c.k('create', 'service', 'clusterip', 'api', '--tcp=80:8080', '-n', 'team')).trim(), 'service/api created');
    const svc = JSON.parse(await c.k('get', 'svc', 'api', '-n', 'team', '-o', 'json')) as { spec: { ports: { port: number; targetPort: number }[] } };
    assert.equal(svc.spec.ports[0].port, 80);
    assert.equal(svc.spec.ports[0].targetPort, 8080);
  });

  test('run creates a pod; expose creates a service from a deployment\'s selector', async () => {
    assert.equal((await c.k('run', 'hello', '--image=busybox', '--', 'sleep', '3600')).trim(), 'pod/hello created');
    const pod = JSON.parse(await c.k('get', 'pod', 'hello', '-o', 'json')) as { metadata: { labels: Record<string, string> }; spec: { containers: { args: string[] }[]; restartPolicy: string }; status: { phase: string } };
    assert.deepEqual(pod.metadata.labels, { run: 'hello' });
    assert.deepEqual(pod.spec.containers[0].args, ['sleep', '3600']);
    assert.equal(pod.status.phase, 'Pending');
    assert.match(await c.k('get', 'pods'), /\nhello\s+0\/1\s+Pending\s+0\s+\d+s\n/);
    await c.k('create', 'deployment', 'shop', '--image=nginx');
    assert.equal((await c.k('expose', 'deployment', 'shop', '--port=8080', '--target-port=80')).trim(), 'service/shop exposed');
    const svc = JSON.parse(await c.k('get', 'svc', 'shop', '-o', 'json')) as { spec: { selector: Record<string, string>; ports: { port: number; targetPort: number }[] } };
    assert.deepEqual(svc.spec.selector, { app: 'shop' });
    assert.equal(svc.spec.ports[0].targetPort, 80);
  });

  test('describe pod shows its status and events section', async () => {
    const out = await c.k('describe', 'pod', 'hello');
    assert.match(out, /^Name:\s+hello$/m);
    assert.match(out, /^Status:\s+Pending$/m);
    assert.match(out, /^QoS Class:\s+BestEffort$/m);
    assert.match(out, /^Events:\s+<none>$/m);
  });
});
