// The EndpointSlice controller: a Service's pods as discovery.k8s.io/v1 slices named <service>-<random>,
// owned by the Service, labelled for it and for the controller, with ready/serving/terminating conditions,
// split by resolved ports and by the per-slice limit, kept in step with the Endpoints, written only on change.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { findResource } from '../../../api/resources/registry.js';
import { endpointsController, endpointSliceControllerWith } from '../../../main/controllers/endpoints/index.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { serviceAllocation } from '../../../main/registry/service-allocation/index.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode } from '../../helpers/fake-node.js';
import { waitFor } from '../../helpers/wait.js';

const PODS = findResource('', 'v1', 'pods')!;
const SERVICES = findResource('', 'v1', 'services')!;
const ENDPOINTS = findResource('', 'v1', 'endpoints')!;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;

describe('EndpointSlice controller', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  let node: FakeNode;

  before(async () => {
    c = await startTestCluster({
      controllers: [endpointsController, endpointSliceControllerWith({ maxEndpointsPerSlice: 3 })],
      admission: (store) => [serviceAllocation({ store })],
    });
    t = new InProcessTransport(c.cp.registry, 'test');
    node = new FakeNode(t, { name: 'node-a', labels: { 'topology.kubernetes.io/zone': 'zone-a' } });
    await node.start();
  });
  after(async () => {
    node.stop();
    await c.stop();
  });

  const runPod = async (name: string, labels: Record<string, string>, port = 8080, finalizers?: string[]): Promise<void> => {
    const r = await c.kubectl(['create', '-f', '-'], { input: JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name, labels, finalizers },
      spec: { nodeName: 'node-a', containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: port }] }] },
    }) });
    assert.equal(r.code, 0, r.stderr);
    await waitFor(`${name} ready`, async () => ((await t.get(PODS, 'default', name)).status as { conditions?: { type: string; status: string }[] }).conditions?.some((x) => x.type === 'Ready' && x.status === 'True'));
  };
  const slicesOf = async (svc: string): Promise<EndpointSlice[]> => {
    await waitFor('controllers idle', () => c.cp.controllers.idle);
    const list = await t.list(SLICES, 'default', { labelSelector: `kubernetes.io/service-name=${svc}` });
    return list.items as unknown as EndpointSlice[];
  };
  /** Per slice (sorted): its ports and its endpoints as "pod:ready/serving/terminating". */
  const view = async (svc: string): Promise<string> => JSON.stringify((await slicesOf(svc)).map((s) => [
    (s.ports ?? []).map((p) => p.port),
    (s.endpoints ?? []).map((e) => `${e.targetRef?.name}:${e.conditions?.ready}/${e.conditions?.serving}/${e.conditions?.terminating}`).sort(),
  ]).sort());
  const until = async (svc: string, expected: unknown): Promise<void> => {
    let last = '';
    const want = JSON.stringify(expected);
    await waitFor(`slices of ${svc}`, async () => (last = await view(svc)) === want, { timeoutMs: 10_000 }).catch((err: Error) => {
      throw new Error(`${err.message}: want ${want}, last seen ${last}`);
    });
  };
  const ok = (name: string): string => `${name}:true/true/false`;

  test('five pods make two slices of at most three, labelled and owned as upstream does', async () => {
    await c.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { team: 'a' } }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } }) });
    for (let i = 1; i <= 5; i++) await runPod(`web-${i}`, { app: 'web' });
    const slices = await waitFor('two slices', async () => ((await slicesOf('web')).length === 2 && (await slicesOf('web')).flatMap((s) => s.endpoints ?? []).length === 5 ? slicesOf('web') : undefined));
    assert.deepEqual(slices.map((s) => (s.endpoints ?? []).length).sort(), [2, 3]);
    const svc = await t.get(SERVICES, 'default', 'web');
    for (const s of slices) {
      assert.match(s.metadata!.name!, /^web-[a-z0-9]{5}$/);
      assert.deepEqual(s.metadata!.labels, { team: 'a', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
      assert.deepEqual(s.metadata!.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      assert.equal(s.addressType, 'IPv4');
      assert.deepEqual(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    }
    const e = slices.flatMap((s) => s.endpoints ?? []).find((x) => x.targetRef?.name === 'web-1')!;
    assert.deepEqual({ ...e, addresses: undefined, targetRef: { ...e.targetRef, uid: undefined } }, {
      addresses: undefined, conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-a', zone: 'zone-a',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: undefined },
    });
    const table = await c.k('get', 'endpointslices', '-l', 'kubernetes.io/service-name=web');
    assert.equal(table.trim().split('\n').filter((l) => /^web-\S+\s+IPv4\s+8080\s+10\.244\.0\.\d+/.test(l)).length, 2, table);
  });

  test('slices hold the same pods as the Endpoints', async () => {
    const ep = (await t.get(ENDPOINTS, 'default', 'web')) as Endpoints;
    const fromEndpoints = (ep.subsets ?? []).flatMap((s) => s.addresses ?? []).map((a) => a.ip).sort();
    const fromSlices = (await slicesOf('web')).flatMap((s) => s.endpoints ?? []).filter((x) => x.conditions?.ready).flatMap((x) => x.addresses).sort();
    assert.equal(fromSlices.length, 5);
    assert.deepEqual(fromSlices, fromEndpoints);
  });

  test('readiness and termination show in the conditions; a terminating pod leaves the Endpoints but not the slices', async () => {
    await t.patch(PODS, 'default', 'web-2', 'strategic', { status: { conditions: [{ type: 'Ready', status: 'False' }] } }, { subresource: 'status' });
    await runPod('held', { app: 'web' }, 8080, ['example.com/hold']);
    await c.k('delete', 'pod', 'held', '--wait=false');
    const all = ['web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'held'];
    await waitFor('conditions', async () => {
      const eps = (await slicesOf('web')).flatMap((s) => s.endpoints ?? []);
      const by = new Map(eps.map((x) => [x.targetRef?.name, x.conditions]));
      return all.every((n) => by.has(n)) && by.get('web-2')?.ready === false && by.get('held')?.terminating === true;
    });
    const by = new Map((await slicesOf('web')).flatMap((s) => s.endpoints ?? []).map((x) => [x.targetRef?.name, x.conditions]));
    assert.deepEqual(by.get('web-2'), { ready: false, serving: false, terminating: false });
    assert.deepEqual(by.get('held'), { ready: false, serving: true, terminating: true });
    const ep = (await t.get(ENDPOINTS, 'default', 'web')) as Endpoints;
    assert.ok(!JSON.stringify(ep.subsets).includes('"held"'), 'terminating pods are not in the Endpoints');
    await c.k('patch', 'pod', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
    await t.patch(PODS, 'default', 'web-2', 'strategic', { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { subresource: 'status' });
  });

  test('a pod whose named port has another number goes to a slice of its own', async () => {
    await runPod('web-9090', { app: 'web' }, 9090);
    await waitFor('9090 slice', async () => (await view('web')).includes('[[9090],["web-9090:true/true/false"]]'));
    const ports = (await slicesOf('web')).map((s) => (s.ports ?? []).map((p) => p.port)[0]).sort();
    assert.deepEqual(ports, [8080, 8080, 9090]);
  });

  test('deleted pods leave; with none left one empty placeholder slice remains', async () => {
    await c.k('delete', 'pod', 'web-9090', 'web-4', 'web-5', '--wait=false');
    await until('web', [[[8080], [ok('web-1'), ok('web-2'), ok('web-3')]]]);
    await c.k('delete', 'pod', 'web-1', 'web-2', 'web-3', '--wait=false');
    await until('web', [[[], []]]);
    assert.match(await c.k('get', 'endpointslices', '-l', 'kubernetes.io/service-name=web'), /^web-\S+\s+IPv4\s+<unset>\s+<unset>\s+/m);
    await runPod('web-6', { app: 'web' });
    await until('web', [[[8080], [ok('web-6')]]]);
  });

  test('a pod update the slices do not show writes nothing', async () => {
    const before = (await slicesOf('web')).map((s) => s.metadata!.resourceVersion);
    await c.k('label', 'pod', 'web-6', 'extra=yes');
    await c.k('annotate', 'pod', 'web-6', 'note=hi');
    assert.deepEqual((await slicesOf('web')).map((s) => s.metadata!.resourceVersion), before);
  });

  test('no slices for Services without a selector or of type ExternalName; a deleted Service\'s slices go', async () => {
    await c.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual' }, spec: { ports: [{ port: 80 }] } }) });
    await c.k('create', 'service', 'externalname', 'ext', '--external-name=example.com');
    await c.k('patch', 'svc', 'ext', '-p', '{"spec":{"selector":{"app":"web"}}}');
    assert.deepEqual(await slicesOf('manual'), []);
    assert.deepEqual(await slicesOf('ext'), []);
    await c.k('delete', 'svc', 'web');
    await waitFor('slices gone', async () => (await slicesOf('web')).length === 0);
  });
});
