import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, fieldManagerName, fieldSetFromFieldsV1, formatPath, recordUpdate } from '../../../../api/apply/index.js';
import { applyJsonPatch } from '../../../../api/patch/index.js';
import type { KubeObject, ManagedFieldsEntry } from '../../../../api/types/meta.js';
import { registry, schemaFor } from '../patch/fixture-schemas.js';

type Obj = Record<string, unknown>;
const deployment = schemaFor('apps', 'v1', 'Deployment');
const T0 = new Date('2025-02-01T08:00:00Z'), T1 = new Date('2025-02-01T09:00:00Z'), T2 = new Date('2025-02-01T10:00:00Z');
const update = (old: KubeObject | undefined, next: KubeObject, manager: string, now: Date, apiVersion = 'apps/v1', options = {}) =>
  recordUpdate(old, next, manager, 'Update', apiVersion, deployment, registry, now, options);

// As kubectl create POSTs it, after the server's defaulting.
const created = (): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'app', namespace: 'default', uid: 'u1', resourceVersion: '5', labels: { app: 'app' } },
  spec: {
    replicas: 1, selector: { matchLabels: { app: 'app' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {} }], restartPolicy: 'Always' } },
  },
  status: {},
});
const entries = (o: KubeObject): ManagedFieldsEntry[] => o.metadata.managedFields ?? [];
const owned = (o: KubeObject, manager: string): string[] => {
  const e = entries(o).find((x) => x.manager === manager);
  return e ? fieldSetFromFieldsV1(e.fieldsV1).paths().map(formatPath) : [];
};
const withSpec = (o: KubeObject, patch: Obj): KubeObject => ({ ...structuredClone(o), spec: { ...(o.spec as Obj), ...patch } });

test('a create records every field it set for its manager, with upstream\'s "." markers', () => {
  const obj = update(undefined, created(), 'kubectl-create', T0);
  const [e] = entries(obj);
  assert.deepEqual({ ...e, fieldsV1: undefined }, { manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: '2025-02-01T08:00:00Z', fieldsType: 'FieldsV1', fieldsV1: undefined });
  const fields = e.fieldsV1 as Obj;
  assert.deepEqual(fields['f:metadata'], { 'f:labels': { '.': {}, 'f:app': {} } }, 'name, uid, resourceVersion are the server\'s');
  assert.equal(Object.hasOwn(fields, 'f:status'), false);
  const tpl = ((fields['f:spec'] as Obj)['f:template'] as Obj)['f:spec'] as Obj;
  assert.deepEqual(tpl['f:containers'], { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {},
    'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } }, 'f:resources': {} } });
  assert.ok(!owned(obj, 'kubectl-create').includes('.spec'), 'structs are not members');
});

test('a later writer takes the fields it changed; the rest stay with their owner', () => {
  const first = update(undefined, created(), 'kubectl-create', T0);
  const scaled = update(first, withSpec(first, { replicas: 3 }), 'kube-controller-manager', T1);
  assert.deepEqual(owned(scaled, 'kube-controller-manager'), ['.spec.replicas']);
  assert.ok(!owned(scaled, 'kubectl-create').includes('.spec.replicas'));
  assert.ok(owned(scaled, 'kubectl-create').includes('.spec.template.spec.containers[name="web"].image'));
  assert.deepEqual(entries(scaled).map((e) => [e.manager, e.time]), [['kubectl-create', '2025-02-01T08:00:00Z'], ['kube-controller-manager', '2025-02-01T09:00:00Z']]);

  // The same manager again merges into its entry; through another apiVersion it gets a second one.
  const again = update(scaled, withSpec(scaled, { minReadySeconds: 5 }), 'kube-controller-manager', T2);
  assert.deepEqual(owned(again, 'kube-controller-manager'), ['.spec.minReadySeconds', '.spec.replicas']);
  assert.equal(entries(again).find((e) => e.manager === 'kube-controller-manager')?.time, '2025-02-01T10:00:00Z');
  const other = update(scaled, withSpec(scaled, { minReadySeconds: 5 }), 'kube-controller-manager', T2, 'apps/v1beta2');
  assert.equal(entries(other).filter((e) => e.manager === 'kube-controller-manager').length, 2);
});

test('removed fields leave every owner, and an entry left empty disappears', () => {
  const first = update(undefined, created(), 'kubectl-create', T0);
  const scaled = update(first, withSpec(first, { replicas: 3 }), 'scaler', T1);
  const next = withSpec(scaled, {});
  delete (next.spec as Obj).replicas;
  const out = update(scaled, next, 'kubectl-edit', T2);
  assert.deepEqual(entries(out).map((e) => e.manager), ['kubectl-create'], 'scaler owned nothing else; kubectl-edit changed nothing it could own');
});

test('an update that changes nothing leaves managedFields exactly as they were', () => {
  const first = update(undefined, created(), 'kubectl-create', T0);
  const same = update(first, structuredClone(first), 'kubectl-replace', T2);
  assert.deepEqual(same.metadata.managedFields, first.metadata.managedFields);
});

test('managedFields sent by the client replace the stored ones: kubectl\'s client-side to server-side migration', () => {
  const first = update(undefined, created(), 'kubectl-client-side-apply', T0);
  const csa = entries(first)[0];
  const migrated: ManagedFieldsEntry[] = [{ ...csa, manager: 'kubectl', operation: 'Apply' }];
  const patched = applyJsonPatch(first, [
    { op: 'replace', path: '/metadata/managedFields', value: migrated },
    { op: 'replace', path: '/metadata/resourceVersion', value: '5' },
  ]) as KubeObject;
  const out = update(first, patched, 'kubectl', T1);
  assert.deepEqual(entries(out), migrated);
  // The next server-side apply by kubectl owns what the client-side entry owned, without conflicts.
  const applied = apply(out, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', labels: { app: 'app' } },
    spec: { replicas: 4, selector: { matchLabels: { app: 'app' } }, template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } },
  'kubectl', false, deployment, registry, T2);
  assert.equal((applied.object.spec as Obj).replicas, 4);
  assert.equal(((applied.object.spec as Obj).strategy as Obj | undefined), undefined, 'fields kubectl no longer applies are pruned');
});

test('managedFields: [] or [{}] in a request clears them; garbage falls back to the stored ones', () => {
  const first = update(undefined, created(), 'kubectl-create', T0);
  for (const reset of [[], [{}]]) {
    const out = update(first, { ...structuredClone(first), metadata: { ...first.metadata, managedFields: reset as ManagedFieldsEntry[] } }, 'kubectl-edit', T1);
    assert.equal(out.metadata.managedFields, undefined);
  }
  const garbage = update(first, { ...structuredClone(first), metadata: { ...first.metadata, managedFields: [{ manager: 'x' }] } }, 'kubectl-edit', T1);
  assert.deepEqual(garbage.metadata.managedFields, first.metadata.managedFields);
});

test('status changes are owned only through the status subresource, recorded as such', () => {
  const first = update(undefined, created(), 'kubectl-create', T0);
  const viaMain = update(first, { ...structuredClone(first), status: { replicas: 1 } }, 'someone', T1);
  assert.deepEqual(viaMain.metadata.managedFields, first.metadata.managedFields);
  const viaStatus = update(first, { ...structuredClone(first), status: { replicas: 1 } }, 'kube-controller-manager', T1, 'apps/v1',
    { subresource: 'status', ignoredFields: [['spec'], ['metadata', 'labels'], ['metadata', 'annotations']] });
  const e = entries(viaStatus).find((x) => x.manager === 'kube-controller-manager');
  assert.equal(e?.subresource, 'status');
  assert.deepEqual(owned(viaStatus, 'kube-controller-manager'), ['.status.replicas']);
});

test('the manager of a write without fieldManager comes from the User-Agent', () => {
  assert.equal(fieldManagerName(undefined, 'kubectl/v1.32.5 (linux/amd64) kubernetes/abcdef'), 'kubectl');
  assert.equal(fieldManagerName('', 'kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/x/deployment-controller'), 'kube-controller-manager');
  assert.equal(fieldManagerName('kubectl-client-side-apply', 'kubectl/v1.32.5'), 'kubectl-client-side-apply');
  assert.equal(fieldManagerName(undefined, 'bad\u0000name\u0007/1'), 'badname');
  assert.equal(fieldManagerName(undefined, 'x'.repeat(200)).length, 128);
});
