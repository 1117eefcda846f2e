// A control-plane restart in the middle of a rollout: the Deployment controller picks the rollout up from the
// stored ReplicaSets (the pod-template-hash is stable across restarts), finishes it and creates no duplicate.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentController } from '../../../main/controllers/deployment/deployment-controller.js';
import { replicaSetController } from '../../../main/controllers/replicas/replicaset-controller.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { createDeployment, imageOf, replicaSetsOf, rolloutStatus } from './deployment-env.js';
import { activePods, settle, startWorkloadEnv, type WorkloadEnv, type WorkloadEnvOptions } from './replicas-env.js';

describe('Deployment across a control-plane restart', () => {
  const dir = tempDir('skiff-deploy-restart-');
  let env: WorkloadEnv | undefined;
  after(async () => {
    await env?.stop();
    dir.remove();
  });

  test('a rollout interrupted by a restart finishes without duplicate ReplicaSets', async () => {
    let newPodsReady = false;
    const opts: WorkloadEnvOptions = {
      controllers: [replicaSetController, deploymentController],
      dataDir: dir.path,
      nodes: 2,
      outcome: (pod) => ({ phase: 'Running', ready: (pod.spec as { containers: { image: string }[] }).containers[0].image !== 'nginx:1.28' || newPodsReady }),
    };
    env = await startWorkloadEnv(opts);
    await createDeployment(env, { name: 'web', replicas: 4, maxSurge: 1, maxUnavailable: 1 });
    assert.equal((await rolloutStatus(env, 'web')).code, 0);
    await env.c.k('set', 'image', 'deployment/web', 'web=nginx:1.28');
    const sizes = async (e: WorkloadEnv): Promise<Record<string, number>> =>
      Object.fromEntries((await replicaSetsOf(e, 'web')).map((rs) => [rs.metadata.name!, (rs.spec as { replicas: number }).replicas]));
    // New pods are not ready yet: the rollout stops at 3 old + 2 new (4 + maxSurge, 4 - maxUnavailable available).
    await waitFor('rollout mid-way', async () => Object.values(await sizes(env!)).sort().join(',') === '2,3');
    await settle(env);
    const before = await sizes(env);
    await env.stop();
    env = undefined;

    newPodsReady = true;
    env = await startWorkloadEnv(opts);
    const r = await rolloutStatus(env, 'web', '30s');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /deployment "web" successfully rolled out/);
    const after = await replicaSetsOf(env, 'web');
    assert.deepEqual(after.map((rs) => rs.metadata.name).sort(), Object.keys(before).sort(), 'the same two ReplicaSets');
    const fresh = after.find((rs) => imageOf(rs) === 'nginx:1.28')!;
    assert.equal(fresh.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    assert.equal((fresh.spec as { replicas: number }).replicas, 4);
    assert.equal((await activePods(env, 'app=web')).length, 4);
    assert.match(await env.c.k('rollout', 'history', 'deployment/web'), /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
  });
});
