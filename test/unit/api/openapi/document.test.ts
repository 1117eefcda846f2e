// The /openapi/v3 documents as kubectl v1.32 reads them: the root's per-group-version URLs, the PATCH
// operations its field-validation check looks for, and the schemas `kubectl explain` finds by GVK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenApiService, k8sOpenApi, openApiDocument, openApiRoot } from '../../../../api/openapi/index.js';
import type { OpenApiDocument } from '../../../../api/openapi/index.js';
import { GROUP_VERSIONS, RESOURCE_TYPES } from '../../../../api/resources/registry.js';
import { k8sSchemas } from '../../../../api/schema/registry.js';

type Op = { parameters?: { name: string }[]; 'x-kubernetes-group-version-kind'?: Record<string, string>; operationId?: string; requestBody?: { content: Record<string, unknown> } };
const ops = (doc: OpenApiDocument, path: string) => doc.paths[path] as unknown as Record<string, Op>;

function doc(group: string, version: string): OpenApiDocument {
  const d = openApiDocument(group, version);
  assert.ok(d, `document for ${group}/${version}`);
  return d;
}

test('the root points at one document per served group version, with a hash', () => {
  const root = openApiRoot();
  assert.deepEqual(Object.keys(root.paths), ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1']);
  assert.equal(Object.keys(root.paths).length, GROUP_VERSIONS.length);
  for (const [path, { serverRelativeURL }] of Object.entries(root.paths)) {
    assert.match(serverRelativeURL, new RegExp(`^/openapi/v3/${path.replace(/\./g, '\\.')}\\?hash=[0-9A-F]{16}$`));
  }
  assert.equal(k8sOpenApi.documentJSONForPath('apis/apps/v1'), k8sOpenApi.documentJSON('apps', 'v1'));
  assert.deepEqual(JSON.parse(k8sOpenApi.documentJSON('apps', 'v1') ?? ''), doc('apps', 'v1'));
  assert.equal(openApiDocument('extensions', 'v1beta1'), undefined);
  assert.equal(k8sOpenApi.documentJSONForPath('apis/extensions/v1beta1'), undefined);
});

test('a group version hash changes when its document changes, and only then', () => {
  const without = createOpenApiService(RESOURCE_TYPES.filter((r) => r.resource !== 'leases'), GROUP_VERSIONS, k8sSchemas).root().paths;
  const full = openApiRoot().paths;
  assert.notEqual(without['apis/coordination.k8s.io/v1'].serverRelativeURL, full['apis/coordination.k8s.io/v1'].serverRelativeURL);
  assert.equal(without['apis/apps/v1'].serverRelativeURL, full['apis/apps/v1'].serverRelativeURL);
  assert.equal(without['api/v1'].serverRelativeURL, full['api/v1'].serverRelativeURL);
});

test('every PATCH of a served kind declares fieldValidation, so kubectl validates on the server', () => {
  for (const r of RESOURCE_TYPES) {
    const d = doc(r.group, r.version);
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    // kubectl takes the first PATCH it meets with this GVK, in map order: every one must carry the parameter.
    const patches = Object.values(d.paths).map((p) => (p as unknown as Record<string, Op>).patch)
      .filter((op): op is Op => op !== undefined && JSON.stringify(op['x-kubernetes-group-version-kind']) === JSON.stringify(gvk));
    assert.ok(patches.length >= 1, `${r.resource} has a PATCH operation`);
    for (const op of patches) {
      assert.ok(op.parameters?.some((p) => p.name === 'fieldValidation'), `${op.operationId} declares fieldValidation`);
      assert.deepEqual(Object.keys(op.requestBody?.content ?? {}).sort(), [
        'application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json',
      ]);
    }
  }
});

test('kubectl explain finds each kind: the collection path names the GVK and a component carries it', () => {
  for (const r of RESOURCE_TYPES) {
    const d = doc(r.group, r.version);
    const prefix = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
    const collection = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}` : `${prefix}/${r.resource}`;
    const gvk = { group: r.group, kind: r.kind, version: r.version };
    assert.deepEqual(ops(d, collection).get?.['x-kubernetes-group-version-kind'], gvk, `${collection} get`);
    const holders = Object.values(d.components.schemas).filter((s) => s['x-kubernetes-group-version-kind']?.some((g) => JSON.stringify(g) === JSON.stringify(gvk)));
    assert.equal(holders.length, 1, `one component for ${r.kind}`);
    assert.ok(holders[0].properties?.metadata);
  }
});

test('paths and operation ids follow upstream for namespaced, cluster-scoped and subresource operations', () => {
  const core = doc('', 'v1');
  assert.equal(ops(core, '/api/v1/namespaces/{namespace}/pods').get?.operationId, 'listCoreV1NamespacedPod');
  assert.equal(ops(core, '/api/v1/namespaces/{namespace}/pods').post?.operationId, 'createCoreV1NamespacedPod');
  assert.equal(ops(core, '/api/v1/namespaces/{namespace}/pods').delete?.operationId, 'deleteCoreV1CollectionNamespacedPod');
  assert.equal(ops(core, '/api/v1/namespaces/{namespace}/pods/{name}').patch?.operationId, 'patchCoreV1NamespacedPod');
  assert.equal(ops(core, '/api/v1/pods').get?.operationId, 'listCoreV1PodForAllNamespaces');
  assert.equal(ops(core, '/api/v1/namespaces/{namespace}/pods/{name}/status').patch?.operationId, 'patchCoreV1NamespacedPodStatus');
  assert.equal(ops(core, '/api/v1/namespaces/{namespace}/pods/{name}/binding').post?.operationId, 'createCoreV1NamespacedPodBinding');
  assert.equal(ops(core, '/api/v1/nodes/{name}').get?.operationId, 'readCoreV1Node');
  assert.equal(ops(core, '/api/v1/namespaces').delete, undefined, 'namespaces have no deletecollection');
  const list = ops(core, '/api/v1/namespaces/{namespace}/pods').get?.parameters?.map((p) => p.name);
  for (const name of ['labelSelector', 'fieldSelector', 'limit', 'continue', 'watch', 'resourceVersion']) assert.ok(list?.includes(name), name);
  const patch = ops(core, '/api/v1/namespaces/{namespace}/pods/{name}').patch?.parameters?.map((p) => p.name);
  assert.deepEqual(patch, ['dryRun', 'fieldManager', 'fieldValidation', 'force']);

  const apps = doc('apps', 'v1');
  const scale = ops(apps, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale');
  assert.equal(scale.get?.operationId, 'readAppsV1NamespacedDeploymentScale');
  assert.deepEqual(scale.patch?.['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.ok(apps.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
  assert.equal(ops(doc('coordination.k8s.io', 'v1'), '/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases').get?.operationId,
    'listCoordinationV1NamespacedLease');
});

test('each document holds every component its paths refer to, and no other group version kinds', () => {
  for (const { group, version } of GROUP_VERSIONS) {
    const d = doc(group, version);
    const text = JSON.stringify(d);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) assert.ok(d.components.schemas[name], `${group}/${version} has ${name}`);
  }
  assert.equal(doc('apps', 'v1').components.schemas['io.k8s.api.core.v1.Service'], undefined);
  assert.ok(doc('apps', 'v1').components.schemas['io.k8s.api.core.v1.PodSpec']);
});

test('a $ref that carries a description is served wrapped in allOf, keeping its extensions', () => {
  const strategy = doc('apps', 'v1').components.schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties?.strategy;
  assert.deepEqual(strategy?.allOf, [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' }]);
  assert.equal(strategy?.$ref, undefined);
  assert.equal(strategy?.['x-kubernetes-patch-strategy'], 'retainKeys');
  assert.match(strategy?.description ?? '', /deployment strategy/);
  const containers = doc('', 'v1').components.schemas['io.k8s.api.core.v1.PodSpec'].properties?.containers;
  assert.deepEqual(containers?.items, { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' });
  assert.deepEqual(containers?.['x-kubernetes-list-map-keys'], ['name']);
});
