// The Job controller against a real control plane, fake kubelets and real kubectl: parallelism and
// completions, retries up to backoffLimit, activeDeadlineSeconds, and Indexed completion.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../api/types/meta.js';
import { Informer } from '../../../client/informer.js';
import { makeJobController } from '../../../main/controllers/job/job-controller.js';
import { waitFor } from '../../helpers/wait.js';
import { condition, jobManifest, JOBS, jobStatus, phaseOf, PODS, startBatchCluster, waitForCondition, waitForEvent, type BatchCluster } from './batch-cluster.js';

const jobYaml = (name: string, spec: string): string => jobManifest(name, spec, '["sh", "-c", "echo done"]');

describe('job controller', () => {
  let b: BatchCluster;
  before(async () => {
    b = await startBatchCluster({ controllers: [makeJobController({ syncBatchMs: 50, podFailureBackoffMs: 100, podFailureBackoffMaxMs: 400 })] });
  });
  after(async () => { await b.stop(); });

  test('completions 3, parallelism 2: at most 2 pods at once, then Complete with 3/3', async () => {
    b.outcome = () => ({ phase: 'Succeeded', afterMs: 300 });
    // Watch the Job's pods the whole time to see how many run at once.
    const pods = new Informer(b.transport, PODS, { labelSelector: 'batch.kubernetes.io/job-name=pi' });
    let maxRunning = 0;
    const seen = new Set<string>();
    const observe = (): void => {
      const running = pods.list().filter((p) => phaseOf(p) !== 'Succeeded' && phaseOf(p) !== 'Failed' && p.metadata.deletionTimestamp === undefined);
      maxRunning = Math.max(maxRunning, running.length);
      for (const p of pods.list()) seen.add(p.metadata.name!);
    };
    pods.addEventHandler({ onAdd: observe, onUpdate: observe, onDelete: observe });
    pods.start();
    await pods.waitForSync();
    const created = await b.c.kubectl(['apply', '-f', '-'], { input: jobYaml('pi', '  completions: 3\n  parallelism: 2') });
    assert.equal(created.stdout.trim(), 'job.batch/pi created', created.stderr);
    const waited = await b.c.kubectl(['wait', '--for=condition=complete', 'job/pi', '--timeout=20s']);
    pods.stop();
    assert.equal(waited.stdout.trim(), 'job.batch/pi condition met', waited.stderr);
    assert.equal(maxRunning, 2, 'never more than parallelism pods at once, and parallelism reached');
    assert.equal(seen.size, 3, 'one pod per completion');
    const job = await b.get(JOBS, 'pi');
    const s = jobStatus(job);
    assert.equal(s.succeeded, 3);
    assert.equal(s.failed ?? 0, 0);
    assert.equal(s.active ?? 0, 0);
    assert.deepEqual(s.uncountedTerminatedPods, {});
    assert.ok(s.startTime && s.completionTime);
    // 1.32 writes the interim condition first, then the terminal one, both with the same reason.
    assert.deepEqual(s.conditions?.map((c) => [c.type, c.status, c.reason, c.message]), [
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    assert.match(await b.c.k('get', 'jobs', 'pi'), /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\npi\s+Complete\s+3\/3\s+\d+s\s+\d+s\n$/);
    const pis = await b.list(PODS, 'default', 'batch.kubernetes.io/job-name=pi');
    assert.equal(pis.length, 3);
    for (const p of pis) {
      assert.match(p.metadata.name!, /^pi-[a-z0-9]{5}$/);
      assert.deepEqual(p.metadata.finalizers ?? [], [], 'counted pods lose the tracking finalizer');
      assert.equal(p.metadata.ownerReferences?.[0].name, 'pi');
      assert.equal(p.metadata.labels?.['batch.kubernetes.io/controller-uid'], job!.metadata.uid);
      assert.equal(p.metadata.labels?.['job-name'], 'pi');
    }
    const completed = await waitForEvent(b, 'pi', 'Completed', 'Job completed');
    assert.equal(completed.source?.component, 'job-controller');
    assert.equal((await b.eventsFor('pi')).filter((e) => e.reason === 'SuccessfulCreate' && /^Created pod: pi-/.test(e.message)).length, 3);
  });

  test('a failing pod is retried until backoffLimit, then the Job fails with BackoffLimitExceeded', async () => {
    b.outcome = (p) => p.metadata.labels?.['job-name'] === 'fails' ? { phase: 'Failed', exitCode: 3, afterMs: 30 } : { phase: 'Running' };
    await b.c.kubectl(['apply', '-f', '-'], { input: jobYaml('fails', '  backoffLimit: 2') });
    const job = await waitForCondition(b, 'fails', 'Failed');
    const s = jobStatus(job);
    assert.equal(s.failed, 3, 'the first run and two retries');
    assert.equal(s.succeeded ?? 0, 0);
    assert.equal(s.active, 0);
    assert.deepEqual(s.conditions?.map((c) => [c.type, c.reason]), [['FailureTarget', 'BackoffLimitExceeded'], ['Failed', 'BackoffLimitExceeded']]);
    assert.equal(condition(job, 'Failed')?.message, 'Job has reached the specified backoff limit');
    assert.equal(s.completionTime, undefined);
    assert.equal((await b.list(PODS, 'default', 'job-name=fails')).length, 3);
    assert.equal((await waitForEvent(b, 'fails', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')).type, 'Warning');
    assert.match(await b.c.k('get', 'job', 'fails'), /\nfails\s+Failed\s+0\/1\s+/);
  });

  test('activeDeadlineSeconds fails the Job with DeadlineExceeded and deletes its running pods', async () => {
    b.outcome = () => ({ phase: 'Running' });
    await b.c.kubectl(['apply', '-f', '-'], { input: jobYaml('slow', '  parallelism: 2\n  completions: 4\n  activeDeadlineSeconds: 2') });
    await waitFor('two running pods', async () => (await b.list(PODS, 'default', 'job-name=slow')).filter((p) => phaseOf(p) === 'Running').length === 2);
    const job = await waitForCondition(b, 'slow', 'Failed', 10_000);
    assert.equal(condition(job, 'Failed')?.reason, 'DeadlineExceeded');
    assert.equal(condition(job, 'Failed')?.message, 'Job was active longer than specified deadline');
    assert.equal(condition(job, 'FailureTarget')?.reason, 'DeadlineExceeded');
    const s = jobStatus(job);
    assert.equal(s.active, 0);
    assert.equal(s.failed, 2, 'the pods stopped by the deadline count as failed');
    await waitFor('pods deleted', async () => (await b.list(PODS, 'default', 'job-name=slow')).length === 0);
    assert.equal((await waitForEvent(b, 'slow', 'DeadlineExceeded', 'Job was active longer than specified deadline')).type, 'Warning');
    await waitFor('two deletion events', async () => (await b.eventsFor('slow')).filter((e) => e.reason === 'SuccessfulDelete').length === 2);
  });

  test('Indexed: each index completes exactly once, a failed index is retried', async () => {
    let failedOnce = false;
    b.outcome = (p) => {
      if (p.metadata.labels?.['job-name'] !== 'idx') return { phase: 'Running' };
      if (p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '1' && !failedOnce) {
        failedOnce = true;
        return { phase: 'Failed', exitCode: 1, afterMs: 50 };
      }
      return { phase: 'Succeeded', afterMs: 100 };
    };
    await b.c.kubectl(['apply', '-f', '-'], { input: jobYaml('idx', '  completions: 3\n  parallelism: 2\n  completionMode: Indexed') });
    const job = await waitForCondition(b, 'idx', 'Complete');
    const s = jobStatus(job);
    assert.equal(s.completedIndexes, '0-2');
    assert.equal(s.succeeded, 3);
    assert.equal(s.failed, 1);
    const pods = await b.list(PODS, 'default', 'job-name=idx');
    const byIndex = new Map<string, KubeObject[]>();
    for (const p of pods) {
      const ix = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] ?? '?';
      assert.equal(p.metadata.labels?.['batch.kubernetes.io/job-completion-index'], ix);
      assert.match(p.metadata.name!, new RegExp(`^idx-${ix}-[a-z0-9]{5}$`));
      const spec = p.spec as { hostname?: string; containers: { env?: { name: string; valueFrom?: { fieldRef?: { fieldPath?: string } } }[] }[] };
      assert.equal(spec.hostname, `idx-${ix}`);
      assert.deepEqual(spec.containers[0].env?.find((e) => e.name === 'JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath, "metadata.labels['batch.kubernetes.io/job-completion-index']");
      byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
    }
    assert.deepEqual([...byIndex.keys()].sort(), ['0', '1', '2']);
    for (const [ix, list] of byIndex) {
      assert.equal(list.filter((p) => phaseOf(p) === 'Succeeded').length, 1, `index ${ix} succeeded once`);
    }
    assert.equal(byIndex.get('1')!.length, 2, 'index 1 failed once and was retried');
  });
});
