// Allocation state comes back from the stored Services after a restart on the same data directory, and
// the `kubernetes` Service bootstrap is idempotent across restarts while following the API server's port.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { apiClient } from '../../helpers/http.js';
import { tempDir } from '../../helpers/tmp.js';
import { ensureKubernetesService, serviceAllocation } from '../../../main/registry/service-allocation/index.js';

interface Svc { metadata: { name: string; uid: string }; spec: { clusterIP?: string; ports: { nodePort?: number; targetPort?: number }[] } }

const SVCS = '/api/v1/namespaces/default/services';
// A machine whose only routable address is 192.0.2.7 (the API server listens on loopback in tests).
const interfaces = (): NodeJS.Dict<NetworkInterfaceInfo[]> => ({
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
  eth0: [{ address: '192.0.2.7', netmask: '255.255.255.0', family: 'IPv4', mac: '02:42:c0:00:02:07', internal: false, cidr: '192.0.2.7/24' }],
});

describe('Service allocation across a control-plane restart', () => {
  const dir = tempDir('skiff-svc-restart-');
  const dataDir = join(dir.path, 'data');
  let c: TestCluster;
  let kubernetesUid = '';
  const start = async (): Promise<void> => {
    c = await startTestCluster({ dataDir, admission: (store) => [serviceAllocation({ store })] });
    await ensureKubernetesService(c.cp.registry, { apiServerHost: '127.0.0.1', apiServerPort: Number(new URL(c.cp.url).port), interfaces });
  };
  const createMany = async (prefix: string, n: number): Promise<Svc[]> => {
    const api = apiClient(c.cp);
    try {
      const rs = await Promise.all(Array.from({ length: n }, (_, i) => api.request('POST', SVCS, {
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: `${prefix}-${i}` }, spec: { type: 'NodePort', ports: [{ port: 80 }] } }),
      })));
      assert.deepEqual(rs.filter((r) => r.status !== 201).map((r) => r.text), []);
      return rs.map((r) => r.json<Svc>());
    } finally {
      api.close();
    }
  };
  const create = (name: string, spec: string) => c.kubectl(['create', '-f', '-'], { input: `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n${spec}` });

  before(() => start());
  after(async () => {
    await c.stop();
    dir.remove();
  });

  test('the kubernetes Service holds 10.96.0.1 and points at the API server', async () => {
    const port = new URL(c.cp.url).port;
    kubernetesUid = (JSON.parse(await c.k('get', 'svc', 'kubernetes', '-o', 'json')) as Svc).metadata.uid;
    assert.match(await c.k('get', 'svc', 'kubernetes'), /^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+/m);
    assert.match(await c.k('get', 'endpoints', 'kubernetes'), new RegExp(`^kubernetes\\s+192\\.0\\.2\\.7:${port}\\s+`, 'm'));
    const slice = JSON.parse(await c.k('get', 'endpointslice', 'kubernetes', '-o', 'json')) as { endpoints: { addresses: string[] }[]; ports: { port: number }[] };
    assert.deepEqual(slice.endpoints.map((e) => e.addresses), [['192.0.2.7']]);
    assert.equal(slice.ports[0].port, Number(port));
    const again = await ensureKubernetesService(c.cp.registry, { apiServerHost: '127.0.0.1', apiServerPort: Number(port), interfaces });
    assert.deepEqual(again.written, [], 'a second call changes nothing');
    const grab = await create('grab', '  clusterIP: 10.96.0.1\n  ports:\n  - port: 80\n');
    assert.match(grab.stderr, /failed to allocate IP 10\.96\.0\.1: provided IP is already allocated/);
  });

  test('after a restart, stored values are still taken and new ones do not collide with them', async () => {
    assert.equal((await create('keep', '  type: NodePort\n  clusterIP: 10.96.0.40\n  ports:\n  - {port: 80, nodePort: 30010}\n')).code, 0);
    const early = await createMany('early', 40);
    const oldPort = new URL(c.cp.url).port;
    await c.stop();
    await start();
    assert.notEqual(new URL(c.cp.url).port, oldPort, 'the restarted API server listens elsewhere');

    const copyIP = await create('copy-ip', '  clusterIP: 10.96.0.40\n  ports:\n  - port: 80\n');
    assert.match(copyIP.stderr, /failed to allocate IP 10\.96\.0\.40: provided IP is already allocated/);
    const copyPort = await create('copy-port', '  type: NodePort\n  ports:\n  - {port: 80, nodePort: 30010}\n');
    assert.match(copyPort.stderr, /spec\.ports\[0\]\.nodePort: Invalid value: 30010: provided port is already allocated/);

    const late = await createMany('late', 40);
    const ips = [...early, ...late].map((s) => s.spec.clusterIP!);
    const ports = [...early, ...late].map((s) => s.spec.ports[0].nodePort!);
    assert.equal(new Set([...ips, '10.96.0.40', '10.96.0.1']).size, 82);
    assert.equal(new Set([...ports, 30010]).size, 81);

    await c.k('delete', 'svc', 'keep');
    assert.equal((await create('copy-ip', '  clusterIP: 10.96.0.40\n  ports:\n  - port: 80\n')).code, 0);
  });

  test('the restart moved the kubernetes Service\'s endpoints to the new port without recreating it', async () => {
    const port = Number(new URL(c.cp.url).port);
    const svc = JSON.parse(await c.k('get', 'svc', 'kubernetes', '-o', 'json')) as Svc;
    assert.equal(svc.spec.clusterIP, '10.96.0.1');
    assert.equal(svc.metadata.uid, kubernetesUid);
    assert.equal(svc.spec.ports[0].targetPort, port);
    assert.match(await c.k('get', 'endpoints', 'kubernetes'), new RegExp(`192\\.0\\.2\\.7:${port}\\s`));
  });
});
