// ReplicationControllers as a user of the classic guestbook tutorial sees them: the RC keeps its pods, replaces
// a deleted one, scales to zero and back, adopts a matching orphan and lets go of a pod whose labels change.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { controllerOf } from '../../../api/workloads/owners.js';
import { replicationControllerController } from '../../../main/controllers/replicas/replicationcontroller-controller.js';
import { waitFor } from '../../helpers/wait.js';
import { activePods, list, PODS, RCS, startWorkloadEnv, status, type WorkloadEnv } from './replicas-env.js';

// The redis-slave controller of the Kubernetes guestbook example (no selector: it defaults to the template labels).
const GUESTBOOK_RC = `apiVersion: v1
kind: ReplicationController
metadata:
  name: redis-slave
  labels:
    app: redis
    role: slave
    tier: backend
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app: redis
        role: slave
        tier: backend
    spec:
      containers:
      - name: slave
        image: gcr.io/google_samples/gb-redisslave:v1
        resources:
          requests:
            cpu: 100m
            memory: 100Mi
        env:
        - name: GET_HOSTS_FROM
          value: dns
        ports:
        - containerPort: 6379
`;
const SELECTOR = 'app=redis,role=slave,tier=backend';

describe('ReplicationController', () => {
  let env: WorkloadEnv;
  before(async () => { env = await startWorkloadEnv({ controllers: [replicationControllerController] }); });
  after(async () => { await env.stop(); });

  const readyPods = async (selector: string, n: number): Promise<void> => {
    await waitFor(`${n} ready pods for ${selector}`, async () => {
      const pods = await activePods(env, selector);
      return pods.length === n && pods.every((p) => (p.status as { phase?: string }).phase === 'Running');
    });
  };

  test('keeps two pods from the guestbook manifest, owned and named after the RC', async () => {
    const out = await env.c.kubectl(['create', '-f', '-'], { input: GUESTBOOK_RC });
    assert.equal(out.stdout.trim(), 'replicationcontroller/redis-slave created', out.stderr);
    await readyPods(SELECTOR, 2);
    const rc = (await list(env, RCS)).find((r) => r.metadata.name === 'redis-slave')!;
    for (const pod of await activePods(env, SELECTOR)) {
      assert.match(pod.metadata.name!, /^redis-slave-[a-z0-9]{5}$/);
      assert.equal(pod.metadata.generateName, 'redis-slave-');
      assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'redis-slave', uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    await waitFor('rc status', async () => /redis-slave\s+2\s+2\s+2\s+/.test(await env.c.k('get', 'rc', 'redis-slave')));
    const st = status(await env.transport.get(RCS, 'default', 'redis-slave'));
    assert.equal(st.replicas, 2);
    assert.equal(st.fullyLabeledReplicas, 2);
    assert.equal(st.availableReplicas, 2);
    assert.equal(st.observedGeneration, 1);
    const described = await env.c.k('describe', 'rc', 'redis-slave');
    assert.match(described, /Normal\s+SuccessfulCreate\s+\S+\s+replication-controller\s+Created pod: redis-slave-[a-z0-9]{5}/);
  });

  test('a deleted pod is replaced', async () => {
    const [victim] = await activePods(env, SELECTOR);
    await env.c.k('delete', 'pod', victim.metadata.name!, '--wait=false');
    await waitFor('replacement', async () => {
      const pods = await activePods(env, SELECTOR);
      return pods.length === 2 && pods.every((p) => p.metadata.name !== victim.metadata.name && (p.status as { phase?: string }).phase === 'Running');
    });
  });

  test('scales to zero and back', async () => {
    assert.equal((await env.c.k('scale', 'rc', 'redis-slave', '--replicas=0')).trim(), 'replicationcontroller/redis-slave scaled');
    await waitFor('no pods', async () => (await list(env, PODS, 'default', SELECTOR)).length === 0);
    await waitFor('status replicas 0', async () => status(await env.transport.get(RCS, 'default', 'redis-slave')).replicas === 0);
    const described = await env.c.k('describe', 'rc', 'redis-slave');
    assert.match(described, /Normal\s+SuccessfulDelete\s+\S+(\s+\(x2 over \S+\))?\s+replication-controller\s+Deleted pod: redis-slave-[a-z0-9]{5}/);
    await env.c.k('scale', 'rc', 'redis-slave', '--replicas=2');
    await readyPods(SELECTOR, 2);
  });

  test('a pod whose labels change is released and replaced', async () => {
    const [pod] = await activePods(env, SELECTOR);
    await env.c.k('label', 'pod', pod.metadata.name!, 'role=debug', '--overwrite');
    await waitFor('released', async () => ((await env.transport.get(PODS, 'default', pod.metadata.name!)).metadata.ownerReferences ?? []).length === 0);
    await readyPods(SELECTOR, 2);
    const released = await env.transport.get(PODS, 'default', pod.metadata.name!);
    assert.equal(released.metadata.deletionTimestamp, undefined, 'the released pod keeps running');
    await env.c.k('delete', 'pod', pod.metadata.name!, '--wait=false');
  });

  test('an orphan that starts matching a running RC is adopted, and the surplus pod removed', async () => {
    const rc = await env.transport.get(RCS, 'default', 'redis-slave');
    const deletions = async (): Promise<number> => (JSON.parse(await env.c.k('get', 'events', '--field-selector', 'involvedObject.name=redis-slave', '-o', 'json')) as { items: { reason: string; count: number }[] }).items
      .filter((e) => e.reason === 'SuccessfulDelete').reduce((n, e) => n + e.count, 0);
    const before = await deletions();
    await env.c.k('run', 'extra-slave', '--image=gcr.io/google_samples/gb-redisslave:v1', '--labels=app=redis,role=slave,tier=backend');
    await waitFor('two pods, all controlled by the RC', async () => {
      const pods = await activePods(env, SELECTOR);
      return pods.length === 2 && pods.every((p) => controllerOf(p)?.uid === rc.metadata.uid);
    });
    await waitFor('one more SuccessfulDelete', async () => (await deletions()) === before + 1);
    await readyPods(SELECTOR, 2);
  });

  test('an RC adopts a matching orphan instead of creating a pod for it', async () => {
    await env.c.k('run', 'stray', '--image=nginx', '--labels=app=cache,tier=backend');
    await waitFor('stray running', async () => (await env.transport.get(PODS, 'default', 'stray')).status !== undefined);
    const rc = `apiVersion: v1
kind: ReplicationController
metadata:
  name: cache
spec:
  replicas: 2
  selector:
    app: cache
  template:
    metadata:
      labels:
        app: cache
        tier: backend
    spec:
      containers:
      - name: memcached
        image: memcached:1.6
`;
    await env.c.kubectl(['create', '-f', '-'], { input: rc });
    await readyPods('app=cache', 2);
    const stray = await env.transport.get(PODS, 'default', 'stray');
    const owner = await env.transport.get(RCS, 'default', 'cache');
    assert.equal(controllerOf(stray)?.uid, owner.metadata.uid);
    const events = JSON.parse(await env.c.k('get', 'events', '--field-selector', 'involvedObject.name=cache', '-o', 'json')) as { items: { reason: string; count: number }[] };
    assert.equal(events.items.filter((e) => e.reason === 'SuccessfulCreate').reduce((n, e) => n + e.count, 0), 1, 'only one pod created');
  });
});
