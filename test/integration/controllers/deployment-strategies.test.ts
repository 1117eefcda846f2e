// Deployment strategies and limits: Recreate never runs old and new pods together, a rollout whose pods never
// become ready exceeds its progress deadline (and `kubectl rollout status` says so), old ReplicaSets beyond
// revisionHistoryLimit are deleted, and `kubectl scale` in the middle of a rollout spreads the change over the
// old and new ReplicaSets in proportion, as upstream does.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../api/types/meta.js';
import { deploymentController } from '../../../main/controllers/deployment/deployment-controller.js';
import { replicaSetController } from '../../../main/controllers/replicas/replicaset-controller.js';
import { waitFor } from '../../helpers/wait.js';
import { createDeployment, imageOf, replicaSetsOf, rolloutStatus, samplePods } from './deployment-env.js';
import { activePods, DEPLOYMENTS, settle, startWorkloadEnv, status, type WorkloadEnv } from './replicas-env.js';

type Cond = { type: string; status: string; reason: string; message: string };
const revision = (rs: KubeObject): string | undefined => rs.metadata.annotations?.['deployment.kubernetes.io/revision'];
const replicas = (rs: KubeObject): number => (rs.spec as { replicas: number }).replicas;
/** Pods of this image never pass their readiness probe. */
const BROKEN = 'nginx:broken';

describe('Deployment strategies', () => {
  let env: WorkloadEnv;
  before(async () => {
    env = await startWorkloadEnv({
      controllers: [replicaSetController, deploymentController],
      nodes: 3,
      outcome: (pod) => ({ phase: 'Running', ready: (pod.spec as { containers: { image: string }[] }).containers[0].image !== BROKEN }),
    });
  });
  after(async () => { await env.stop(); });

  test('Recreate scales the old ReplicaSet to zero before the new one comes up', async () => {
    await createDeployment(env, { name: 'db', replicas: 3, strategy: 'Recreate' });
    assert.equal((await rolloutStatus(env, 'db')).code, 0);
    const sampler = samplePods(env, 'db');
    await env.c.k('set', 'image', 'deployment/db', 'db=nginx:1.28');
    const r = await rolloutStatus(env, 'db');
    await settle(env);
    const samples = await sampler.stop();
    assert.equal(r.code, 0, r.out);
    assert.ok(samples.every((s) => s.images.size <= 1), 'old and new pods never ran together');
    assert.ok(samples.some((s) => s.images.has('nginx:1.27')) && samples.some((s) => s.images.has('nginx:1.28')));
    const rss = await replicaSetsOf(env, 'db');
    const old = rss.find((rs) => revision(rs) === '1')!, fresh = rss.find((rs) => revision(rs) === '2')!;
    assert.equal(replicas(old), 0);
    assert.equal(replicas(fresh), 3);
    // The new ReplicaSet was only created once the old one was down.
    const events = (JSON.parse(await env.c.k('get', 'events', '--field-selector', 'involvedObject.name=db', '-o', 'json')) as { items: { message: string; firstTimestamp: string }[] }).items;
    const messages = events.map((e) => e.message);
    assert.ok(messages.includes(`Scaled down replica set ${old.metadata.name} from 3 to 0`), messages.join('\n'));
    assert.ok(messages.includes(`Scaled up replica set ${fresh.metadata.name} from 0 to 3`), messages.join('\n'));
    assert.ok(fresh.metadata.creationTimestamp! >= events.find((e) => e.message.startsWith('Scaled down'))!.firstTimestamp);
  });

  test('pods that never become ready exceed the progress deadline', async () => {
    await createDeployment(env, { name: 'stuck', replicas: 2, image: BROKEN, progressDeadlineSeconds: 2 });
    const r = await rolloutStatus(env, 'stuck', '30s');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /error: deployment "stuck" exceeded its progress deadline/);
    const d = await env.transport.get(DEPLOYMENTS, 'default', 'stuck');
    const conds = Object.fromEntries(status<{ conditions: Cond[] }>(d).conditions.map((c) => [c.type, c]));
    const [rs] = await replicaSetsOf(env, 'stuck');
    assert.deepEqual([conds.Progressing.status, conds.Progressing.reason, conds.Progressing.message], ['False', 'ProgressDeadlineExceeded', `ReplicaSet "${rs.metadata.name}" has timed out progressing.`]);
    assert.deepEqual([conds.Available.status, conds.Available.reason], ['False', 'MinimumReplicasUnavailable']);
    assert.equal((await activePods(env, 'app=stuck')).length, 2, 'the pods stay');
    assert.match(await env.c.k('describe', 'deployment', 'stuck'), /Progressing\s+False\s+ProgressDeadlineExceeded/);
  });

  test('old ReplicaSets beyond revisionHistoryLimit are deleted', async () => {
    await createDeployment(env, { name: 'hist', replicas: 1, revisionHistoryLimit: 1 });
    for (const tag of ['1.28', '1.29', '1.30']) {
      await env.c.k('set', 'image', 'deployment/hist', `hist=nginx:${tag}`);
      assert.equal((await rolloutStatus(env, 'hist')).code, 0);
    }
    await waitFor('history pruned to one old ReplicaSet', async () => (await replicaSetsOf(env, 'hist')).length === 2);
    const rss = await replicaSetsOf(env, 'hist');
    assert.deepEqual(rss.map((rs) => revision(rs)).sort(), ['3', '4']);
    assert.equal(imageOf(rss.find((rs) => revision(rs) === '4')!), 'nginx:1.30');
  });

  test('kubectl scale in the middle of a rollout spreads the new replicas proportionally', async () => {
    await createDeployment(env, { name: 'scaler', replicas: 10, maxSurge: 3, maxUnavailable: 2 });
    assert.equal((await rolloutStatus(env, 'scaler')).code, 0);
    await env.c.k('set', 'image', 'deployment/scaler', `scaler=${BROKEN}`);
    // The rollout stalls: 8 old (ready) and 5 new (never ready) replicas, 13 = 10 + maxSurge.
    const sizes = async (): Promise<string> => {
      const rss = await replicaSetsOf(env, 'scaler');
      const old = rss.find((rs) => revision(rs) === '1'), fresh = rss.find((rs) => revision(rs) === '2');
      return old && fresh ? `${replicas(old)}/${replicas(fresh)}` : '';
    };
    await waitFor('rollout stalled at 8 old / 5 new', async () => (await sizes()) === '8/5');
    await settle(env);
    assert.equal(await sizes(), '8/5');
    assert.equal((await env.c.k('scale', 'deployment', 'scaler', '--replicas=20')).trim(), 'deployment.apps/scaler scaled');
    // 23 = 20 + maxSurge shared by the max-replicas (13) annotation: old 8*23/13 → 14, new 5*23/13 → 9.
    await waitFor('proportional sizes', async () => (await sizes()) === '14/9');
    await waitFor('23 pods', async () => (await activePods(env, 'app=scaler')).length === 23);
    await settle(env);
    assert.equal(await sizes(), '14/9');
    const rss = await replicaSetsOf(env, 'scaler');
    for (const rs of rss) {
      assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], '20');
      assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '23');
    }
    const described = await env.c.k('describe', 'deployment', 'scaler');
    const old = rss.find((rs) => revision(rs) === '1')!, fresh = rss.find((rs) => revision(rs) === '2')!;
    assert.match(described, new RegExp(`Scaled up replica set ${old.metadata.name} from 8 to 14`));
    assert.match(described, new RegExp(`Scaled up replica set ${fresh.metadata.name} from 5 to 9`));
    const st = status<{ replicas: number; updatedReplicas: number; availableReplicas: number; unavailableReplicas: number }>(await env.transport.get(DEPLOYMENTS, 'default', 'scaler'));
    assert.deepEqual([st.replicas, st.updatedReplicas, st.availableReplicas, st.unavailableReplicas], [23, 9, 14, 9]);
  });
});
