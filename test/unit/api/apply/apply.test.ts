import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, fieldSetFromFieldsV1, formatPath, recordUpdate } from '../../../../api/apply/index.js';
import { ApplyConflictError, BadRequestError, toStatus } from '../../../../api/errors/status-error.js';
import type { KubeObject, ManagedFieldsEntry } from '../../../../api/types/meta.js';
import { registry, schemaFor } from '../patch/fixture-schemas.js';

type Obj = Record<string, unknown>;
const deployment = schemaFor('apps', 'v1', 'Deployment');
const T0 = new Date('2025-01-01T10:00:00.123Z'), T1 = new Date('2025-01-01T11:00:00Z'), T2 = new Date('2025-01-01T12:00:00Z');
const ssa = (live: KubeObject | undefined, applied: Obj, manager: string, now = T1, force = false) => apply(live, applied, manager, force, deployment, registry, now);

/** What `kubectl apply --server-side` sends for a small Deployment. */
const config = (over: { replicas?: number; image?: string; labels?: Obj; containers?: Obj[] } = {}): Obj => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'app', namespace: 'default', labels: over.labels ?? { app: 'app' } },
  spec: {
    replicas: over.replicas ?? 2,
    selector: { matchLabels: { app: 'app' } },
    template: { metadata: { labels: { app: 'app' } }, spec: { containers: over.containers ?? [{ name: 'web', image: over.image ?? 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
  },
});

const entries = (o: KubeObject): ManagedFieldsEntry[] => o.metadata.managedFields ?? [];
const entry = (o: KubeObject, manager: string): ManagedFieldsEntry | undefined => entries(o).find((e) => e.manager === manager);
const owned = (o: KubeObject, manager: string): string[] => {
  const e = entry(o, manager);
  return e ? fieldSetFromFieldsV1(e.fieldsV1).paths().map(formatPath) : [];
};
const spec = (o: KubeObject): Obj => o.spec as Obj;
const containers = (o: KubeObject): Obj[] => (((spec(o).template as Obj).spec as Obj).containers as Obj[]);
/** The server's defaulting and bookkeeping between writes (what a store would add). */
const stored = (o: KubeObject): KubeObject => {
  const s = structuredClone(o);
  for (const c of containers(s)) for (const p of (c.ports as Obj[] | undefined) ?? []) p.protocol ??= 'TCP';
  return s;
};

test('apply creates the object and records an Apply entry like upstream; re-applying it changes nothing', () => {
  const first = ssa(undefined, config(), 'kubectl', T0);
  assert.equal(first.changed, true);
  assert.equal(spec(first.object).replicas, 2);
  assert.deepEqual(entries(first.object), [{
    manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: '2025-01-01T10:00:00Z', fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:replicas': {}, 'f:selector': {}, 'f:template': { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:containers': {
        'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } } } },
    },
  }]);
  const live = stored(first.object);
  const again = ssa(live, config(), 'kubectl', T2);
  assert.equal(again.changed, false);
  assert.deepEqual(again.object, live);
  assert.equal((containers(again.object)[0].ports as Obj[]).length, 1, 'the defaulted port is the same item');
});

test('two managers own different fields and keep them', () => {
  const a = ssa(undefined, config(), 'kubectl', T0);
  const b = ssa(stored(a.object), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', labels: { team: 'blue' } } }, 'labeller', T1);
  assert.deepEqual((b.object.metadata.labels), { app: 'app', team: 'blue' });
  assert.deepEqual(owned(b.object, 'labeller'), ['.metadata.labels.team']);
  assert.ok(owned(b.object, 'kubectl').includes('.metadata.labels.app'));
  // kubectl re-applies without mentioning team: it is labeller's, so it stays.
  const c = ssa(stored(b.object), config({ replicas: 3 }), 'kubectl', T2);
  assert.deepEqual(c.object.metadata.labels, { app: 'app', team: 'blue' });
  assert.equal(spec(c.object).replicas, 3);
  assert.deepEqual(entries(c.object).map((e) => [e.manager, e.time]), [['labeller', '2025-01-01T11:00:00Z'], ['kubectl', '2025-01-01T12:00:00Z']], 'Apply entries sorted by time');
});

test('a field dropped from the applied configuration is removed, unless another manager owns it too', () => {
  const a = ssa(undefined, config({ labels: { app: 'app', tier: 'web', shared: 'x' }, containers: [{ name: 'web', image: 'nginx' }, { name: 'log', image: 'busybox' }] }), 'kubectl', T0);
  const b = ssa(stored(a.object), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', labels: { shared: 'x' } } }, 'other', T1);
  assert.deepEqual(owned(b.object, 'other'), ['.metadata.labels.shared'], 'same value: shared ownership, no conflict');
  const c = ssa(stored(b.object), config({ labels: { app: 'app' }, containers: [{ name: 'web', image: 'nginx' }] }), 'kubectl', T2);
  assert.deepEqual(c.object.metadata.labels, { app: 'app', shared: 'x' });
  assert.deepEqual(containers(c.object).map((x) => x.name), ['web']);
  assert.ok(!owned(c.object, 'kubectl').some((p) => p.includes('log') || p.includes('tier')));
});

test('changing a field another manager owns is a 409 with upstream\'s message and causes', () => {
  const a = ssa(undefined, config({ replicas: 3 }), 'm1', T0);
  assert.throws(() => ssa(stored(a.object), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app' }, spec: { replicas: 5 } }, 'm2'), (err: unknown) => {
    assert.ok(err instanceof ApplyConflictError);
    const s = toStatus(err);
    assert.equal(s.code, 409);
    assert.equal(s.reason, 'Conflict');
    assert.equal(s.message, 'Apply failed with 1 conflict: conflict with "m1": .spec.replicas');
    assert.deepEqual(s.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "m1"', field: '.spec.replicas' }]);
    return true;
  });
  // Two fields, two managers (one an Update manager): grouped by manager, sorted.
  const scaled = recordUpdate(stored(a.object), { ...stored(a.object), spec: { ...spec(a.object), minReadySeconds: 10 } }, 'kube-controller-manager', 'Update', 'apps/v1', deployment, registry, T1);
  assert.throws(() => ssa(scaled, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app' }, spec: { replicas: 5, minReadySeconds: 0 } }, 'm2'), (err: unknown) => {
    const s = toStatus(err);
    assert.equal(s.message, 'Apply failed with 2 conflicts: conflicts with "kube-controller-manager" using apps/v1:\n- .spec.minReadySeconds\nconflicts with "m1":\n- .spec.replicas');
    assert.deepEqual(s.details?.causes?.map((c) => c.message), ['conflict with "kube-controller-manager" using apps/v1', 'conflict with "m1"']);
    return true;
  });
});

test('force moves ownership to the applier', () => {
  const a = ssa(undefined, config({ replicas: 3 }), 'm1', T0);
  const forced = ssa(stored(a.object), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app' }, spec: { replicas: 5 } }, 'm2', T1, true);
  assert.equal(spec(forced.object).replicas, 5);
  assert.deepEqual(owned(forced.object, 'm2'), ['.spec.replicas']);
  assert.ok(!owned(forced.object, 'm1').includes('.spec.replicas'));
  assert.equal(entry(forced.object, 'm1')?.time, '2025-01-01T10:00:00Z', 'losing a field does not touch the loser\'s time');
  // Now m1 is the one who conflicts.
  assert.throws(() => ssa(stored(forced.object), config({ replicas: 3 }), 'm1', T2), /conflict with "m2": \.spec\.replicas/);
});

test('containers merge by name: other managers\' containers and server defaults survive, new ones append', () => {
  const a = ssa(undefined, config(), 'kubectl', T0);
  const live = stored(a.object);
  containers(live)[0].imagePullPolicy = 'IfNotPresent';
  containers(live).push({ name: 'sidecar', image: 'envoy' });
  const injected = recordUpdate(stored(a.object), live, 'injector', 'Update', 'apps/v1', deployment, registry, T1);
  assert.ok(owned(injected, 'injector').includes('.spec.template.spec.containers[name="sidecar"]'));
  const b = ssa(injected, config({ containers: [{ name: 'web', image: 'nginx:1.28', ports: [{ containerPort: 80 }] }, { name: 'log', image: 'busybox' }] }), 'kubectl', T2);
  assert.deepEqual(containers(b.object), [
    { name: 'web', image: 'nginx:1.28', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent' },
    { name: 'sidecar', image: 'envoy' },
    { name: 'log', image: 'busybox' },
  ]);
});

test('client-side apply then server-side apply: a changed replicas conflicts with kubectl-client-side-apply', () => {
  // What `kubectl apply` (client-side) creates, after server defaulting.
  const created = recordUpdate(undefined, stored({ ...config({ replicas: 3 }), metadata: { name: 'app', namespace: 'default', labels: { app: 'app' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"spec":{"replicas":3}}\n' } } } as unknown as KubeObject),
  'kubectl-client-side-apply', 'Update', 'apps/v1', deployment, registry, T0);
  const csa = entry(created, 'kubectl-client-side-apply');
  assert.equal(csa?.operation, 'Update');
  assert.deepEqual((csa?.fieldsV1 as Obj)['f:metadata'], { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} }, 'f:labels': { '.': {}, 'f:app': {} } });
  assert.ok(owned(created, 'kubectl-client-side-apply').includes('.spec.replicas'));

  // Someone scaled it since (the annotation no longer matches the live value), then `kubectl apply --server-side`.
  const scaled = recordUpdate(created, { ...created, spec: { ...spec(created), replicas: 4 } }, 'kubectl-client-side-apply', 'Update', 'apps/v1', deployment, registry, T1);
  assert.throws(() => ssa(scaled, config({ replicas: 5 }), 'kubectl', T2), (err: unknown) => {
    assert.equal(toStatus(err).message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    return true;
  });
  // While the live value is still the one the annotation recorded, kubectl's own upgrade goes through.
  const upgraded = ssa(created, config({ replicas: 5 }), 'kubectl', T2);
  assert.equal(spec(upgraded.object).replicas, 5);
  assert.ok(owned(upgraded.object, 'kubectl').includes('.spec.replicas'));
  assert.ok(!owned(upgraded.object, 'kubectl-client-side-apply').includes('.spec.replicas'));
  const annotation = upgraded.object.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '';
  assert.deepEqual(JSON.parse(annotation), JSON.parse(JSON.stringify(config({ replicas: 5 }))), 'the annotation follows the applied configuration');
  // Another field manager gets no such pass.
  assert.throws(() => ssa(created, config({ replicas: 5 }), 'other', T2), ApplyConflictError);
});

test('status is never owned through the main resource; nulls remove and are owned', () => {
  const a = ssa(undefined, { ...config(), status: { replicas: 9 } }, 'kubectl', T0);
  assert.ok(!owned(a.object, 'kubectl').some((p) => p.startsWith('.status')));
  const b = ssa(stored(a.object), { ...config(), spec: { ...(config().spec as Obj), replicas: null } }, 'kubectl', T1);
  assert.equal(spec(b.object).replicas, undefined);
  assert.ok(owned(b.object, 'kubectl').includes('.spec.replicas'));
});

test('configurations that cannot be applied are 400s', () => {
  const cases: [Obj, RegExp][] = [
    [{ ...config(), metadata: { name: 'app', managedFields: [] } }, /metadata\.managedFields must be nil/],
    [config({ containers: [{ image: 'x' }] }), /omits key field "name"/],
    [config({ containers: [{ name: 'a' }, { name: 'a' }] }), /duplicate entries for key \{"name":"a"\}/],
  ];
  for (const [applied, message] of cases) {
    assert.throws(() => ssa(undefined, applied, 'kubectl'), (err: unknown) => err instanceof BadRequestError && message.test(err.message), String(message));
  }
});

test('an object that never had managedFields: its fields belong to before-first-apply', () => {
  const legacy = stored(config({ replicas: 7 }) as unknown as KubeObject);
  assert.throws(() => ssa(legacy, config({ replicas: 2 }), 'kubectl'), /conflict with "before-first-apply" using apps\/v1: \.spec\.replicas/);
  const same = ssa(legacy, config({ replicas: 7 }), 'kubectl');
  assert.deepEqual(entries(same.object).map((e) => e.manager), ['kubectl', 'before-first-apply']);
});
