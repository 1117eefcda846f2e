// The proxy's sync loop and LoadBalancer status against a real control plane (in process, with its
// Service allocation), with the machine's iptables replaced by the in-memory one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../../../api/resources/registry.js';
import type { KubeObject } from '../../../../api/types/meta.js';
import { ServiceProxy } from '../../../../agent/proxy/index.js';
import { createAgentLogger } from '../../../../agent/logger.js';
import { InProcessTransport } from '../../../../main/controllers/inprocess-transport.js';
import { startTestCluster, type TestCluster } from '../../../helpers/cluster.js';
import { waitFor } from '../../../helpers/wait.js';
import { FakeIptables } from './fake-iptables.js';

const SERVICES = findResource('', 'v1', 'services')!;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
const log = createAgentLogger('proxy-test', 'warn');

const service = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name },
  spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], ...spec },
});
const slice = (svc: string, ips: string[], ready = true): KubeObject => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
  metadata: { name: `${svc}-manual`, labels: { 'kubernetes.io/service-name': svc } },
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready } })),
} as KubeObject);

describe('service proxy', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  const proxy = (ipt: FakeIptables, nodeName = 'node-a', nodeIP = '192.168.50.1'): ServiceProxy =>
    new ServiceProxy({ transport: t, nodeName, nodeIPs: [nodeIP], podCidr: '10.244.1.0/24', chainPrefix: 'UT', iptables: ipt, sysctl: async () => {}, log });
  /** Endpoints DNATed to (pods only: the `kubernetes` Service points at the API server). */
  const dnats = (ipt: FakeIptables): string[] => ipt.rules('nat').map((r) => /--to-destination (10\.244\.\S+)$/.exec(r)?.[1]).filter((x): x is string => !!x).sort();
  const ingress = async (name: string): Promise<string[]> =>
    (((await t.get(SERVICES, 'default', name)).status as { loadBalancer?: { ingress?: { ip: string }[] } }).loadBalancer?.ingress ?? []).map((i) => i.ip);

  before(async () => {
    c = await startTestCluster();
    t = new InProcessTransport(c.cp.registry, 'test');
  });
  after(async () => { await c.stop(); });

  test('rules follow Services and EndpointSlices; a burst of changes is coalesced; stop removes everything', async () => {
    await t.create(SERVICES, 'default', service('before'));
    await t.create(SLICES, 'default', slice('before', ['10.244.1.2']));
    const ipt = new FakeIptables();
    const p = proxy(ipt);
    await p.start();
    assert.deepEqual(dnats(ipt), ['10.244.1.2:8080']);

    await t.create(SERVICES, 'default', service('burst'));
    await t.create(SLICES, 'default', slice('burst', []));
    await p.flush();
    const before = ipt.restores.length;
    for (let i = 1; i <= 40; i++) await t.patch(SLICES, 'default', 'burst-manual', 'merge', { endpoints: [{ addresses: [`10.244.2.${i}`], conditions: { ready: true } }] });
    await p.flush();
    assert.deepEqual(dnats(ipt), ['10.244.1.2:8080', '10.244.2.40:8080']);
    assert.ok(ipt.restores.length - before < 40, `${ipt.restores.length - before} transactions for 40 changes`);

    await t.delete(SERVICES, 'default', 'burst');
    await p.flush();
    assert.deepEqual(dnats(ipt), ['10.244.1.2:8080']);
    await p.stop();
    assert.deepEqual([...ipt.chains('nat'), ...ipt.chains('filter')].filter((x) => x.startsWith('UT-')), []);
    assert.ok(!(await ipt.save()).includes('UT-'));
    await t.delete(SERVICES, 'default', 'before');
  });

  test('a proxy started over a crashed one\'s rules takes them over without duplicates', async () => {
    await t.create(SERVICES, 'default', service('crash'));
    await t.create(SLICES, 'default', slice('crash', ['10.244.1.3']));
    const ipt = new FakeIptables();
    const crashed = proxy(ipt);
    await crashed.start();
    // the old one is gone without stop(); its rules stay
    const again = proxy(ipt);
    await again.start();
    const saved = await ipt.save();
    for (const jump of ['-A PREROUTING -m comment --comment "UT service portals" -j UT-SERVICES', '-A INPUT -j UT-FIREWALL', '-A FORWARD -m comment --comment "UT forwarding rules" -j UT-FORWARD']) {
      assert.equal(saved.split('\n').filter((l) => l === jump).length, 1, jump);
    }
    assert.deepEqual(dnats(ipt), ['10.244.1.3:8080']);
    await again.stop();
    await crashed.stop();
    assert.ok(!(await ipt.save()).includes('UT-'));
    await t.delete(SERVICES, 'default', 'crash');
  });

  test('each agent lists its address in a LoadBalancer\'s status while it runs and takes it out when it stops', async () => {
    const a = proxy(new FakeIptables(), 'node-a', '192.168.50.1');
    const b = proxy(new FakeIptables(), 'node-b', '192.168.50.2');
    await Promise.all([a.start(), b.start()]);
    await t.create(SERVICES, 'default', service('lb', { type: 'LoadBalancer' }));
    await t.create(SERVICES, 'default', service('classy', { type: 'LoadBalancer', loadBalancerClass: 'example.com/other' }));
    assert.deepEqual((await waitFor('both nodes', async () => { const ips = await ingress('lb'); return ips.length === 2 ? ips : undefined; })).sort(), ['192.168.50.1', '192.168.50.2']);
    // kubectl shows it in EXTERNAL-IP
    assert.match(await c.k('get', 'svc', 'lb'), /\nlb\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+192\.168\.50\.\d,192\.168\.50\.\d\s+80:3\d{4}\/TCP\s+/);
    await a.stop();
    assert.deepEqual(await ingress('lb'), ['192.168.50.2']);
    await b.stop();
    assert.deepEqual(await ingress('lb'), []);
    assert.deepEqual(await ingress('classy'), []);
  });
});
