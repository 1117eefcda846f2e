// Leases and Events come from client-go programs (agents, controllers), not from kubectl, so these bodies are
// built field by field with upstream's field numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubernetesProtobuf } from '../../../../../api/codec/protobuf/index.js';
import { BadRequestError } from '../../../../../api/errors/status-error.js';
import { envelope, pb } from './pb-writer.js';

const meta = (name: string) => pb.msg(1, pb.str(1, name), pb.str(3, 'kube-node-lease'), pb.msg(8));
const time = (field: number, seconds: number, nanos = 0) => pb.msg(field, pb.varint(1, seconds), pb.varint(2, nanos));

test('a Lease renewal: MicroTime keeps microseconds, leaseTransitions 0 is kept (pointer field)', () => {
  const spec = pb.msg(2, pb.str(1, 'node-a'), pb.varint(2, 40), time(3, 1735787045, 123456789), time(4, 1735787085, 5000), pb.varint(5, 0));
  const lease = decodeKubernetesProtobuf(envelope('coordination.k8s.io/v1', 'Lease', Uint8Array.from([...meta('node-a'), ...spec])));
  assert.deepStrictEqual(lease, {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: { name: 'node-a', namespace: 'kube-node-lease', creationTimestamp: null },
    spec: { holderIdentity: 'node-a', leaseDurationSeconds: 40, acquireTime: '2025-01-02T03:04:05.123456Z', renewTime: '2025-01-02T03:04:45.000005Z', leaseTransitions: 0 },
  });
});

test('an Event: Time drops nanoseconds as the apiserver does; an empty MicroTime is null', () => {
  const body = [
    ...pb.msg(1, pb.str(1, 'web.1'), pb.str(3, 'default')),
    ...pb.msg(2, pb.str(1, 'Pod'), pb.str(3, 'web')),
    ...pb.str(3, 'Pulled'), ...pb.str(4, 'Successfully pulled image'),
    ...time(6, 1700000000, 999999999), ...time(7, 1700000060), ...pb.varint(8, 2), ...pb.str(9, 'Normal'),
    ...pb.msg(10),
  ];
  const ev = decodeKubernetesProtobuf(envelope('v1', 'Event', Uint8Array.from(body)));
  assert.equal(ev.firstTimestamp, '2023-11-14T22:13:20Z');
  assert.equal(ev.lastTimestamp, '2023-11-14T22:14:20Z');
  assert.equal(ev.count, 2);
  assert.equal(ev.eventTime, null);
  assert.deepStrictEqual(ev.involvedObject, { kind: 'Pod', name: 'web' });
});

test('IntOrString: a named targetPort is a string, a numeric one a number, 0 stays 0', () => {
  const port = (target: Uint8Array) => pb.msg(1, pb.str(2, 'TCP'), pb.varint(3, 80), pb.msg(4, target));
  const spec = pb.msg(2, port(Uint8Array.from([...pb.varint(1, 1), ...pb.str(3, 'http')])),
    port(pb.varint(2, 8080)), port(new Uint8Array(0)));
  const svc = decodeKubernetesProtobuf(envelope('v1', 'Service', Uint8Array.from([...meta('web'), ...spec])));
  const ports = (svc.spec as { ports: { targetPort: unknown }[] }).ports;
  assert.deepStrictEqual(ports.map((p) => p.targetPort), ['http', 8080, 0]);
  const bad = pb.msg(2, port(pb.varint(1, 7)));
  assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'Service', Uint8Array.from([...meta('web'), ...bad]))),
    /spec\.ports\[0\]\.targetPort: IntOrString type 7/);
});

test('Quantity maps in resources become strings', () => {
  const entry = (k: string, q: string) => pb.msg(1, pb.str(1, k), pb.msg(2, pb.str(1, q)));
  const node = pb.msg(3, entry('cpu', '4'), entry('memory', '8Gi'));
  const obj = decodeKubernetesProtobuf(envelope('v1', 'Node', Uint8Array.from([...meta('n1'), ...pb.msg(2), ...node])));
  assert.deepStrictEqual((obj.status as { capacity: unknown }).capacity, { cpu: '4', memory: '8Gi' });
});

test('managedFields: fieldsV1 is raw JSON; invalid JSON is a clean error', () => {
  const mf = (raw: string) => pb.msg(17, pb.str(1, 'kubectl'), pb.str(2, 'Update'), pb.str(3, 'v1'), pb.str(6, 'FieldsV1'), pb.msg(7, pb.str(1, raw)));
  const ok = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', pb.msg(1, pb.str(1, 'c'), mf('{"f:data":{}}'))));
  assert.deepStrictEqual(ok.metadata.managedFields, [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } }]);
  assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', pb.msg(1, mf('{nope')))), BadRequestError);
});

test('timestamps outside years 0000-9999 are refused, as Go cannot write them as JSON', () => {
  const body = envelope('v1', 'Event', Uint8Array.from([...pb.msg(1), ...time(6, 253402300800)]));
  assert.throws(() => decodeKubernetesProtobuf(body), /firstTimestamp: timestamp 253402300800 is outside years 0000-9999/);
});
