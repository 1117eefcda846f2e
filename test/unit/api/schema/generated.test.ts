// The schemas scripts/gen-schemas.js writes from kubernetes-types and its extensions table: the facts
// strategic merge patch, server-side apply, validation and `kubectl explain` read from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCE_TYPES } from '../../../../api/resources/registry.js';
import { k8sSchemas, schemaClosure } from '../../../../api/schema/registry.js';
import type { JSONSchema } from '../../../../api/schema/types.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const CORE = 'io.k8s.api.core.v1';
const INT_OR_STRING = '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString';

function prop(component: string, ...path: string[]): JSONSchema {
  let s = k8sSchemas.get(component);
  assert.ok(s, `${component} is generated`);
  for (const p of path) {
    s = k8sSchemas.resolve(s).properties?.[p];
    assert.ok(s, `${component} has ${path.join('.')}`);
  }
  return s;
}

test('Pod containers merge by name for strategic merge patch and are a map keyed by name for apply', () => {
  const containers = prop(`${CORE}.PodSpec`, 'containers');
  assert.equal(containers.type, 'array');
  assert.equal(containers.items?.$ref, `#/components/schemas/${CORE}.Container`);
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(containers['x-kubernetes-list-type'], 'map');
  assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
  assert.deepEqual(k8sSchemas.get(`${CORE}.PodSpec`)?.required, ['containers']);
});

test('list keys and patch strategies follow upstream for the lists kubectl apply touches most', () => {
  const ports = prop(`${CORE}.Container`, 'ports');
  assert.equal(ports['x-kubernetes-patch-merge-key'], 'containerPort');
  assert.deepEqual(ports['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
  assert.equal(prop(`${CORE}.Container`, 'env')['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(prop(`${CORE}.Container`, 'volumeMounts')['x-kubernetes-patch-merge-key'], 'mountPath');
  assert.equal(prop(`${CORE}.Container`, 'args')['x-kubernetes-list-type'], 'atomic');
  assert.deepEqual(prop(`${CORE}.ServiceSpec`, 'ports')['x-kubernetes-list-map-keys'], ['port', 'protocol']);
  assert.equal(prop(`${CORE}.ServiceSpec`, 'ports')['x-kubernetes-patch-merge-key'], 'port');
  assert.equal(prop(`${CORE}.PodSpec`, 'volumes')['x-kubernetes-patch-strategy'], 'merge,retainKeys');
  assert.equal(prop(`${CORE}.PodSpec`, 'tolerations')['x-kubernetes-list-type'], 'atomic');
  assert.equal(prop(`${CORE}.PodSpec`, 'tolerations')['x-kubernetes-patch-strategy'], undefined);
  assert.equal(prop(`${CORE}.PodSpec`, 'nodeSelector')['x-kubernetes-map-type'], 'atomic');
  assert.equal(prop(`${CORE}.PodStatus`, 'conditions')['x-kubernetes-patch-merge-key'], 'type');
  assert.equal(prop('io.k8s.api.apps.v1.DeploymentSpec', 'strategy')['x-kubernetes-patch-strategy'], 'retainKeys');
  assert.equal(prop(`${META}.ObjectMeta`, 'finalizers')['x-kubernetes-list-type'], 'set');
  assert.equal(prop(`${META}.ObjectMeta`, 'finalizers')['x-kubernetes-patch-strategy'], 'merge');
  assert.deepEqual(prop(`${META}.ObjectMeta`, 'ownerReferences')['x-kubernetes-list-map-keys'], ['uid']);
  assert.equal(k8sSchemas.get(`${META}.LabelSelector`)?.['x-kubernetes-map-type'], 'atomic');
});

test('every served kind and its list carry the group-version-kind kubectl looks schemas up by', () => {
  for (const r of RESOURCE_TYPES) {
    const kind = k8sSchemas.forKind(r.group, r.version, r.kind);
    assert.equal(kind, k8sSchemas.get(r.schema), `${r.kind} found by its GVK`);
    assert.deepEqual(kind?.['x-kubernetes-group-version-kind'], [{ group: r.group, kind: r.kind, version: r.version }]);
    assert.equal(k8sSchemas.forKind(r.group, r.version, r.listKind), k8sSchemas.get(`${r.schema}List`));
  }
  assert.deepEqual(k8sSchemas.get('io.k8s.api.apps.v1.Deployment')?.['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  assert.ok(k8sSchemas.forKind('autoscaling', 'v1', 'Scale'));
  assert.ok(k8sSchemas.forKind('policy', 'v1', 'Eviction'));
  assert.ok(k8sSchemas.forKind('', 'v1', 'Binding'));
  const deleteGVKs = k8sSchemas.get(`${META}.DeleteOptions`)?.['x-kubernetes-group-version-kind']?.map((g) => g.group);
  for (const g of ['', 'apps', 'batch', 'coordination.k8s.io', 'discovery.k8s.io']) assert.ok(deleteGVKs?.includes(g), `DeleteOptions under "${g}"`);
});

test('byte data, int64 fields and int-or-string fields have upstream formats', () => {
  assert.deepEqual(prop(`${CORE}.Secret`, 'data').additionalProperties, { type: 'string', format: 'byte' });
  assert.deepEqual(prop(`${CORE}.ConfigMap`, 'binaryData').additionalProperties, { type: 'string', format: 'byte' });
  assert.deepEqual(prop(`${CORE}.ConfigMap`, 'data').additionalProperties, { type: 'string' });
  for (const [type, field] of [[`${META}.ObjectMeta`, 'generation'], [`${META}.ObjectMeta`, 'deletionGracePeriodSeconds'],
    [`${CORE}.PodSpec`, 'terminationGracePeriodSeconds'], [`${CORE}.PodSpec`, 'activeDeadlineSeconds'],
    [`${CORE}.Probe`, 'terminationGracePeriodSeconds'], [`${CORE}.SecurityContext`, 'runAsUser'],
    [`${CORE}.PodSecurityContext`, 'fsGroup'], ['io.k8s.api.batch.v1.JobSpec', 'activeDeadlineSeconds'],
    ['io.k8s.api.batch.v1.CronJobSpec', 'startingDeadlineSeconds'], ['io.k8s.api.apps.v1.DeploymentStatus', 'observedGeneration']]) {
    assert.deepEqual([prop(type, field).type, prop(type, field).format], ['integer', 'int64'], `${type}.${field}`);
  }
  assert.equal(prop(`${CORE}.PodSecurityContext`, 'supplementalGroups').items?.format, 'int64');
  assert.equal(prop(`${CORE}.Event`, 'count').format, 'int32');
  assert.equal(prop('io.k8s.api.apps.v1.DeploymentSpec', 'replicas').format, 'int32');

  const targetPort = prop(`${CORE}.ServicePort`, 'targetPort');
  assert.equal(targetPort.$ref, INT_OR_STRING);
  assert.match(targetPort.description ?? '', /Number or name of the port/);
  assert.equal(prop(`${CORE}.HTTPGetAction`, 'port').$ref, INT_OR_STRING);
  assert.equal(prop('io.k8s.api.apps.v1.RollingUpdateDeployment', 'maxSurge').$ref, INT_OR_STRING);
  const ios = k8sSchemas.resolve(targetPort);
  assert.equal(ios.format, 'int-or-string');
  assert.equal(ios['x-kubernetes-int-or-string'], true);
});

test('meta scalar types are components of their own, as upstream names them', () => {
  assert.deepEqual(prop(`${META}.ObjectMeta`, 'creationTimestamp').$ref, `#/components/schemas/${META}.Time`);
  assert.equal(k8sSchemas.get(`${META}.Time`)?.format, 'date-time');
  assert.equal(k8sSchemas.get(`${META}.MicroTime`)?.format, 'date-time');
  assert.equal(k8sSchemas.get(`${META}.FieldsV1`)?.['x-kubernetes-preserve-unknown-fields'], true);
  assert.equal(k8sSchemas.get('io.k8s.apimachinery.pkg.runtime.RawExtension')?.['x-kubernetes-preserve-unknown-fields'], true);
  assert.equal((prop(`${CORE}.ResourceRequirements`, 'limits').additionalProperties as JSONSchema).$ref,
    '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity');
});

test('descriptions come from the JSDoc, with upstream paragraph breaks', () => {
  assert.match(k8sSchemas.get(`${CORE}.Pod`)?.description ?? '', /^Pod is a collection of containers/);
  assert.match(prop(`${CORE}.Container`, 'name').description ?? '', /DNS_LABEL/);
  assert.match(prop(`${META}.ObjectMeta`, 'generateName').description ?? '', /unique on the server\.\n\nIf this field is specified/);
  assert.deepEqual(k8sSchemas.get(`${CORE}.Container`)?.required, ['name']);
});

test('every $ref in the generated components resolves to a generated component', () => {
  const all = k8sSchemas.names();
  assert.deepEqual(schemaClosure(k8sSchemas, all), all);
  assert.ok(all.length > 200);
});

test('resolve follows a $ref and a one-element allOf; an unknown name is an error', () => {
  const spec = k8sSchemas.get('io.k8s.api.apps.v1.DeploymentSpec');
  assert.equal(k8sSchemas.resolve({ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }), spec);
  assert.equal(k8sSchemas.resolve({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }], description: 'x' }), spec);
  assert.throws(() => k8sSchemas.resolve({ $ref: '#/components/schemas/io.k8s.api.core.v1.Nope' }), /Nope/);
  assert.equal(k8sSchemas.get('io.k8s.api.core.v1.Nope'), undefined);
});
