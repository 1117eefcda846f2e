// A Deployment's life through kubectl: create and `rollout status`, an image change rolled out within its
// maxSurge/maxUnavailable bounds, `rollout history`, `rollout undo` (reusing the old ReplicaSet),
// `rollout restart`, and `rollout pause`/`resume`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { controllerOf } from '../../../api/workloads/owners.js';
import { deploymentController } from '../../../main/controllers/deployment/deployment-controller.js';
import { replicaSetController } from '../../../main/controllers/replicas/replicaset-controller.js';
import { waitFor } from '../../helpers/wait.js';
import { createDeployment, imageOf, replicaSetsOf, rolloutStatus, samplePods } from './deployment-env.js';
import { activePods, DEPLOYMENTS, settle, startWorkloadEnv, status, type WorkloadEnv } from './replicas-env.js';

type Cond = { type: string; status: string; reason: string; message: string };
const annotations = (o: { metadata: { annotations?: Record<string, string> } }): Record<string, string> => o.metadata.annotations ?? {};
const replicas = (o: { spec?: unknown; metadata: unknown }): number => (o.spec as { replicas: number }).replicas;

describe('Deployment rollouts', () => {
  let env: WorkloadEnv;
  before(async () => { env = await startWorkloadEnv({ controllers: [replicaSetController, deploymentController], nodes: 3 }); });
  after(async () => { await env.stop(); });

  test('a new Deployment rolls out its ReplicaSet and reports success', async () => {
    await createDeployment(env, { name: 'web', replicas: 3, maxSurge: 1, maxUnavailable: 1 });
    const r = await rolloutStatus(env, 'web');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /deployment "web" successfully rolled out/);
    const [rs] = await replicaSetsOf(env, 'web');
    const hash = rs.metadata.labels?.['pod-template-hash'];
    assert.match(hash ?? '', /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    assert.equal(rs.metadata.name, `web-${hash}`);
    assert.deepEqual((rs.spec as { selector: unknown }).selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
    assert.equal(annotations(rs)['deployment.kubernetes.io/revision'], '1');
    assert.equal(annotations(rs)['deployment.kubernetes.io/desired-replicas'], '3');
    assert.equal(annotations(rs)['deployment.kubernetes.io/max-replicas'], '4');
    const d = await env.transport.get(DEPLOYMENTS, 'default', 'web');
    assert.equal(annotations(d)['deployment.kubernetes.io/revision'], '1');
    const st = status<{ replicas: number; updatedReplicas: number; readyReplicas: number; availableReplicas: number; observedGeneration: number; conditions: Cond[] }>(d);
    assert.deepEqual([st.replicas, st.updatedReplicas, st.readyReplicas, st.availableReplicas, st.observedGeneration], [3, 3, 3, 3, 1]);
    const byType = Object.fromEntries(st.conditions.map((c) => [c.type, c]));
    assert.deepEqual([byType.Available.status, byType.Available.reason, byType.Available.message], ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
    assert.deepEqual([byType.Progressing.status, byType.Progressing.reason, byType.Progressing.message], ['True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`]);
    for (const pod of await activePods(env, 'app=web')) {
      assert.equal(pod.metadata.labels?.['pod-template-hash'], hash);
      assert.equal(controllerOf(pod)?.name, `web-${hash}`);
    }
    assert.match(await env.c.k('get', 'deployment', 'web'), /web\s+3\/3\s+3\s+3\s+/);
    const described = await env.c.k('describe', 'deployment', 'web');
    assert.match(described, new RegExp(`Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled up replica set web-${hash} from 0 to 3`));
  });

  test('an image change rolls out a new ReplicaSet within maxSurge and maxUnavailable', async () => {
    const sampler = samplePods(env, 'web');
    await env.c.k('set', 'image', 'deployment/web', 'web=nginx:1.28');
    await env.c.k('annotate', 'deployment', 'web', 'kubernetes.io/change-cause=image updated to nginx:1.28');
    const r = await rolloutStatus(env, 'web');
    await settle(env);
    const samples = await sampler.stop();
    assert.equal(r.code, 0, r.out);
    assert.ok(samples.length > 5);
    for (const s of samples) {
      assert.ok(s.active <= 4, `at most replicas + maxSurge = 4 pods (saw ${s.active})`);
      assert.ok(s.ready >= 2, `at least replicas - maxUnavailable = 2 ready pods (saw ${s.ready})`);
    }
    assert.ok(samples.some((s) => s.images.size === 2), 'old and new pods overlapped: a rolling update');
    const rss = await replicaSetsOf(env, 'web');
    assert.equal(rss.length, 2);
    const byRev = Object.fromEntries(rss.map((rs) => [annotations(rs)['deployment.kubernetes.io/revision'], rs]));
    assert.equal(imageOf(byRev['2']), 'nginx:1.28');
    assert.equal(replicas(byRev['2']), 3);
    assert.equal(replicas(byRev['1']), 0);
    assert.equal(annotations(byRev['2'])['kubernetes.io/change-cause'], 'image updated to nginx:1.28');
    const pods = await activePods(env, 'app=web');
    assert.equal(pods.length, 3);
    assert.ok(pods.every((p) => (p.spec as { containers: { image: string }[] }).containers[0].image === 'nginx:1.28'));
    const described = await env.c.k('describe', 'deployment', 'web');
    assert.match(described, new RegExp(`Scaled down replica set ${byRev['1'].metadata.name} from \\d to \\d`));
    assert.match(described, /NewReplicaSet:\s+web-\S+ \(3\/3 replicas created\)/);
  });

  test('rollout history lists both revisions with their change cause', async () => {
    const out = await env.c.k('rollout', 'history', 'deployment/web');
    assert.match(out, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+image updated to nginx:1\.28\n/);
  });

  test('rollout undo goes back to the old image, reusing the old ReplicaSet as revision 3', async () => {
    const before = await replicaSetsOf(env, 'web');
    const rev1 = before.find((rs) => annotations(rs)['deployment.kubernetes.io/revision'] === '1')!;
    assert.match(await env.c.k('rollout', 'undo', 'deployment/web'), /deployment.apps\/web rolled back/);
    const r = await rolloutStatus(env, 'web');
    assert.equal(r.code, 0, r.out);
    await settle(env);
    const after = await replicaSetsOf(env, 'web');
    assert.equal(after.length, 2, 'no new ReplicaSet');
    const reused = after.find((rs) => rs.metadata.uid === rev1.metadata.uid)!;
    assert.equal(annotations(reused)['deployment.kubernetes.io/revision'], '3');
    assert.equal(annotations(reused)['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(replicas(reused), 3);
    assert.ok((await activePods(env, 'app=web')).every((p) => (p.spec as { containers: { image: string }[] }).containers[0].image === 'nginx:1.27'));
    const d = await env.transport.get(DEPLOYMENTS, 'default', 'web');
    assert.equal(imageOf(d), 'nginx:1.27');
    assert.equal(annotations(d)['deployment.kubernetes.io/revision'], '3');
    assert.match(await env.c.k('rollout', 'history', 'deployment/web'), /REVISION\s+CHANGE-CAUSE\n2\s+image updated to nginx:1\.28\n3\s+<none>\n/);
  });

  test('rollout restart rolls a new ReplicaSet with the restartedAt annotation', async () => {
    assert.match(await env.c.k('rollout', 'restart', 'deployment/web'), /deployment.apps\/web restarted/);
    const r = await rolloutStatus(env, 'web');
    assert.equal(r.code, 0, r.out);
    const rss = await replicaSetsOf(env, 'web');
    assert.equal(rss.length, 3);
    const newest = rss.find((rs) => annotations(rs)['deployment.kubernetes.io/revision'] === '4')!;
    const templateAnnotations = (newest.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template.metadata.annotations ?? {};
    assert.match(templateAnnotations['kubectl.kubernetes.io/restartedAt'] ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.equal(replicas(newest), 3);
    assert.ok((await activePods(env, 'app=web')).every((p) => controllerOf(p)?.uid === newest.metadata.uid));
  });

  test('a paused Deployment rolls out nothing until resumed', async () => {
    assert.match(await env.c.k('rollout', 'pause', 'deployment/web'), /deployment.apps\/web paused/);
    await env.c.k('set', 'image', 'deployment/web', 'web=nginx:1.29');
    await waitFor('paused condition', async () => {
      const conds = status<{ conditions?: Cond[] }>(await env.transport.get(DEPLOYMENTS, 'default', 'web')).conditions ?? [];
      return conds.some((c) => c.type === 'Progressing' && c.status === 'Unknown' && c.reason === 'DeploymentPaused' && c.message === 'Deployment is paused');
    });
    await settle(env);
    assert.equal((await replicaSetsOf(env, 'web')).length, 3, 'no new ReplicaSet while paused');
    assert.ok((await activePods(env, 'app=web')).every((p) => (p.spec as { containers: { image: string }[] }).containers[0].image !== 'nginx:1.29'));
    assert.match(await env.c.k('rollout', 'resume', 'deployment/web'), /deployment.apps\/web resumed/);
    const r = await rolloutStatus(env, 'web');
    assert.equal(r.code, 0, r.out);
    const rss = await replicaSetsOf(env, 'web');
    assert.equal(rss.length, 4);
    assert.ok((await activePods(env, 'app=web')).every((p) => (p.spec as { containers: { image: string }[] }).containers[0].image === 'nginx:1.29'));
  });
});
