import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifest, create, update, stored, clone } from './fixture.js';

test('Namespaces are DNS-1123 labels and may not sit in a namespace', () => {
  assert.deepEqual(create(manifest('{apiVersion: v1, kind: Namespace, metadata: {name: my.ns}}')), ['metadata.name: Invalid value: "my.ns": must not contain dots']);
  const ns = manifest('{apiVersion: v1, kind: Namespace, metadata: {name: team-a, namespace: default}}');
  assert.deepEqual(create(ns), ['metadata.namespace: Forbidden: not allowed on this type']);
});

test('labels and annotations follow key and value syntax; annotations are capped at 256 KiB', () => {
  const cm = manifest(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  labels: {"Example.com/app": x, app: "bad value!"}
`);
  assert.deepEqual(create(cm), [
    "metadata.labels: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric " +
      "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
      "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    "metadata.labels: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
      "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
      "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ]);
  const big = manifest('{apiVersion: v1, kind: ConfigMap, metadata: {name: cfg}}');
  big.metadata.annotations = { note: 'x'.repeat(256 * 1024) };
  assert.deepEqual(create(big), ['metadata.annotations: Too long: may not be more than 262144 bytes']);
});

test('ConfigMap keys are config keys and may not repeat in binaryData; immutable ConfigMaps stay put', () => {
  assert.deepEqual(create(manifest('{apiVersion: v1, kind: ConfigMap, metadata: {name: cfg}, data: {"a b": x, k: v}, binaryData: {k: aGk=}}')), [
    "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or " +
      "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    'data[k]: Invalid value: "k": duplicate of key present in binaryData',
  ]);
  const old = stored(manifest('{apiVersion: v1, kind: ConfigMap, metadata: {name: cfg}, immutable: true, data: {k: v}}'));
  const next = clone(old);
  (next as unknown as { data: Record<string, string> }).data.k = 'w';
  assert.deepEqual(update(next, old), ['data: Forbidden: field is immutable when `immutable` is set']);
});

test('Secrets: key syntax, type-specific keys, immutable type', () => {
  assert.deepEqual(create(manifest('{apiVersion: v1, kind: Secret, metadata: {name: tls}, type: kubernetes.io/tls, data: {tls.crt: Y2VydA==}}')),
    ['data[tls.key]: Required value']);
  assert.deepEqual(create(manifest('{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {"../x": eA==}}')), [
    "data[../x]: Invalid value: \"../x\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or " +
      "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    "data[../x]: Invalid value: \"../x\": must not start with '..'",
  ]);
  const old = stored(manifest('{apiVersion: v1, kind: Secret, metadata: {name: s}, stringData: {password: hunter2}}'));
  assert.deepEqual((old as unknown as { data: unknown }).data, { password: 'aHVudGVyMg==' });
  const next = clone(old) as unknown as { type: string; data: Record<string, string> };
  next.type = 'kubernetes.io/tls';
  next.data = { 'tls.crt': 'eA==', 'tls.key': 'eA==' };
  assert.deepEqual(update(next as never, old), ['type: Invalid value: "kubernetes.io/tls": field is immutable']);
});

test('Nodes: taints need valid effects, capacities valid quantities; podCIDRs are set once', () => {
  assert.deepEqual(create(manifest(`
apiVersion: v1
kind: Node
metadata: {name: edge-1}
spec: {taints: [{key: dedicated, value: gpu, effect: Sometimes}]}
status: {capacity: {cpu: "-2"}}
`)), [
    'metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    'status.capacity.cpu: Invalid value: "-2": must be greater than or equal to 0',
    'status.allocatable.cpu: Invalid value: "-2": must be greater than or equal to 0',
  ]);
  const old = stored(manifest('{apiVersion: v1, kind: Node, metadata: {name: edge-1}, spec: {podCIDRs: [10.244.1.0/24]}}'));
  const next = clone(old) as unknown as { spec: { podCIDRs: string[] } };
  next.spec.podCIDRs = ['10.244.2.0/24'];
  assert.deepEqual(update(next as never, old), ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid']);
});

test('Endpoints and EndpointSlices: addresses are real, non-loopback IPs', () => {
  assert.deepEqual(create(manifest(`
apiVersion: v1
kind: Endpoints
metadata: {name: web}
subsets: [{addresses: [{ip: 127.0.0.1}], ports: [{port: 80}, {port: 443}]}]
`)), [
    'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    'subsets[0].ports[0].name: Required value',
    'subsets[0].ports[1].name: Required value',
  ]);
  assert.deepEqual(create(manifest(`
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-abc}
addressType: IPv4
endpoints: [{addresses: ["fd00::1"]}, {addresses: []}]
ports: [{name: http, port: 80}]
`)), [
    'endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
    'endpoints[1].addresses: Required value: must contain at least 1 address',
  ]);
});

test('Leases: durations are positive', () => {
  assert.deepEqual(create(manifest('{apiVersion: coordination.k8s.io/v1, kind: Lease, metadata: {name: edge-1, namespace: kube-node-lease}, spec: {leaseDurationSeconds: 0, holderIdentity: edge-1}}')),
    ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
});

test('core/v1 Events must sit in their object\'s namespace', () => {
  assert.deepEqual(create(manifest(`
apiVersion: v1
kind: Event
metadata: {name: web.17a, namespace: default}
involvedObject: {kind: Pod, name: web, namespace: shop}
reason: Scheduled
`)), ['involvedObject.namespace: Invalid value: "shop": does not match event.namespace']);
});

test('ServiceAccount names are DNS subdomains', () => {
  assert.deepEqual(create(manifest('{apiVersion: v1, kind: ServiceAccount, metadata: {name: builder}}')), []);
  assert.equal(create(manifest('{apiVersion: v1, kind: ServiceAccount, metadata: {name: Builder}}'))[0].startsWith('metadata.name: Invalid value: "Builder"'), true);
});
