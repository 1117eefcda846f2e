import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeObject } from '../../../../api/schema/decode.js';
import { k8sSchemas } from '../../../../api/schema/registry.js';
import type { JSONSchema } from '../../../../api/schema/types.js';

function kind(group: string, version: string, k: string): JSONSchema {
  const s = k8sSchemas.forKind(group, version, k);
  assert.ok(s, `${k} schema`);
  return s;
}
const decodePod = (v: unknown) => decodeObject(v, kind('', 'v1', 'Pod'), k8sSchemas);
const decodeDeployment = (v: unknown) => decodeObject(v, kind('apps', 'v1', 'Deployment'), k8sSchemas);

function deployment(container: Record<string, unknown>, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: {
      replicas: 2, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }, container] } },
      ...spec,
    },
  };
}

test('the pod kubectl run sends decodes unchanged apart from the null timestamp', () => {
  const body = {
    kind: 'Pod', apiVersion: 'v1',
    metadata: { name: 'nginx', creationTimestamp: null, labels: { run: 'nginx' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
    status: {},
  };
  const r = decodePod(body);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.unknownFields, []);
  assert.deepEqual(r.value, { ...body, metadata: { name: 'nginx', labels: { run: 'nginx' } } });
});

test('unknown fields are dropped and reported with their full paths, as the strict decoder names them', () => {
  const body = deployment({ name: 'side', image: 'busybox', imagePullPolice: 'Always', ports: [{ containerPort: 80, hostport: 8080 }] }, { foo: 1 });
  (body.metadata as Record<string, unknown>).labelz = { a: 'b' };
  body.Spec = {};
  const r = decodeDeployment(body);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.unknownFields.sort(), [
    'Spec',
    'metadata.labelz',
    'spec.foo',
    'spec.template.spec.containers[1].imagePullPolice',
    'spec.template.spec.containers[1].ports[0].hostport',
  ]);
  const value = r.value as { spec: { foo?: unknown; template: { spec: { containers: unknown[] } } }; metadata: object };
  assert.equal(value.spec.foo, undefined);
  assert.deepEqual(value.metadata, { name: 'web' });
  assert.deepEqual(value.spec.template.spec.containers[1], { name: 'side', image: 'busybox', ports: [{ containerPort: 80 }] });
  assert.ok(!('Spec' in (r.value as object)));
});

test('values Go cannot unmarshal are errors naming the struct, the field path and the Go type', () => {
  const r = decodeDeployment(deployment({ name: 'side', image: { name: 'busybox' }, ports: [{ containerPort: 80.5 }] }, { replicas: '3' }));
  assert.deepEqual(r.errors, [
    { reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32' },
    { reason: 'FieldValueInvalid', field: 'spec.template.spec.containers[1].image', message: 'json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.image of type string' },
    { reason: 'FieldValueInvalid', field: 'spec.template.spec.containers[1].ports[0].containerPort', message: 'json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32' },
  ]);
});

test('collections, maps and whole objects of the wrong shape are errors too', () => {
  const labels = decodePod({ metadata: { labels: { app: 1 } }, spec: { containers: { name: 'x' } } });
  assert.deepEqual(labels.errors.map((e) => [e.field, e.message]), [
    ['metadata.labels[app]', 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    ['spec.containers', 'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container'],
  ]);
  const root = decodePod([1, 2]);
  assert.equal(root.value, undefined);
  assert.deepEqual(root.errors, [{ reason: 'FieldValueInvalid', message: 'json: cannot unmarshal array into Go value of type v1.Pod' }]);
  const tooBig = decodeDeployment(deployment({ name: 'x' }, { replicas: 3_000_000_000 }));
  assert.match(tooBig.errors[0].message ?? '', /number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32/);
  const grace = decodePod({ spec: { terminationGracePeriodSeconds: 3_000_000_000, containers: [] } });
  assert.deepEqual(grace.errors, [], 'int64 fields take values past int32');
});

test('quantities take strings or numbers; numbers become their canonical strings, bad strings are errors', () => {
  const r = decodePod({
    spec: { containers: [{ name: 'c', resources: { limits: { cpu: 0.5, memory: 1073741824 }, requests: { cpu: '250m', memory: '64Mi' } } }] },
  });
  assert.deepEqual(r.errors, []);
  const resources = (r.value as { spec: { containers: { resources: unknown }[] } }).spec.containers[0].resources;
  assert.deepEqual(resources, { limits: { cpu: '500m', memory: '1073741824' }, requests: { cpu: '250m', memory: '64Mi' } });

  const bad = decodePod({ spec: { containers: [{ name: 'c', resources: { limits: { memory: '1Gx', cpu: true }, requests: { cpu: '5iG' } } }] } });
  assert.deepEqual(bad.errors.map((e) => [e.field, e.message]), [
    ['spec.containers[0].resources.limits[memory]', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['spec.containers[0].resources.limits[cpu]', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['spec.containers[0].resources.requests[cpu]', "unable to parse quantity's suffix"],
  ]);
});

test('int-or-string fields take an int32 or a string and nothing else', () => {
  const svc = (targetPort: unknown) => decodeObject({ spec: { ports: [{ port: 80, targetPort }] } }, kind('', 'v1', 'Service'), k8sSchemas);
  assert.deepEqual(svc(8080).errors, []);
  assert.deepEqual(svc('http').errors, []);
  assert.deepEqual((svc('http').value as { spec: unknown }).spec, { ports: [{ port: 80, targetPort: 'http' }] });
  assert.equal(svc(1.5).errors[0].message, 'json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.targetPort of type int32');
  assert.equal(svc(true).errors[0].message, 'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type intstr.IntOrString');
  assert.equal(svc(true).errors[0].field, 'spec.ports[0].targetPort');
});

test('null unsets a field; in a list or map it stands for the zero value, as Go decodes it', () => {
  const r = decodePod({
    metadata: { name: 'p', labels: { a: null, b: 'x' }, annotations: null },
    spec: { nodeName: null, containers: [{ name: 'c', env: null, args: ['a', null] }] },
  });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.value, { metadata: { name: 'p', labels: { a: '', b: 'x' } }, spec: { containers: [{ name: 'c', args: ['a', ''] }] } });
  assert.equal(decodePod(null).value, undefined);
});

test('preserve-unknown-fields subtrees are kept as they are', () => {
  const fieldsV1 = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } };
  const pod = decodePod({ metadata: { managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1 }] } });
  assert.deepEqual(pod.unknownFields, []);
  assert.deepEqual((pod.value as { metadata: { managedFields: { fieldsV1: unknown }[] } }).metadata.managedFields[0].fieldsV1, fieldsV1);

  const data = { spec: { template: { whatever: [1, { x: null }] } } };
  const rev = decodeObject({ metadata: { name: 'r' }, revision: 3, data }, kind('apps', 'v1', 'ControllerRevision'), k8sSchemas);
  assert.deepEqual(rev.unknownFields, []);
  assert.deepEqual(rev.value, { metadata: { name: 'r' }, revision: 3, data });
});

test('secret data must be base64 and timestamps RFC 3339', () => {
  const secret = (data: unknown) => decodeObject({ data }, kind('', 'v1', 'Secret'), k8sSchemas);
  assert.deepEqual(secret({ user: 'YWRtaW4=', empty: '' }).errors, []);
  assert.deepEqual(secret({ user: 'admin!' }).errors, [{ reason: 'FieldValueInvalid', field: 'data[user]', message: 'illegal base64 data at input byte 5' }]);
  assert.equal(secret({ user: 42 }).errors[0].message, 'json: cannot unmarshal number into Go struct field Secret.data of type []uint8');

  assert.deepEqual(decodePod({ metadata: { creationTimestamp: '2025-01-02T03:04:05Z' } }).errors, []);
  const when = decodePod({ metadata: { creationTimestamp: 'yesterday' } });
  assert.equal(when.errors[0].field, 'metadata.creationTimestamp');
  assert.match(when.errors[0].message ?? '', /^parsing time "yesterday"/);
});

test('a part of an object decodes with its paths under the given prefix', () => {
  const spec = k8sSchemas.get('io.k8s.api.core.v1.PodSpec') as JSONSchema;
  const r = decodeObject({ containers: [{ name: 'c', bogus: 1, image: 5 }] }, spec, k8sSchemas, 'spec.template.spec');
  assert.deepEqual(r.unknownFields, ['spec.template.spec.containers[0].bogus']);
  assert.equal(r.errors[0].field, 'spec.template.spec.containers[0].image');
});
