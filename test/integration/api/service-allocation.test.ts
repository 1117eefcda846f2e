// ClusterIP and NodePort allocation as users meet it: through kubectl and the REST API of a control plane
// running the allocation plug-in. Unique values under concurrency, requested values honoured, taken or
// out-of-range ones refused with upstream's field and message, values freed by deletes and type changes,
// nothing held by a dry run, and the same picture after a restart on the same data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { apiClient } from '../../helpers/http.js';
import { repoPath } from '../../helpers/paths.js';
import { serviceAllocation } from '../../../main/registry/service-allocation/index.js';

interface Svc {
  metadata: { name: string };
  spec: { type: string; clusterIP?: string; clusterIPs?: string[]; ports: { port: number; nodePort?: number }[]; healthCheckNodePort?: number };
}

const SVCS = '/api/v1/namespaces/default/services';
const inRange = (ip: string): boolean => {
  const [a, b] = ip.split('.').map(Number);
  return a === 10 && b >= 96 && b <= 111;
};

function svcYaml(name: string, spec: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
}

describe('Service allocation', () => {
  let c: TestCluster;
  let api: ReturnType<typeof apiClient>;
  const start = async (dataDir?: string): Promise<void> => {
    c = await startTestCluster({ dataDir, admission: (store) => [serviceAllocation({ store })] });
    api = apiClient(c.cp);
  };
  const stop = async (): Promise<void> => {
    api.close();
    await c.stop();
  };
  const getSvc = async (name: string): Promise<Svc> => JSON.parse(await c.k('get', 'svc', name, '-o', 'json')) as Svc;
  const create = (yaml: string) => c.kubectl(['create', '-f', '-'], { input: yaml });

  before(() => start());
  after(() => stop());

  test('200 concurrent creates get 200 different ClusterIPs and node ports, none of them 10.96.0.1', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => api.request('POST', SVCS, {
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: `many-${i}` }, spec: { type: 'NodePort', selector: { app: 'many' }, ports: [{ port: 80 }] } }),
    })));
    assert.deepEqual(results.filter((r) => r.status !== 201).map((r) => r.text), []);
    const created = results.map((r) => r.json<Svc>());
    const ips = created.map((s) => s.spec.clusterIP!);
    const ports = created.map((s) => s.spec.ports[0].nodePort!);
    assert.equal(new Set(ips).size, 200);
    assert.equal(new Set(ports).size, 200);
    assert.ok(ips.every(inRange), `outside 10.96.0.0/12: ${ips.filter((ip) => !inRange(ip)).join(' ')}`);
    assert.ok(!ips.includes('10.96.0.1'));
    assert.ok(ports.every((p) => p >= 30000 && p <= 32767));
    assert.ok(created.every((s) => s.spec.clusterIPs?.length === 1 && s.spec.clusterIPs[0] === s.spec.clusterIP));
    const del = await c.kubectl(['delete', 'svc', '-l', 'x!=y', '--wait=false']);
    assert.equal(del.code, 0, del.stderr);
  });

  test('the tutorial NodePort Service gets 30001; a second one asking for 30001 is refused on spec.ports[0].nodePort', async () => {
    const r = await c.kubectl(['apply', '-f', repoPath('resources/examples/tutorial/nginx-service.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    const svc = await getSvc('nginx');
    assert.equal(svc.spec.ports[0].nodePort, 30001);
    assert.ok(inRange(svc.spec.clusterIP!));
    const table = await c.k('get', 'svc', 'nginx');
    assert.match(table, new RegExp(`^nginx\\s+NodePort\\s+${svc.spec.clusterIP!.replace(/\./g, '\\.')}\\s+<none>\\s+80:30001/TCP\\s+`, 'm'));

    const again = await create(svcYaml('nginx-two', '  type: NodePort\n  selector: {app: nginx}\n  ports:\n  - port: 8080\n    nodePort: 30001\n'));
    assert.notEqual(again.code, 0);
    assert.equal(again.stderr.trim(), 'The Service "nginx-two" is invalid: spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated');
    const far = await create(svcYaml('nginx-far', '  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 40000\n'));
    assert.equal(far.stderr.trim(), 'The Service "nginx-far" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767');
    // Nothing was kept by the refused creates: their ClusterIPs went back too.
    assert.equal((await c.kubectl(['get', 'svc', 'nginx-two'])).code, 1);
  });

  test('a requested ClusterIP is honoured once; taken or outside the range it is refused with upstream\'s message', async () => {
    const dns = await create(svcYaml('dns', '  clusterIP: 10.96.0.10\n  ports:\n  - {name: dns, port: 53, protocol: UDP}\n  - {name: dns-tcp, port: 53, protocol: TCP}\n'));
    assert.equal(dns.code, 0, dns.stderr);
    assert.equal((await getSvc('dns')).spec.clusterIP, '10.96.0.10');
    const taken = await c.kubectl(['create', 'service', 'clusterip', 'dns-copy', '--clusterip=10.96.0.10', '--tcp=53:53']);
    assert.match(taken.stderr, /Service "dns-copy" is invalid: spec\.clusterIPs: Invalid value: \[\]string\{"10\.96\.0\.10"\}: failed to allocate IP 10\.96\.0\.10: provided IP is already allocated/);
    const outside = await create(svcYaml('elsewhere', '  clusterIP: 10.0.0.5\n  ports:\n  - port: 80\n'));
    assert.equal(outside.stderr.trim(), 'The Service "elsewhere" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
    const dual = await create(svcYaml('dual', '  ipFamilyPolicy: RequireDualStack\n  ports:\n  - port: 80\n'));
    assert.equal(dual.stderr.trim(), 'The Service "dual" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services');
  });

  test('deleting a Service frees its ClusterIP and node port for the next one', async () => {
    const spec = '  type: NodePort\n  clusterIP: 10.96.0.20\n  ports:\n  - port: 80\n    nodePort: 30002\n';
    assert.equal((await create(svcYaml('free-a', spec))).code, 0);
    const refused = await create(svcYaml('free-b', spec));
    assert.match(refused.stderr, /spec\.clusterIPs: Invalid value: \[\]string\{"10\.96\.0\.20"\}: failed to allocate IP 10\.96\.0\.20: provided IP is already allocated/);
    await c.k('delete', 'svc', 'free-a');
    const reused = await create(svcYaml('free-b', spec));
    assert.equal(reused.code, 0, reused.stderr);
    const svc = await getSvc('free-b');
    assert.equal(svc.spec.clusterIP, '10.96.0.20');
    assert.equal(svc.spec.ports[0].nodePort, 30002);
  });

  test('type and port changes allocate and release node ports; the ClusterIP stays', async () => {
    assert.equal((await create(svcYaml('shape', '  type: NodePort\n  ports:\n  - {name: http, port: 80, nodePort: 30003}\n'))).code, 0);
    const ip = (await getSvc('shape')).spec.clusterIP;
    await c.k('patch', 'svc', 'shape', '-p', '{"spec":{"type":"ClusterIP"}}');
    let svc = await getSvc('shape');
    assert.equal(svc.spec.type, 'ClusterIP');
    assert.equal(svc.spec.ports[0].nodePort, undefined);
    assert.equal(svc.spec.clusterIP, ip);
    assert.equal((await create(svcYaml('taker', '  type: NodePort\n  ports:\n  - {port: 80, nodePort: 30003}\n'))).code, 0, 'the released port is free');

    await c.k('patch', 'svc', 'shape', '-p', '{"spec":{"type":"NodePort"}}');
    svc = await getSvc('shape');
    const first = svc.spec.ports[0].nodePort!;
    assert.ok(first >= 30000 && first <= 32767 && first !== 30003, `node port ${first}`);
    assert.equal(svc.spec.clusterIP, ip);

    await c.k('patch', 'svc', 'shape', '--type=json', '-p', '[{"op":"add","path":"/spec/ports/-","value":{"name":"https","port":443}}]');
    svc = await getSvc('shape');
    const second = svc.spec.ports[1].nodePort!;
    assert.ok(second >= 30000 && second !== first);
    await c.k('patch', 'svc', 'shape', '--type=json', '-p', '[{"op":"remove","path":"/spec/ports/1"}]');
    const reuse = await create(svcYaml('reuse', `  type: NodePort\n  ports:\n  - {port: 80, nodePort: ${second}}\n`));
    assert.equal(reuse.code, 0, `removing the port released ${second}: ${reuse.stderr}`);
  });

  test('kubectl replace without the allocated values keeps them; changing the ClusterIP is refused', async () => {
    assert.equal((await create(svcYaml('kept', '  type: NodePort\n  selector: {app: kept}\n  ports:\n  - {name: web, port: 80}\n'))).code, 0);
    const before = await getSvc('kept');
    const r = await c.kubectl(['replace', '-f', '-'], { input: svcYaml('kept', '  type: NodePort\n  selector: {app: kept, tier: web}\n  ports:\n  - {name: web, port: 80}\n') });
    assert.equal(r.code, 0, r.stderr);
    const after = await getSvc('kept');
    assert.equal(after.spec.clusterIP, before.spec.clusterIP);
    assert.equal(after.spec.ports[0].nodePort, before.spec.ports[0].nodePort);
    const moved = await c.kubectl(['patch', 'svc', 'kept', '-p', '{"spec":{"clusterIP":"10.96.0.99","clusterIPs":["10.96.0.99"]}}']);
    assert.notEqual(moved.code, 0);
    assert.match(moved.stderr, /spec\.clusterIPs\[0\]: Invalid value: \[\]string\{"10\.96\.0\.99"\}: may not change once set/);
    assert.equal((await create(svcYaml('takes-99', '  clusterIP: 10.96.0.99\n  ports:\n  - port: 80\n'))).code, 0, 'the refused update held nothing');
  });

  test('a server-side dry run shows the values it would allocate and keeps none', async () => {
    const spec = '  type: NodePort\n  clusterIP: 10.96.0.30\n  ports:\n  - {port: 80, nodePort: 30004}\n';
    const dry = await c.kubectl(['create', '-f', '-', '--dry-run=server', '-o', 'json'], { input: svcYaml('dry', spec) });
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((JSON.parse(dry.stdout) as Svc).spec.ports[0].nodePort, 30004);
    const dynamic = await c.kubectl(['create', 'service', 'nodeport', 'dry-dyn', '--tcp=80:80', '--dry-run=server', '-o', 'json']);
    assert.ok(inRange((JSON.parse(dynamic.stdout) as Svc).spec.clusterIP!));
    assert.equal((await c.kubectl(['get', 'svc', 'dry'])).code, 1);
    const real = await create(svcYaml('dry', spec));
    assert.equal(real.code, 0, real.stderr);
  });

  test('LoadBalancer with externalTrafficPolicy Local gets a health check node port, released when it goes', async () => {
    const lb = await create(svcYaml('lb', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  ports:\n  - port: 80\n'));
    assert.equal(lb.code, 0, lb.stderr);
    let svc = await getSvc('lb');
    const hc = svc.spec.healthCheckNodePort!;
    assert.ok(hc >= 30000 && hc <= 32767 && hc !== svc.spec.ports[0].nodePort);
    await c.k('patch', 'svc', 'lb', '-p', '{"spec":{"externalTrafficPolicy":"Cluster"}}');
    svc = await getSvc('lb');
    assert.equal(svc.spec.healthCheckNodePort, undefined);
    assert.equal((await create(svcYaml('hc-reuse', `  type: NodePort\n  ports:\n  - {port: 80, nodePort: ${hc}}\n`))).code, 0);
  });

  test('headless and ExternalName Services get no ClusterIP; ExternalName turned ClusterIP gets one', async () => {
    assert.equal((await create(svcYaml('headless', '  clusterIP: None\n  selector: {app: db}\n  ports:\n  - port: 5432\n'))).code, 0);
    assert.equal((await getSvc('headless')).spec.clusterIP, 'None');
    assert.equal((await c.kubectl(['create', 'service', 'externalname', 'ext', '--external-name=example.com'])).code, 0);
    assert.equal((await getSvc('ext')).spec.clusterIP, undefined);
    await c.k('patch', 'svc', 'ext', '-p', '{"spec":{"type":"ClusterIP","externalName":null,"ports":[{"port":80}]}}');
    const ip = (await getSvc('ext')).spec.clusterIP!;
    assert.ok(inRange(ip), ip);
    await c.k('patch', 'svc', 'ext', '-p', '{"spec":{"type":"ExternalName","externalName":"example.com"}}');
    const svc = await getSvc('ext');
    assert.equal(svc.spec.clusterIP, undefined);
    assert.equal((await create(svcYaml('ext-ip', `  clusterIP: ${ip}\n  ports:\n  - port: 80\n`))).code, 0, 'ExternalName released its IP');
  });
});
