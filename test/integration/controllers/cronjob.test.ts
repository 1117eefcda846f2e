// The CronJob controller on a fake clock (no real minutes pass): schedule times, timeZone, concurrency
// policies, history limits, suspend, startingDeadlineSeconds and too many missed runs.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../api/types/meta.js';
import { makeCronJobController } from '../../../main/controllers/cronjob/cronjob-controller.js';
import { makeJobController } from '../../../main/controllers/job/job-controller.js';
import { waitFor } from '../../helpers/wait.js';
import { condition, CRONJOBS, JOBS, startBatchCluster, waitForEvent, type BatchCluster } from './batch-cluster.js';
import { FakeClock, nextMinute } from './fake-clock.js';

const cronYaml = (name: string, schedule: string, extra = '', jobExtra = ''): string => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
  schedule: "${schedule}"
${extra}  jobTemplate:
    spec:
${jobExtra}      template:
        spec:
          restartPolicy: Never
          containers:
          - name: hello
            image: busybox
            command: ["sh", "-c", "date; echo Hello"]
`;

interface CronStatus { active?: { name: string; uid: string; kind: string; apiVersion: string; namespace: string }[]; lastScheduleTime?: string; lastSuccessfulTime?: string }
const cronStatus = (cj: KubeObject | undefined): CronStatus => (cj?.status ?? {}) as CronStatus;
const minutes = (ms: number): number => Math.floor(ms / 60_000);

describe('cronjob controller (fake clock)', () => {
  let b: BatchCluster;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock(new Date());
    b = await startBatchCluster({ controllers: [makeCronJobController({ clock }), makeJobController({ syncBatchMs: 50, podFailureBackoffMs: 50 })] });
  });
  after(async () => { await b.stop(); });
  // CronJobs are created at the real time; each test starts the fake clock there (earlier tests' CronJobs are gone).
  beforeEach(() => clock.set(new Date()));

  const create = async (yaml: string): Promise<KubeObject> => {
    const r = await b.c.kubectl(['apply', '-f', '-'], { input: yaml });
    assert.equal(r.code, 0, r.stderr);
    const name = /name: (\S+)/.exec(yaml)![1];
    return (await b.get(CRONJOBS, name))!;
  };
  const jobsOf = async (cj: string): Promise<KubeObject[]> =>
    (await b.list(JOBS)).filter((j) => j.metadata.ownerReferences?.[0]?.name === cj).sort((x, y) => x.metadata.name!.localeCompare(y.metadata.name!));
  /** Moves the clock and waits until every controller has acted on it. */
  const moveTo = async (ms: number): Promise<void> => {
    clock.set(Math.max(ms, clock.now().getTime()));
    await waitFor('controllers idle', () => b.c.cp.controllers.idle);
  };
  const remove = (name: string): Promise<string> => b.c.k('delete', 'cronjob', name);

  test('runs at its schedule times, named for the scheduled minute', async () => {
    const cj = await create(cronYaml('hello', '*/2 * * * *'));
    const created = Date.parse(cj.metadata.creationTimestamp!);
    let first = nextMinute(created);
    if (minutes(first) % 2 !== 0) first += 60_000;
    await moveTo(first - 1000);
    assert.deepEqual(await jobsOf('hello'), [], 'nothing before the first schedule time');
    await moveTo(first + 1000);
    const name1 = `hello-${minutes(first)}`;
    await waitFor('first job', async () => (await jobsOf('hello')).length === 1);
    const [job1] = await jobsOf('hello');
    assert.equal(job1.metadata.name, name1);
    assert.equal(job1.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], new Date(first).toISOString().replace('.000Z', 'Z'));
    assert.equal(job1.metadata.ownerReferences?.[0].kind, 'CronJob');
    assert.equal(job1.metadata.ownerReferences?.[0].controller, true);
    await moveTo(first + 60_000 + 1000);
    assert.equal((await jobsOf('hello')).length, 1, 'the odd minute is not a schedule time');
    await moveTo(first + 120_000 + 1000);
    await waitFor('second job', async () => (await jobsOf('hello')).length === 2);
    const jobs = await jobsOf('hello');
    assert.deepEqual(jobs.map((j) => j.metadata.name), [name1, `hello-${minutes(first) + 2}`]);
    const status = cronStatus(await b.get(CRONJOBS, 'hello'));
    assert.equal(status.lastScheduleTime, new Date(first + 120_000).toISOString().replace('.000Z', 'Z'));
    assert.deepEqual(status.active?.map((a) => [a.kind, a.name, a.apiVersion]).sort(), jobs.map((j) => ['Job', j.metadata.name, 'batch/v1']));
    assert.equal((await waitForEvent(b, 'hello', 'SuccessfulCreate', `Created job ${name1}`)).source?.component, 'cronjob-controller');
    await remove('hello');
  });

  test('timeZone: 9:00 in Asia/Tokyo runs at 00:00 UTC', async () => {
    await create(cronYaml('tokyo', '0 9 * * *', '  timeZone: Asia/Tokyo\n'));
    const midnight = Math.ceil((clock.now().getTime() + 1) / 86_400_000) * 86_400_000;
    await moveTo(midnight + 5000);
    await waitFor('job', async () => (await jobsOf('tokyo')).length === 1);
    const [job] = await jobsOf('tokyo');
    assert.equal(job.metadata.name, `tokyo-${minutes(midnight)}`);
    const day = new Date(midnight).toISOString().slice(0, 10);
    assert.equal(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], `${day}T09:00:00+09:00`);
    assert.match(await b.c.k('get', 'cronjob', 'tokyo'), /\ntokyo\s+0 9 \* \* \*\s+Asia\/Tokyo\s+False\s+1\s+/);
    await remove('tokyo');
  });

  test('Forbid skips a run while the previous Job is active; Replace replaces it', async () => {
    await create(cronYaml('forbid', '* * * * *', '  concurrencyPolicy: Forbid\n'));
    await create(cronYaml('replace', '* * * * *', '  concurrencyPolicy: Replace\n'));
    const m1 = nextMinute(clock.now().getTime());
    await moveTo(m1 + 1000);
    await waitFor('first jobs', async () => (await jobsOf('forbid')).length === 1 && (await jobsOf('replace')).length === 1);
    const [replaced] = await jobsOf('replace');
    await moveTo(m1 + 61_000);
    await waitFor('replacement', async () => (await jobsOf('replace')).map((j) => j.metadata.name).join() === `replace-${minutes(m1) + 1}`);
    assert.deepEqual((await jobsOf('forbid')).map((j) => j.metadata.name), [`forbid-${minutes(m1)}`]);
    await waitForEvent(b, 'forbid', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    assert.deepEqual(cronStatus(await b.get(CRONJOBS, 'forbid')).active?.map((a) => a.name), [`forbid-${minutes(m1)}`]);
    assert.equal(cronStatus(await b.get(CRONJOBS, 'forbid')).lastScheduleTime, new Date(m1).toISOString().replace('.000Z', 'Z'));
    await waitForEvent(b, 'replace', 'SuccessfulDelete', `Deleted job ${replaced.metadata.name}`);
    assert.deepEqual(cronStatus(await b.get(CRONJOBS, 'replace')).active?.map((a) => a.name), [`replace-${minutes(m1) + 1}`]);
    await remove('forbid');
    await remove('replace');
  });

  test('history limits keep the newest finished Jobs', async () => {
    b.outcome = (p) => {
      const job = p.metadata.labels?.['job-name'] ?? '';
      if (job.startsWith('ok-')) return { phase: 'Succeeded', afterMs: 10 };
      if (job.startsWith('bad-')) return { phase: 'Failed', exitCode: 2, afterMs: 10 };
      return { phase: 'Running' };
    };
    await create(cronYaml('ok', '* * * * *', '  successfulJobsHistoryLimit: 2\n'));
    await create(cronYaml('bad', '* * * * *', '  failedJobsHistoryLimit: 1\n', '      backoffLimit: 0\n'));
    const m1 = nextMinute(clock.now().getTime());
    for (let i = 0; i < 4; i++) {
      await moveTo(m1 + i * 60_000 + 1000);
      await waitFor(`run ${i} finished and seen`, async () => {
        const ok = await b.get(CRONJOBS, 'ok'), bad = await b.get(CRONJOBS, 'bad');
        const okJobs = await jobsOf('ok'), badJobs = await jobsOf('bad');
        const done = (jobs: KubeObject[], type: string): boolean => jobs.some((j) => j.metadata.name?.endsWith(`-${minutes(m1) + i}`) && condition(j, type)?.status === 'True');
        return done(okJobs, 'Complete') && done(badJobs, 'Failed') && !cronStatus(ok).active && !cronStatus(bad).active;
      });
    }
    await waitFor('pruned', async () => (await jobsOf('ok')).length === 2 && (await jobsOf('bad')).length === 1);
    assert.deepEqual((await jobsOf('ok')).map((j) => j.metadata.name), [`ok-${minutes(m1) + 2}`, `ok-${minutes(m1) + 3}`]);
    assert.deepEqual((await jobsOf('bad')).map((j) => j.metadata.name), [`bad-${minutes(m1) + 3}`]);
    await waitFor('lastSuccessfulTime', async () => cronStatus(await b.get(CRONJOBS, 'ok')).lastSuccessfulTime !== undefined);
    assert.equal(cronStatus(await b.get(CRONJOBS, 'bad')).lastSuccessfulTime, undefined);
    await waitForEvent(b, 'ok', 'SawCompletedJob', `Saw completed job: ok-${minutes(m1)}, status: Complete`);
    await waitForEvent(b, 'ok', 'SuccessfulDelete', `Deleted job ok-${minutes(m1)}`);
    b.outcome = () => ({ phase: 'Running' });
    await remove('ok');
    await remove('bad');
  });

  test('suspend stops new runs; resuming runs the latest missed one', async () => {
    await create(cronYaml('paused', '* * * * *', '  suspend: true\n'));
    const m1 = nextMinute(clock.now().getTime());
    await moveTo(m1 + 1000);
    await moveTo(m1 + 61_000);
    assert.deepEqual(await jobsOf('paused'), []);
    assert.match(await b.c.k('get', 'cronjob', 'paused'), /\npaused\s+\* \* \* \* \*\s+<none>\s+True\s+0\s+<none>\s+/);
    await b.c.k('patch', 'cronjob', 'paused', '--type=merge', '-p', '{"spec":{"suspend":false}}');
    await waitFor('one job for the latest minute', async () => (await jobsOf('paused')).length === 1);
    await moveTo(clock.now().getTime());
    assert.deepEqual((await jobsOf('paused')).map((j) => j.metadata.name), [`paused-${minutes(m1) + 1}`]);
    await remove('paused');
  });

  test('startingDeadlineSeconds skips a run that is too late to start', async () => {
    await create(cronYaml('deadline', '* * * * *', '  startingDeadlineSeconds: 10\n'));
    const m1 = nextMinute(clock.now().getTime());
    await moveTo(m1 + 30_000);
    assert.deepEqual(await jobsOf('deadline'), [], '30 s late with a 10 s deadline');
    await moveTo(m1 + 62_000);
    await waitFor('job', async () => (await jobsOf('deadline')).length === 1);
    assert.deepEqual((await jobsOf('deadline')).map((j) => j.metadata.name), [`deadline-${minutes(m1) + 1}`]);
    await remove('deadline');
  });

  test('more than 100 missed runs: a TooManyMissedTimes warning, then the latest run', async () => {
    await create(cronYaml('behind', '* * * * *'));
    const target = nextMinute(clock.now().getTime()) + 200 * 60_000;
    await moveTo(target + 1000);
    await waitFor('job', async () => (await jobsOf('behind')).length === 1);
    assert.deepEqual((await jobsOf('behind')).map((j) => j.metadata.name), [`behind-${minutes(target)}`]);
    const warning = await waitForEvent(b, 'behind', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    assert.equal(warning.type, 'Warning');
    await remove('behind');
  });
});
