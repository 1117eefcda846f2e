import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch } from '../../../../api/patch/index.js';
import { BadRequestError } from '../../../../api/errors/status-error.js';
import { registry, schemaFor } from './fixture-schemas.js';

type Obj = Record<string, unknown>;
const deployment = schemaFor('apps', 'v1', 'Deployment');
const podSchema = schemaFor('', 'v1', 'Pod');
const service = schemaFor('', 'v1', 'Service');
const smp = (obj: Obj, patch: unknown, schema = deployment): Obj => applyStrategicMergePatch(obj, patch, schema, registry);
const LAST = 'kubectl.kubernetes.io/last-applied-configuration';

// A Deployment as the server stores it after `kubectl apply` (defaults filled in).
const liveDeployment = (): Obj => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'app', namespace: 'default', annotations: { [LAST]: '{"old":true}\n' }, labels: { app: 'app' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'app' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'app' } },
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          { name: 'sidecar', image: 'busybox', imagePullPolicy: 'Always' },
        ],
        restartPolicy: 'Always',
      },
    },
  },
});
const containers = (d: Obj): Obj[] => (((d.spec as Obj).template as Obj).spec as Obj).containers as Obj[];

test('the 3-way patch kubectl apply sends updates replicas, image and annotation and keeps server fields', () => {
  const patch = JSON.parse('{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"new\\":true}\\n"}},"spec":{"replicas":3,"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],"containers":[{"image":"nginx:1.27","name":"web"}]}}}}');
  const live = liveDeployment();
  const out = smp(live, patch);
  assert.equal((out.spec as Obj).replicas, 3);
  assert.equal(((out.metadata as Obj).annotations as Obj)[LAST], '{"new":true}\n');
  assert.deepEqual(containers(out).map((c) => [c.name, c.image, c.imagePullPolicy]), [['web', 'nginx:1.27', 'IfNotPresent'], ['sidecar', 'busybox', 'Always']]);
  assert.doesNotMatch(JSON.stringify(out), /\$setElementOrder/);
  assert.deepEqual(live, liveDeployment(), 'input untouched');
});

test('the patch kubectl-compat.md §10.2 shows (a real annotation in place of …) on a one-container Deployment', () => {
  const body = '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"x\\":1}\\n"}},"spec":{"replicas":3,"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"nginx:1.27","name":"web"}]}}}}';
  const patch: unknown = JSON.parse(body);
  const live = liveDeployment();
  containers(live).pop();
  const out = smp(live, patch);
  assert.equal(JSON.stringify(patch), body, 'the patch is not modified');
  assert.deepEqual(containers(out), [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80, protocol: 'TCP' }],
    env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }]);
  assert.equal(((out.metadata as Obj).annotations as Obj)[LAST], '{"x":1}\n');
});

test('removing a container from the file deletes it by name', () => {
  const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ $patch: 'delete', name: 'sidecar' }] } } } };
  const out = smp(liveDeployment(), patch);
  assert.deepEqual(containers(out).map((c) => c.name), ['web']);
  assert.equal(containers(out)[0].image, 'nginx:1.25');
});

test('env changes: one value changed, one removed, one added, in $setElementOrder order', () => {
  const patch = { spec: { template: { spec: {
    '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
    containers: [{ name: 'web', '$setElementOrder/env': [{ name: 'C' }, { name: 'A' }], env: [{ name: 'C', value: '3' }, { name: 'A', value: 'one' }, { $patch: 'delete', name: 'B' }] }],
  } } } };
  const out = smp(liveDeployment(), patch);
  assert.deepEqual(containers(out)[0].env, [{ name: 'C', value: '3' }, { name: 'A', value: 'one' }]);
});

test('container port change merges by containerPort; Service ports merge by port', () => {
  const patch = { spec: { template: { spec: { containers: [{ name: 'web', '$setElementOrder/ports': [{ containerPort: 8080 }], ports: [{ containerPort: 8080 }, { $patch: 'delete', containerPort: 80 }] }] } } } };
  assert.deepEqual(containers(smp(liveDeployment(), patch))[0].ports, [{ containerPort: 8080 }]);

  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', clusterIP: '10.96.0.10', selector: { app: 'a', tier: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }] } };
  const out = smp(svc, { spec: { '$setElementOrder/ports': [{ port: 80 }, { port: 443 }], ports: [{ port: 80, targetPort: 9090 }, { name: 'https', port: 443, targetPort: 8443 }], selector: { app: 'b' } } }, service);
  const spec = out.spec as Obj;
  assert.deepEqual(spec.ports, [{ name: 'http', port: 80, targetPort: 9090, protocol: 'TCP', nodePort: 30080 }, { name: 'https', port: 443, targetPort: 8443 }]);
  assert.deepEqual(spec.selector, { app: 'b', tier: 'web' }, 'maps merge even when atomic for apply');
  assert.equal(spec.clusterIP, '10.96.0.10');
});

test('scale and annotate patches: a field set, an annotation added, another deleted with null', () => {
  const out = smp(liveDeployment(), { spec: { replicas: 5 }, metadata: { annotations: { [LAST]: null, 'team': 'blue' } } });
  assert.equal((out.spec as Obj).replicas, 5);
  assert.deepEqual((out.metadata as Obj).annotations, { team: 'blue' });
});

test('finalizers are a set: union, $deleteFromPrimitiveList and $setElementOrder', () => {
  const pod = { metadata: { name: 'p', finalizers: ['1', '2', '3', '4'] } };
  // Upstream's "add and delete items in lists of scalars".
  const out = smp(pod, { metadata: { '$setElementOrder/finalizers': ['1', '2', '4'], '$deleteFromPrimitiveList/finalizers': ['3'], finalizers: ['4'] } }, podSchema);
  assert.deepEqual((out.metadata as Obj).finalizers, ['1', '2', '4']);
  const union = smp(pod, { metadata: { finalizers: ['2', '9'] } }, podSchema);
  assert.deepEqual((union.metadata as Obj).finalizers, ['1', '2', '9', '3', '4']);
});

test('$retainKeys drops the fields a retainKeys strategy no longer lists (Deployment strategy, volume source)', () => {
  const out = smp(liveDeployment(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } });
  assert.deepEqual((out.spec as Obj).strategy, { type: 'Recreate' });

  const pod = { spec: { containers: [{ name: 'c' }], volumes: [{ name: 'data', emptyDir: {} }, { name: 'other', hostPath: { path: '/x' } }] } };
  const moved = smp(pod, { spec: { '$setElementOrder/volumes': [{ name: 'data' }, { name: 'other' }], volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' }, name: 'data' }] } }, podSchema);
  assert.deepEqual((moved.spec as Obj).volumes, [{ name: 'data', configMap: { name: 'cfg' } }, { name: 'other', hostPath: { path: '/x' } }]);
  assert.throws(() => smp(pod, { spec: { volumes: [{ $retainKeys: ['name'], configMap: { name: 'cfg' }, name: 'data' }] } }, podSchema),
    (err: unknown) => err instanceof BadRequestError && /retainKeys/.test(err.message));
});

test('$patch directives: replace and delete a map, replace a list', () => {
  const d = liveDeployment();
  const replaced = smp(d, { spec: { template: { metadata: { $patch: 'replace', labels: { app: 'x' } } } } });
  assert.deepEqual(((replaced.spec as Obj).template as Obj).metadata, { labels: { app: 'x' } });
  const deleted = smp(d, { metadata: { labels: { $patch: 'delete' } } });
  assert.deepEqual((deleted.metadata as Obj).labels, {});
  const list = smp(d, { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } } });
  assert.deepEqual(containers(list), [{ name: 'only', image: 'x' }]);
});

test('lists without a merge strategy are replaced whole; unknown fields merge as plain maps', () => {
  const pod = { spec: { containers: [{ name: 'c', args: ['a', 'b'] }], tolerations: [{ key: 'k1' }, { key: 'k2' }] }, x: { keep: 1, list: [1, 2], m: { a: 1 } } };
  const out = smp(pod, { spec: { containers: [{ name: 'c', args: ['z'] }], tolerations: [{ key: 'k3' }] }, x: { list: [3], m: { b: 2 } } }, podSchema);
  assert.deepEqual(out, { spec: { containers: [{ name: 'c', args: ['z'] }], tolerations: [{ key: 'k3' }] }, x: { keep: 1, list: [3], m: { a: 1, b: 2 } } });
});

test('new fields from the patch carry no directives and no nulls', () => {
  const out = smp({ metadata: { name: 'p' } }, { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: null }] }, { $patch: 'delete', name: 'gone' }], '$setElementOrder/containers': [{ name: 'a' }] }, metadata: { labels: { a: '1', b: null } } }, podSchema);
  assert.deepEqual(out, { metadata: { name: 'p', labels: { a: '1' } }, spec: { containers: [{ name: 'a', env: [{ name: 'X' }] }] } });
});

test('list order follows upstream: patch order for patched items, server order for the rest', () => {
  const pod = (names: string[]) => ({ spec: { containers: names.map((name) => ({ name })) } });
  const names = (o: Obj) => ((o.spec as Obj).containers as Obj[]).map((c) => c.name);
  // Upstream "preserve the order from the patch in a merging list 2".
  assert.deepEqual(names(smp(pod(['1', '2', '3']), { spec: { containers: [{ name: '3', image: 'c' }, { name: '1', image: 'a' }] } }, podSchema)), ['2', '3', '1']);
  // $setElementOrder reorders even items the patch does not change.
  assert.deepEqual(names(smp(pod(['b', 'a']), { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }] } }, podSchema)), ['a', 'b']);
  // With $setElementOrder a new item goes where the order says; without it, before the server's items.
  assert.deepEqual(names(smp(pod(['a', 'b']), { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }, { name: 'n' }], containers: [{ name: 'n' }] } }, podSchema)), ['a', 'b', 'n']);
  assert.deepEqual(names(smp(pod(['a', 'b']), { spec: { containers: [{ name: 'n' }] } }, podSchema)), ['n', 'a', 'b']);
});

test('malformed patches are 400s that say what is wrong', () => {
  const cases: [unknown, RegExp][] = [
    [['not', 'an', 'object'], /must be a JSON object/],
    [{ spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, /does not contain declared merge key: name \(at spec\.template\.spec\.containers\)/],
    [{ spec: { template: { spec: { containers: [{ name: 'web', $patch: 'merge' }] } } } }, /merging lists cannot yet be specified/],
    [{ spec: { template: { spec: { containers: [{ name: 'web', $patch: 'explode' }] } } } }, /unknown patch type: "explode"/],
    [{ spec: { strategy: { $patch: 'merge' } } }, /unknown patch type/],
    [{ spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ name: 'sidecar', image: 'b' }, { name: 'web', image: 'a' }] } } } }, /doesn't match \$setElementOrder list/],
    [{ metadata: { '$deleteFromPrimitiveList/finalizers': 'x' } }, /invalid patch format of primitive list/],
  ];
  for (const [patch, message] of cases) {
    assert.throws(() => smp(liveDeployment(), patch), (err: unknown) => err instanceof BadRequestError && message.test(err.message), `expected ${message}`);
  }
});
