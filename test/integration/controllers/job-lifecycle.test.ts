// Suspending and resuming a Job, deletion after ttlSecondsAfterFinished, and podFailurePolicy rules.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeJobController } from '../../../main/controllers/job/job-controller.js';
import { ttlAfterFinishedController } from '../../../main/controllers/job/ttl-after-finished-controller.js';
import { waitFor } from '../../helpers/wait.js';
import {
  condition, finishPod, jobManifest as jobYaml, JOBS, jobStatus, phaseOf, PODS, startBatchCluster, waitForCondition, waitForEvent, type BatchCluster,
} from './batch-cluster.js';

describe('job lifecycle', () => {
  let b: BatchCluster;
  before(async () => {
    b = await startBatchCluster({ controllers: [makeJobController({ syncBatchMs: 50, podFailureBackoffMs: 50 }), ttlAfterFinishedController] });
  });
  after(async () => { await b.stop(); });

  const livePods = async (job: string) => (await b.list(PODS, 'default', `job-name=${job}`)).filter((p) => p.metadata.deletionTimestamp === undefined && phaseOf(p) === 'Running');

  test('suspend deletes running pods without counting them; resume starts over', async () => {
    await b.c.kubectl(['apply', '-f', '-'], { input: jobYaml('sus', '  completions: 2\n  parallelism: 2\n  suspend: true') });
    let job = await waitForCondition(b, 'sus', 'Suspended');
    assert.equal(condition(job, 'Suspended')?.reason, 'JobSuspended');
    assert.equal(condition(job, 'Suspended')?.message, 'Job suspended');
    assert.equal(jobStatus(job).startTime, undefined, 'a Job created suspended has not started');
    assert.deepEqual(await b.list(PODS, 'default', 'job-name=sus'), []);
    assert.match(await b.c.k('get', 'job', 'sus'), /\nsus\s+Suspended\s+0\/2\s+/);

    await b.c.k('patch', 'job', 'sus', '--type=merge', '-p', '{"spec":{"suspend":false}}');
    await waitFor('two pods running', async () => (await livePods('sus')).length === 2);
    job = await waitFor('resumed', async () => { const j = await b.get(JOBS, 'sus'); return condition(j, 'Suspended')?.status === 'False' ? j : undefined; });
    assert.equal(condition(job, 'Suspended')?.reason, 'JobResumed');
    assert.ok(jobStatus(job).startTime);

    await b.c.k('patch', 'job', 'sus', '--type=merge', '-p', '{"spec":{"suspend":true}}');
    await waitFor('pods gone', async () => (await b.list(PODS, 'default', 'job-name=sus')).length === 0);
    job = await waitForCondition(b, 'sus', 'Suspended');
    assert.deepEqual([jobStatus(job).active, jobStatus(job).failed ?? 0, jobStatus(job).succeeded ?? 0], [0, 0, 0]);

    await b.c.k('patch', 'job', 'sus', '--type=merge', '-p', '{"spec":{"suspend":false}}');
    const pods = await waitFor('two new pods running', async () => { const r = await livePods('sus'); return r.length === 2 ? r : undefined; });
    for (const p of pods) await finishPod(b.transport, p, 'Succeeded');
    job = await waitForCondition(b, 'sus', 'Complete');
    assert.deepEqual([jobStatus(job).succeeded, jobStatus(job).failed ?? 0], [2, 0]);
    await waitForEvent(b, 'sus', 'Suspended', 'Job suspended');
    await waitForEvent(b, 'sus', 'Resumed', 'Job resumed');
    await waitForEvent(b, 'sus', 'SuccessfulDelete');
    await waitForEvent(b, 'sus', 'Completed', 'Job completed');
  });

  test('ttlSecondsAfterFinished deletes the finished Job and releases its pods', async () => {
    b.outcome = (p) => p.metadata.labels?.['job-name'] === 'short' ? { phase: 'Succeeded', afterMs: 20 } : { phase: 'Running' };
    await b.c.kubectl(['apply', '-f', '-'], { input: jobYaml('short', '  ttlSecondsAfterFinished: 1') });
    const job = await waitForCondition(b, 'short', 'Complete');
    await waitFor('job deleted', async () => (await b.get(JOBS, 'short')) === undefined, { timeoutMs: 10_000 });
    assert.ok(Date.now() >= Date.parse(jobStatus(job).completionTime!) + 1000, 'not before the TTL');
    // The pods carry no tracking finalizer, so the garbage collector can remove them.
    for (const p of await b.list(PODS, 'default', 'job-name=short')) assert.deepEqual(p.metadata.finalizers ?? [], []);
    assert.match((await b.c.kubectl(['get', 'job', 'short'])).stderr, /NotFound|not found/);
  });

  test('podFailurePolicy: an Ignore rule does not count the failure, a FailJob rule fails the Job at once', async () => {
    const policy = `  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: main
        operator: In
        values: [42]
    - action: Ignore
      onExitCodes:
        operator: In
        values: [7]`;
    let attempt = 0;
    b.outcome = (p) => {
      if (p.metadata.labels?.['job-name'] !== 'pfp') return { phase: 'Running' };
      attempt++;
      return attempt === 1 ? { phase: 'Failed', exitCode: 7, afterMs: 20 } : { phase: 'Failed', exitCode: 42, afterMs: 20 };
    };
    await b.c.kubectl(['apply', '-f', '-'], { input: jobYaml('pfp', policy) });
    const job = await waitForCondition(b, 'pfp', 'Failed');
    const pods = await b.list(PODS, 'default', 'job-name=pfp');
    assert.equal(pods.length, 2, 'the ignored failure was replaced; the FailJob one was not');
    const failJobPod = pods.find((p) => ((p.status as { containerStatuses: { state: { terminated?: { exitCode: number } } }[] }).containerStatuses[0].state.terminated?.exitCode) === 42)!;
    assert.equal(condition(job, 'Failed')?.reason, 'PodFailurePolicy');
    assert.equal(condition(job, 'Failed')?.message, `Container main for pod default/${failJobPod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`);
    assert.equal(condition(job, 'FailureTarget')?.reason, 'PodFailurePolicy');
    assert.equal(jobStatus(job).failed, 1, 'only the FailJob failure counts');
  });
});
