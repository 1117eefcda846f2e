import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubernetesProtobuf } from '../../../../../api/codec/protobuf/index.js';
import { decodeMessage } from '../../../../../api/codec/protobuf/decode-message.js';
import { BadRequestError } from '../../../../../api/errors/status-error.js';
import { cat, envelope, pb, varintBytes } from './pb-writer.js';

test('fields this version does not know are skipped at every level (newer clients add fields)', () => {
  const container = pb.msg(2, pb.str(1, 'app'), pb.str(2, 'nginx'), pb.varint(999, 1), pb.fixed32(998));
  const podSpec = cat(container, pb.str(1234, 'future'), pb.fixed64(77));
  const pod = decodeKubernetesProtobuf(envelope('v1', 'Pod', cat(pb.msg(1, pb.str(1, 'p'), pb.msg(500)), pb.msg(2, podSpec), pb.varint(40, 3))));
  assert.deepStrictEqual(pod, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
});

test('a singular message sent twice is merged and a scalar sent twice keeps the last value (protobuf rules)', () => {
  const body = cat(pb.msg(1, pb.str(1, 'first'), pb.msg(11, pb.str(1, 'a'), pb.str(2, '1'))), pb.msg(1, pb.str(1, 'second'), pb.msg(11, pb.str(1, 'b'), pb.str(2, '2'))));
  const ns = decodeKubernetesProtobuf(envelope('v1', 'Namespace', body));
  assert.deepStrictEqual(ns.metadata, { name: 'second', labels: { a: '1', b: '2' } });
});

test('packed repeated integers are accepted as well as one field per element', () => {
  const packed = pb.bytes(4, cat(varintBytes(1000), varintBytes(0), varintBytes(-1)));
  const sc = decodeMessage(cat(packed, pb.varint(4, 7)), 'PodSecurityContext');
  assert.deepStrictEqual(sc, { supplementalGroups: [1000, 0, -1, 7] });
});

test('inline Go structs are flattened: a Volume\'s source and a key selector\'s name sit on the parent', () => {
  const vol = decodeMessage(cat(pb.str(1, 'cfg'), pb.msg(2, pb.msg(19, pb.msg(1, pb.str(1, 'app-config')), pb.varint(3, 420)))), 'Volume');
  assert.deepStrictEqual(vol, { name: 'cfg', configMap: { name: 'app-config', defaultMode: 420 } });
  const sel = decodeMessage(cat(pb.msg(1, pb.str(1, 'db')), pb.str(2, 'password')), 'SecretKeySelector');
  assert.deepStrictEqual(sel, { name: 'db', key: 'password' });
});

test('zero values: omitempty fields are dropped, pointer and required ones kept', () => {
  // ContainerPort: containerPort has no omitempty; hostPort and name do.
  assert.deepStrictEqual(decodeMessage(cat(pb.str(1, ''), pb.varint(2, 0), pb.varint(3, 0), pb.str(4, 'TCP')), 'ContainerPort'),
    { containerPort: 0, protocol: 'TCP' });
  // SecurityContext: privileged and runAsUser are pointers.
  assert.deepStrictEqual(decodeMessage(cat(pb.varint(2, false), pb.varint(4, 0)), 'SecurityContext'), { privileged: false, runAsUser: 0 });
});

test('map keys are ordinary keys, even "__proto__"', () => {
  const labels = pb.msg(11, pb.str(1, '__proto__'), pb.str(2, 'x'));
  const cm = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', pb.msg(1, pb.str(1, 'c'), labels)));
  assert.equal(Object.getPrototypeOf(cm.metadata.labels), Object.prototype);
  assert.deepStrictEqual(Object.keys(cm.metadata.labels ?? {}), ['__proto__']);
  assert.equal(JSON.stringify(cm.metadata.labels), '{"__proto__":"x"}');
});

test('a map entry with its value missing gets the zero value', () => {
  const cm = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', cat(pb.msg(1), pb.msg(2, pb.str(1, 'empty')))));
  assert.deepStrictEqual(cm.data, { empty: '' });
});

test('a field with the wrong wire type is a 400 naming the field', () => {
  const body = envelope('apps/v1', 'Deployment', cat(pb.msg(1), pb.msg(2, pb.str(1, 'three'))));
  assert.throws(() => decodeKubernetesProtobuf(body), (err: unknown) => {
    assert.ok(err instanceof BadRequestError);
    assert.match(err.message, /spec\.replicas: wire type 2 does not fit a field of type int32/);
    return true;
  });
  assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'Secret', pb.varint(1, 5))), /metadata: wire type 0/);
});

test('strings with invalid UTF-8 decode with replacement characters, as Go\'s JSON writes them', () => {
  const ns = decodeKubernetesProtobuf(envelope('v1', 'Namespace', pb.msg(1, pb.bytes(1, pb.raw(0x61, 0xff, 0x62)))));
  assert.equal(ns.metadata.name, 'a\ufffdb');
});
