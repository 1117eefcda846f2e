// The Endpoints controller as users see it: pods on a (fake) node behind a Service show up in
// `kubectl get endpoints` and `kubectl describe svc`, move between ready and not-ready addresses with their
// Ready condition, resolve named target ports per pod, and leave when deleted, terminating or unselected.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import { findResource } from '../../../api/resources/registry.js';
import { endpointsController, endpointSliceController } from '../../../main/controllers/endpoints/index.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { serviceAllocation } from '../../../main/registry/service-allocation/index.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode } from '../../helpers/fake-node.js';
import { waitFor } from '../../helpers/wait.js';

const PODS = findResource('', 'v1', 'pods')!;
const ENDPOINTS = findResource('', 'v1', 'endpoints')!;

interface PodOpts { labels: Record<string, string>; port?: number; portName?: string; hostname?: string; subdomain?: string; finalizers?: string[]; ready?: boolean }

describe('Endpoints controller', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  let node: FakeNode;

  before(async () => {
    c = await startTestCluster({ controllers: [endpointsController, endpointSliceController], admission: (store) => [serviceAllocation({ store })] });
    t = new InProcessTransport(c.cp.registry, 'test');
    // Pods labelled ready=false come up Running but not Ready.
    node = new FakeNode(t, { name: 'node-a', outcome: (p) => ({ phase: 'Running', ready: p.metadata.labels?.ready !== 'false' }) });
    await node.start();
  });
  after(async () => {
    node.stop();
    await c.stop();
  });

  const podYaml = (name: string, o: PodOpts): string => JSON.stringify({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { ...o.labels, ...(o.ready === false ? { ready: 'false' } : {}) }, finalizers: o.finalizers },
    spec: {
      nodeName: 'node-a', hostname: o.hostname, subdomain: o.subdomain,
      containers: [{ name: 'app', image: 'nginx', ports: [{ name: o.portName ?? 'http', containerPort: o.port ?? 8080 }] }],
    },
  });
  /** Creates a pod bound to node-a and waits for the fake kubelet to give it an IP. */
  const runPod = async (name: string, o: PodOpts): Promise<string> => {
    const r = await c.kubectl(['create', '-f', '-'], { input: podYaml(name, o) });
    assert.equal(r.code, 0, r.stderr);
    return waitFor(`${name} to run`, async () => ((await t.get(PODS, 'default', name)).status as { podIP?: string } | undefined)?.podIP);
  };
  const endpoints = async (name: string): Promise<Endpoints> => (await t.get(ENDPOINTS, 'default', name)) as Endpoints;
  /** [ready addresses, not-ready addresses, ports] of each subset once the controllers are idle. */
  const shape = async (name: string): Promise<string> => {
    await waitFor('controllers idle', () => c.cp.controllers.idle);
    const ep = await endpoints(name).catch(() => undefined);
    if (!ep) return 'missing';
    return JSON.stringify((ep.subsets ?? []).map((s) => [
      (s.addresses ?? []).map((a) => a.targetRef?.name).sort(), (s.notReadyAddresses ?? []).map((a) => a.targetRef?.name).sort(), (s.ports ?? []).map((p) => p.port),
    ]));
  };
  const until = async (name: string, expected: unknown): Promise<void> => {
    let last = '';
    const want = typeof expected === 'string' ? expected : JSON.stringify(expected);
    await waitFor(`endpoints ${name} to be ${want}`, async () => (last = await shape(name)) === want, { timeoutMs: 10_000 }).catch((err: Error) => {
      throw new Error(`${err.message}; last seen ${last}`);
    });
  };
  const setReady = (name: string, ready: boolean) => t.patch(PODS, 'default', name, 'strategic', {
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] },
  }, { subresource: 'status' });

  test('ready pods are listed with their node and pod, and kubectl shows them', async () => {
    await c.k('create', 'service', 'clusterip', 'web', '--tcp=80:http');
    await c.k('set', 'selector', 'svc', 'web', 'app=web');
    const ip1 = await runPod('web-1', { labels: { app: 'web' } });
    const ip2 = await runPod('web-2', { labels: { app: 'web' } });
    await until('web', [[['web-1', 'web-2'], [], [8080]]]);
    const ep = await endpoints('web');
    const a = ep.subsets![0].addresses!.find((x) => x.targetRef?.name === 'web-1')!;
    assert.equal(a.ip, ip1);
    assert.equal(a.nodeName, 'node-a');
    assert.deepEqual({ kind: a.targetRef!.kind, namespace: a.targetRef!.namespace }, { kind: 'Pod', namespace: 'default' });
    assert.equal(ep.metadata!.labels!.app, 'web', 'the Service\'s labels are copied');
    assert.match(ep.metadata!.annotations!['endpoints.kubernetes.io/last-change-trigger-time'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const sorted = [ip1, ip2].sort((x, y) => Number(x.split('.')[3]) - Number(y.split('.')[3]));
    assert.match(await c.k('get', 'endpoints', 'web'), new RegExp(`^web\\s+${sorted.map((ip) => `${ip.replace(/\./g, '\\.')}:8080`).join(',')}\\s+`, 'm'));
    const described = await c.k('describe', 'svc', 'web');
    assert.match(described, /Endpoints:\s+\S*:8080/);
    assert.ok(described.includes(`${ip1}:8080`) && described.includes(`${ip2}:8080`), described);
  });

  test('a pod that stops being Ready moves to notReadyAddresses and back', async () => {
    await setReady('web-2', false);
    await until('web', [[['web-1'], ['web-2'], [8080]]]);
    await setReady('web-2', true);
    await until('web', [[['web-1', 'web-2'], [], [8080]]]);
  });

  test('a named targetPort resolves per pod: a pod with another number for it gets its own subset', async () => {
    await runPod('web-3', { labels: { app: 'web' }, port: 9090 });
    await until('web', [[['web-1', 'web-2'], [], [8080]], [['web-3'], [], [9090]]]);
    // A pod without a port of that name is not listed at all.
    await runPod('web-4', { labels: { app: 'web' }, portName: 'metrics' });
    await until('web', [[['web-1', 'web-2'], [], [8080]], [['web-3'], [], [9090]]]);
  });

  test('deleted and terminating pods leave the Endpoints', async () => {
    await c.k('delete', 'pod', 'web-3', 'web-4', '--wait=false');
    await until('web', [[['web-1', 'web-2'], [], [8080]]]);
    await runPod('held', { labels: { app: 'web' }, finalizers: ['example.com/hold'] });
    await until('web', [[['held', 'web-1', 'web-2'], [], [8080]]]);
    await c.k('delete', 'pod', 'held', '--wait=false');
    await until('web', [[['web-1', 'web-2'], [], [8080]]]);
    await c.k('patch', 'pod', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
  });

  test('publishNotReadyAddresses lists pods that are not ready as ready addresses', async () => {
    await c.k('create', 'service', 'clusterip', 'peers', '--tcp=7000:7000');
    await c.k('patch', 'svc', 'peers', '-p', '{"spec":{"selector":{"app":"peer"},"publishNotReadyAddresses":true}}');
    await runPod('peer-0', { labels: { app: 'peer' }, ready: false });
    await until('peers', [[['peer-0'], [], [7000]]]);
    await c.k('patch', 'svc', 'peers', '-p', '{"spec":{"publishNotReadyAddresses":false}}');
    await until('peers', [[[], ['peer-0'], [7000]]]);
  });

  test('changing the selector swaps the pods; nothing selected leaves an Endpoints without subsets', async () => {
    await c.k('set', 'selector', 'svc', 'web', 'app=peer');
    await until('web', [[[], ['peer-0'], [8080]]]);
    await c.k('set', 'selector', 'svc', 'web', 'app=nothing');
    await until('web', '[]');
    assert.match(await c.k('get', 'endpoints', 'web'), /^web\s+<none>\s+/m);
    await c.k('set', 'selector', 'svc', 'web', 'app=web');
    await until('web', [[['web-1', 'web-2'], [], [8080]]]);
  });

  test('a pod with hostname and subdomain is named in its headless Service\'s Endpoints', async () => {
    await c.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', labels: { tier: 'data' } }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] } }) });
    await runPod('db-0', { labels: { app: 'db' }, hostname: 'db-0', subdomain: 'db', port: 5432 });
    await until('db', [[['db-0'], [], [5432]]]);
    const ep = await endpoints('db');
    assert.equal(ep.subsets![0].addresses![0].hostname, 'db-0');
    assert.deepEqual(ep.metadata!.labels, { tier: 'data', 'service.kubernetes.io/headless': '' });
  });

  test('Endpoints of a Service without a selector are the user\'s; a deleted Service takes its Endpoints along', async () => {
    await c.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'external' }, spec: { ports: [{ port: 5432 }] } }) });
    await c.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external' }, subsets: [{ addresses: [{ ip: '192.0.2.42' }], ports: [{ port: 5432 }] }] }) });
    const before = (await endpoints('external')).metadata!.resourceVersion;
    await runPod('stray', { labels: { app: 'external' } });
    await waitFor('controllers idle', () => c.cp.controllers.idle);
    const ep = await endpoints('external');
    assert.equal(ep.metadata!.resourceVersion, before);
    assert.match(await c.k('get', 'endpoints', 'external'), /192\.0\.2\.42:5432/);
    await c.k('delete', 'svc', 'db');
    await until('db', 'missing');
  });

  test('a pod change that endpoints do not show writes nothing', async () => {
    const ep = await endpoints('web');
    await c.k('annotate', 'pod', 'web-1', 'note=hello');
    await c.k('label', 'pod', 'web-1', 'extra=yes');
    await until('web', [[['web-1', 'web-2'], [], [8080]]]);
    assert.equal((await endpoints('web')).metadata!.resourceVersion, ep.metadata!.resourceVersion);
  });
});
