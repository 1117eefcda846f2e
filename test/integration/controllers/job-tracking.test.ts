// Counting with the job-tracking finalizer: pods that vanish behind the controller's back, or finish while
// the control plane is down, are counted exactly once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { KubeObject } from '../../../api/types/meta.js';
import { makeJobController } from '../../../main/controllers/job/job-controller.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { finishPod, jobManifest, JOBS, jobStatus, phaseOf, PODS, startBatchCluster, waitForCondition, type BatchCluster } from './batch-cluster.js';

const jobYaml = (name: string, completions: number, parallelism: number): string =>
  jobManifest(name, `  completions: ${completions}\n  parallelism: ${parallelism}`);

// A slow batch period leaves room to delete a pod before the controller looks at it.
const controllers = [makeJobController({ syncBatchMs: 500, podFailureBackoffMs: 50 })];

const running = async (b: BatchCluster, job: string): Promise<KubeObject[]> =>
  (await b.list(PODS, 'default', `job-name=${job}`)).filter((p) => phaseOf(p) === 'Running' && p.metadata.deletionTimestamp === undefined);

describe('job tracking', () => {
  test('deleted pods: a running one counts as failed once, a succeeded one still counts as succeeded', async () => {
    const b = await startBatchCluster({ controllers });
    try {
      await b.c.kubectl(['apply', '-f', '-'], { input: jobYaml('track', 2, 1) });
      const [first] = await waitFor('first pod running', async () => { const r = await running(b, 'track'); return r.length === 1 ? r : undefined; });
      // kubectl waits until the pod is gone, which needs the controller to count it and drop the finalizer.
      const deleted = await b.c.kubectl(['delete', 'pod', first.metadata.name!]);
      assert.equal(deleted.stdout.trim(), `pod "${first.metadata.name}" deleted`, deleted.stderr);
      const [second] = await waitFor('replacement running', async () => { const r = await running(b, 'track'); return r.length === 1 && r[0].metadata.uid !== first.metadata.uid ? r : undefined; });
      await waitFor('deleted pod counted as failed', async () => jobStatus(await b.get(JOBS, 'track')).failed === 1);
      // Succeeds, and is deleted at once, before the controller has counted it.
      await finishPod(b.transport, second, 'Succeeded');
      await b.transport.delete(PODS, 'default', second.metadata.name!, { gracePeriodSeconds: 0 });
      const [third] = await waitFor('third pod running', async () => { const r = await running(b, 'track'); return r.length === 1 && r[0].metadata.uid !== second.metadata.uid ? r : undefined; });
      await waitFor('the deleted pod counted as succeeded', async () => jobStatus(await b.get(JOBS, 'track')).succeeded === 1);
      await waitFor('the deleted pod gone once counted', async () => (await b.get(PODS, second.metadata.name!)) === undefined);
      assert.equal(jobStatus(await b.get(JOBS, 'track')).failed, 1);
      await finishPod(b.transport, third, 'Succeeded');
      const s = jobStatus(await waitForCondition(b, 'track', 'Complete'));
      assert.deepEqual([s.succeeded, s.failed, s.active], [2, 1, 0]);
      assert.deepEqual(s.uncountedTerminatedPods, {});
    } finally {
      await b.stop();
    }
  });

  test('a control-plane restart in the middle of a Job does not count anything twice', async () => {
    const dir = tempDir('skiff-job-restart-');
    const dataDir = join(dir.path, 'data');
    try {
      let b = await startBatchCluster({ controllers, dataDir });
      await b.c.kubectl(['apply', '-f', '-'], { input: jobYaml('restart', 4, 2) });
      const firstTwo = await waitFor('two pods running', async () => { const r = await running(b, 'restart'); return r.length === 2 ? r : undefined; });
      for (const p of firstTwo) await finishPod(b.transport, p, 'Succeeded');
      await b.stop();
      // Same data, new process; the old nodes' kubelets are gone, new ones take the new pods.
      b = await startBatchCluster({ controllers, dataDir, nodeNames: ['node-3', 'node-4'] });
      try {
        const nextTwo = await waitFor('two new pods running', async () => {
          const r = (await running(b, 'restart')).filter((p) => !firstTwo.some((f) => f.metadata.uid === p.metadata.uid));
          return r.length === 2 ? r : undefined;
        });
        assert.equal(jobStatus(await b.get(JOBS, 'restart')).succeeded, 2);
        for (const p of nextTwo) await finishPod(b.transport, p, 'Succeeded');
        const s = jobStatus(await waitForCondition(b, 'restart', 'Complete'));
        assert.deepEqual([s.succeeded, s.failed ?? 0, s.active], [4, 0, 0]);
        const pods = await b.list(PODS, 'default', 'job-name=restart');
        assert.equal(pods.length, 4, 'no pod was created twice');
        assert.ok(pods.every((p) => phaseOf(p) === 'Succeeded' && (p.metadata.finalizers ?? []).length === 0));
      } finally {
        await b.stop();
      }
    } finally {
      dir.remove();
    }
  });
});
