// A CronJob on the real clock as kubectl users see it: LAST SCHEDULE and ACTIVE in `kubectl get cronjob`,
// and `kubectl create job --from=cronjob/...` for a manual run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cronJobController } from '../../../main/controllers/cronjob/cronjob-controller.js';
import { makeJobController } from '../../../main/controllers/job/job-controller.js';
import { waitFor } from '../../helpers/wait.js';
import { CRONJOBS, JOBS, PODS, phaseOf, startBatchCluster, type BatchCluster } from './batch-cluster.js';

describe('cronjob with kubectl (real clock)', () => {
  let b: BatchCluster;
  before(async () => {
    b = await startBatchCluster({ controllers: [cronJobController, makeJobController({ syncBatchMs: 50 })] });
  });
  after(async () => { await b.stop(); });

  test('kubectl get cronjob shows LAST SCHEDULE and ACTIVE; create job --from=cronjob runs a manual Job', async () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "@every 2s"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox
            command: ["sh", "-c", "date; sleep 3600"]
`;
    assert.equal((await b.c.kubectl(['apply', '-f', '-'], { input: yaml })).stdout.trim(), 'cronjob.batch/hello created');
    await waitFor('a scheduled job', async () => ((await b.get(CRONJOBS, 'hello'))?.status as { active?: unknown[] } | undefined)?.active?.length === 1, { timeoutMs: 10_000 });
    const table = await b.c.k('get', 'cronjob', 'hello');
    assert.match(table, /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\n/);
    assert.match(table, /\nhello\s+@every 2s\s+<none>\s+False\s+1\s+\d+s\s+\d+s\n$/);
    const [scheduled] = (await b.list(JOBS)).filter((j) => j.metadata.ownerReferences?.[0]?.name === 'hello');
    assert.match(scheduled.metadata.name!, /^hello-\d+$/);

    const created = await b.c.kubectl(['create', 'job', 'manual', '--from=cronjob/hello']);
    assert.equal(created.stdout.trim(), 'job.batch/manual created', created.stderr);
    const manual = await b.get(JOBS, 'manual');
    assert.equal(manual?.metadata.ownerReferences?.[0].kind, 'CronJob');
    assert.equal(manual?.metadata.ownerReferences?.[0].name, 'hello');
    assert.equal(manual?.metadata.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual');
    await waitFor('the manual job runs a pod', async () => (await b.list(PODS, 'default', 'job-name=manual')).some((p) => phaseOf(p) === 'Running'));
    assert.match(await b.c.k('get', 'jobs'), /\nmanual\s+Running\s+0\/1\s+\d+s\s+\d+s\n/);
    // The manual Job is not one of the schedule's runs: Forbid still sees only the scheduled one as active.
    assert.deepEqual(((await b.get(CRONJOBS, 'hello'))?.status as { active?: { name: string }[] }).active?.map((a) => a.name), [scheduled.metadata.name]);
  });
});
