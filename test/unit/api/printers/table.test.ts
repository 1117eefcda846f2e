import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../api/types/meta.js';
import { parseIncludeObject, toTable } from '../../../../api/printers/table.js';
import { RESOURCE_TYPES } from '../../../../api/resources/registry.js';
import { BadRequestError } from '../../../../api/errors/status-error.js';
import { DAY, MIN, NOW, ago, cells, columns } from './fixtures.js';

const cm: KubeObject = {
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { name: 'app-config', namespace: 'default', uid: 'u-cm', resourceVersion: '42', labels: { app: 'web' }, creationTimestamp: ago(3 * MIN) },
  data: { 'app.properties': 'a=b', mode: 'prod' }, binaryData: { logo: 'iVBORw0KGgo=' },
};

test('secrets, config maps and service accounts count entries without showing them', () => {
  const secret: KubeObject = {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-pass', namespace: 'default', creationTimestamp: ago(MIN) },
    type: 'Opaque', data: { username: 'YWRtaW4=', password: 'czNjcjN0' },
  };
  assert.deepEqual(columns('', 'secrets').map(([n]) => n), ['Name', 'Type', 'Data', 'Age']);
  assert.deepEqual(cells('', 'secrets', secret), ['db-pass', 'Opaque', 2, '60s']);
  assert.deepEqual(cells('', 'secrets', { ...secret, type: 'kubernetes.io/tls', data: undefined }), ['db-pass', 'kubernetes.io/tls', 0, '60s']);
  assert.deepEqual(cells('', 'configmaps', cm), ['app-config', 3, '3m']);
  const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default', creationTimestamp: ago(9 * DAY) } };
  assert.deepEqual(cells('', 'serviceaccounts', sa), ['default', 0, '9d']);
});

test('rows carry PartialObjectMetadata by default, the object or nothing on request', () => {
  const metadataRow = toTable({ group: '', resource: 'configmaps' }, [cm], NOW).rows[0];
  assert.deepEqual(metadataRow.object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata });
  assert.equal(toTable({ group: '', resource: 'configmaps' }, [cm], NOW, { includeObject: 'Object' }).rows[0].object, cm);
  assert.equal(toTable({ group: '', resource: 'configmaps' }, [cm], NOW, { includeObject: 'None' }).rows[0].object, null);
});

test('the table is a meta.k8s.io/v1 Table whose metadata the caller fills in', () => {
  const table = toTable({ group: '', resource: 'configmaps' }, [cm, { ...cm, metadata: { ...cm.metadata, name: 'other' } }], NOW);
  assert.equal(table.kind, 'Table');
  assert.equal(table.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(table.metadata, {});
  assert.deepEqual(table.rows.map((r) => r.cells[0]), ['app-config', 'other']);
  assert.deepEqual(table.columnDefinitions[0], {
    name: 'Name', type: 'string', format: 'name', priority: 0,
    description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  });
  assert.equal(toTable({ group: '', resource: 'pods' }, [], NOW).rows.length, 0);
});

test('kinds without a printer of their own get Name and Age', () => {
  const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', creationTimestamp: ago(DAY * 2) } };
  assert.deepEqual(columns('example.com', 'widgets'), [['Name', 0], ['Age', 0]]);
  assert.deepEqual(cells('example.com', 'widgets', widget), ['w1', '2d']);
  assert.deepEqual(cells('example.com', 'widgets', { ...widget, metadata: { name: 'w2' } }), ['w2', '<unknown>']);
});

test('every served resource has one cell per column, even for a bare object', () => {
  for (const type of RESOURCE_TYPES) {
    const bare: KubeObject = { apiVersion: type.group ? `${type.group}/${type.version}` : type.version, kind: type.kind, metadata: { name: 'x' } };
    const table = toTable(type, [bare], NOW);
    assert.equal(table.rows[0].cells.length, table.columnDefinitions.length, type.resource);
    assert.equal(table.columnDefinitions.filter((c) => c.format === 'name').length, 1, `${type.resource} has one name column`);
  }
});

test('includeObject query values are checked', () => {
  assert.equal(parseIncludeObject(undefined), 'Metadata');
  assert.equal(parseIncludeObject(''), 'Metadata');
  assert.equal(parseIncludeObject('Object'), 'Object');
  assert.equal(parseIncludeObject('None'), 'None');
  assert.throws(() => parseIncludeObject('All'), (err: unknown) => err instanceof BadRequestError && err.message === 'unrecognized includeObject value: "All"');
});
