import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { ownerRefTo, planSlices, portsKey, sliceLabels, type EndpointGroup } from '../../../../../main/controllers/endpoints/slice-plan.js';

const svc: Service = { metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', labels: { app: 'web' } }, spec: { clusterIP: '10.96.0.5', selector: { app: 'web' } } };
const HTTP: EndpointPort[] = [{ name: 'http', port: 8080, protocol: 'TCP' }];
const ep = (i: number): Endpoint => ({ addresses: [`10.244.${Math.floor(i / 250)}.${(i % 250) + 1}`], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: `p${i}`, uid: `u${i}` } });
const groupOf = (ports: EndpointPort[], eps: Endpoint[]): Map<string, EndpointGroup> => new Map([[portsKey(ports), { ports, endpoints: eps }]]);
const stored = (name: string, ports: EndpointPort[], endpoints: Endpoint[], extra: Partial<EndpointSlice> = {}): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4', ports, endpoints,
  metadata: { name, namespace: 'default', resourceVersion: '7', labels: sliceLabels(svc), ownerReferences: [ownerRefTo(svc)] },
  ...extra,
});
const plan = (existing: EndpointSlice[], groups: Map<string, EndpointGroup>, max = 100) =>
  planSlices({ service: svc, existing, groups, addressType: 'IPv4', maxEndpointsPerSlice: max, triggerTime: '2024-05-01T10:00:00Z' });

describe('planSlices', () => {
  test('250 endpoints make three new slices of at most 100, named after the Service', () => {
    const p = plan([], groupOf(HTTP, Array.from({ length: 250 }, (_, i) => ep(i))));
    assert.deepEqual(p.create.map((s) => s.endpoints.length), [100, 100, 50]);
    assert.equal(p.create[0].metadata!.generateName, 'web-');
    assert.equal(p.create[0].metadata!.annotations!['endpoints.kubernetes.io/last-change-trigger-time'], '2024-05-01T10:00:00Z');
    assert.deepEqual([p.update, p.delete], [[], []]);
  });

  test('an unchanged slice is left alone; a new endpoint joins it rather than a new slice', () => {
    const current = stored('web-abcde', HTTP, [ep(1), ep(2)]);
    assert.deepEqual(plan([current], groupOf(HTTP, [ep(2), ep(1)])), { create: [], update: [], delete: [] });
    const p = plan([current], groupOf(HTTP, [ep(1), ep(2), ep(3)]));
    assert.deepEqual(p.update.map((s) => s.endpoints.map((e) => e.targetRef!.name)), [['p1', 'p2', 'p3']]);
    assert.equal(p.update[0].metadata!.resourceVersion, '7', 'updates carry the version they were computed from');
  });

  test('endpoints stay in the slice holding them when another slice changes', () => {
    const a = stored('web-aaaaa', HTTP, [ep(1), ep(2)]);
    const b = stored('web-bbbbb', HTTP, [ep(3), ep(4)]);
    const p = plan([a, b], groupOf(HTTP, [ep(1), ep(2), ep(3)]), 2);
    assert.deepEqual(p.update.map((s) => [s.metadata!.name, s.endpoints.map((e) => e.targetRef!.name)]), [['web-bbbbb', ['p3']]]);
  });

  test('with no endpoints one empty placeholder remains; a slice that would be deleted is reused instead of creating one', () => {
    const a = stored('web-aaaaa', HTTP, [ep(1)]);
    const empty = plan([a], new Map());
    assert.deepEqual([empty.create.length, empty.delete.length], [0, 0]);
    assert.deepEqual(empty.update.map((s) => [s.metadata!.name, s.ports, s.endpoints]), [['web-aaaaa', [], []]]);
    const placeholder = stored('web-aaaaa', [], []);
    assert.deepEqual(plan([placeholder], new Map()), { create: [], update: [], delete: [] });
    const back = plan([placeholder], groupOf(HTTP, [ep(5)]));
    assert.deepEqual([back.create.length, back.delete.length], [0, 0]);
    assert.deepEqual(back.update.map((s) => [s.metadata!.name, s.ports, s.endpoints.length]), [['web-aaaaa', HTTP, 1]]);
  });

  test('slices of a previous Service of the same name, or of another address type, are deleted', () => {
    const foreign = stored('web-old00', HTTP, [ep(1)], { metadata: { name: 'web-old00', labels: sliceLabels(svc), ownerReferences: [{ ...ownerRefTo(svc), uid: 'gone' }] } });
    const v6 = stored('web-v6000', HTTP, [ep(1)], { addressType: 'IPv6' });
    const p = plan([foreign, v6], groupOf(HTTP, [ep(1)]));
    assert.deepEqual(p.update.map((s) => s.metadata!.name), ['web-old00'], 'reused for the new content');
    assert.deepEqual(p.update[0].metadata!.ownerReferences, [ownerRefTo(svc)]);
    assert.deepEqual(p.delete.map((s) => s.metadata!.name), ['web-v6000']);
  });

  test('labels follow the Service, reserved keys excepted; headless Services are marked', () => {
    const headless: Service = { ...svc, metadata: { ...svc.metadata, labels: { app: 'web', 'kubernetes.io/service-name': 'spoof' } }, spec: { clusterIP: 'None' } };
    assert.deepEqual(sliceLabels(headless), {
      app: 'web', 'service.kubernetes.io/headless': '', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
  });
});
