import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldSet, fieldSetFromFieldsV1, fieldSetOf, fieldSetToFieldsV1, formatPath } from '../../../../api/apply/index.js';
import { registry, schemaFor } from '../patch/fixture-schemas.js';

const deployment = schemaFor('apps', 'v1', 'Deployment');

// A managedFields entry as kube-apiserver v1.32 writes it for `kubectl apply` (client-side) creating a Deployment.
const CSA_FIELDS = {
  'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} }, 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:replicas': {}, 'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {},
            'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
            'f:resources': {},
          },
        },
        'f:restartPolicy': {},
      },
    },
  },
};

test('FieldsV1 decodes and re-encodes unchanged, in upstream order', () => {
  const set = fieldSetFromFieldsV1(CSA_FIELDS);
  assert.equal(JSON.stringify(fieldSetToFieldsV1(set)), JSON.stringify(CSA_FIELDS));
  const paths = set.paths().map(formatPath);
  assert.ok(paths.includes('.spec.template.spec.containers[name="nginx"]'));
  assert.ok(paths.includes('.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"].protocol'));
  assert.ok(paths.includes('.metadata.labels'), '"." makes the map itself a member');
  assert.ok(!paths.includes('.spec'), 'a struct holding members is not one');
});

test('key elements are canonical whatever order a client wrote their fields in', () => {
  const a = fieldSetFromFieldsV1({ 'f:ports': { 'k:{"protocol":"TCP","containerPort":80}': {} } });
  const b = fieldSetFromFieldsV1({ 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': {} } });
  assert.ok(a.equals(b));
  assert.throws(() => fieldSetFromFieldsV1({ 'x:y': {} }), /unknown path element/);
  assert.throws(() => fieldSetFromFieldsV1({ 'f:a': 1 }), /must be an object/);
});

test('set operations: union, difference, intersection, emptiness', () => {
  const a = FieldSet.of([['f:spec', 'f:replicas'], ['f:metadata', 'f:labels', 'f:app']]);
  const b = FieldSet.of([['f:spec', 'f:replicas'], ['f:spec', 'f:paused']]);
  assert.deepEqual(a.union(b).paths().map(formatPath), ['.metadata.labels.app', '.spec.paused', '.spec.replicas']);
  assert.deepEqual(a.difference(b).paths().map(formatPath), ['.metadata.labels.app']);
  assert.deepEqual(a.intersection(b).paths().map(formatPath), ['.spec.replicas']);
  assert.ok(a.intersection(FieldSet.of([['f:status']])).isEmpty());
  assert.ok(!a.isEmpty());
  const status = FieldSet.of([['f:status']]);
  assert.ok(FieldSet.of([['f:status', 'f:replicas']]).recursiveDifference(status).isEmpty());
  assert.ok(!FieldSet.of([['f:status', 'f:replicas']]).difference(status).isEmpty(), 'plain difference is path by path');
});

test('fieldSetOf an applied Deployment: list-map items by key (defaults filled), atomic selector, set members', () => {
  const applied = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', labels: { app: 'app' }, finalizers: ['a'] },
    spec: {
      replicas: 2, selector: { matchLabels: { app: 'app' } },
      template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', args: ['-g'], ports: [{ containerPort: 80 }] }] } },
    },
  };
  assert.deepEqual(fieldSetToFieldsV1(fieldSetOf(applied, deployment, registry)), {
    'f:apiVersion': {}, 'f:kind': {},
    'f:metadata': { 'f:finalizers': { 'v:"a"': {} }, 'f:labels': { 'f:app': {} }, 'f:name': {} },
    'f:spec': {
      'f:replicas': {}, 'f:selector': {},
      'f:template': {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:args': {}, 'f:image': {}, 'f:name': {},
          'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
      },
    },
  });
});

test('fields without a schema are deduced: maps granular, lists atomic', () => {
  const set = fieldSetOf({ spec: { extra: { a: 1, list: [1, 2] }, replicas: 1 } }, deployment, registry);
  assert.deepEqual(set.paths().map(formatPath), ['.spec.extra', '.spec.extra.a', '.spec.extra.list', '.spec.replicas']);
});
