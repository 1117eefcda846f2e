// The CronJob controller (pkg/controller/cronjob, v2): creates a Job for the most recent unmet schedule time,
// honours concurrencyPolicy, suspend, startingDeadlineSeconds and timeZone, prunes finished Jobs beyond the
// history limits, and keeps status.active, lastScheduleTime and lastSuccessfulTime. Each CronJob is requeued
// for exactly its next schedule time; nothing polls.
import { StatusError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject, OwnerReference } from '../../../api/types/meta.js';
import { CronParseError, parseCronSchedule, type CronSchedule } from '../../../api/validation/cron-schedule.js';
import { isKnownTimeZone } from '../../../api/validation/zoned-time.js';
import { controllerOf, isControlledBy } from '../../../api/workloads/owners.js';
import { Controller } from '../../../client/controller.js';
import type { Informer } from '../../../client/informer.js';
import { KeyTimers } from '../../../client/key-timers.js';
import { objectKey } from '../../../client/keys.js';
import type { Transport } from '../../../client/transport.js';
import type { EventSink } from '../../registry/events.js';
import { rfc3339 } from '../../registry/system-fields.js';
import type { ControllerContext, ControllerFactory, RunnableController } from '../context.js';
import { finishedType } from '../job/job-conditions.js';
import { asJob, type JobObject } from '../job/job-types.js';
import { byStartTime, deleteFromActiveList, inActiveList, jobFromTemplate, jobRef } from './cronjob-jobs.js';
import { jobNameFor, mostRecentScheduleTime, nextScheduleDelay, rfc1123zUTC, type CronJobObject } from './schedule.js';

const JOBS = findResource('batch', 'v1', 'jobs')!;
const CRONJOBS = findResource('batch', 'v1', 'cronjobs')!;
const JOBS_BY_CRONJOB = 'cronjob-controller/jobs-by-cronjob';

/** The controller's time source. A test's fake clock calls the `onJump` callback after moving. */
export interface CronClock {
  now(): Date;
  onJump?(fn: () => void): void;
}

export interface CronJobControllerOptions {
  clock?: CronClock;
}

const asCronJob = (obj: KubeObject): CronJobObject => obj as CronJobObject;
const isStatus = (err: unknown, reason: string): boolean => err instanceof StatusError && err.reason === reason;
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

interface SyncResult { requeueMs?: number; updateStatus: boolean; error?: unknown; cj: CronJobObject }

class CronJobController implements RunnableController {
  readonly name = 'cronjob';
  private readonly cronjobs: Informer;
  private readonly jobs: Informer;
  private readonly queue: Controller;
  private readonly wake: KeyTimers;
  private readonly events: EventSink;
  private readonly transport: Transport;

  constructor(ctx: ControllerContext, private readonly clock: CronClock) {
    this.transport = ctx.transport;
    this.events = ctx.events('cronjob-controller');
    this.cronjobs = ctx.informers.informerFor(CRONJOBS);
    this.jobs = ctx.informers.informerFor(JOBS);
    this.jobs.addIndex(JOBS_BY_CRONJOB, (j) => {
      const ref = controllerOf(j);
      return ref?.kind === 'CronJob' ? [`${j.metadata.namespace}/${ref.name}`] : [];
    });
    const log = ctx.log.child({ controller: this.name });
    this.queue = new Controller({ name: this.name, baseDelayMs: 50, maxDelayMs: 60_000, log, reconcile: (key) => this.sync(key) });
    this.wake = new KeyTimers((key) => this.queue.enqueue(key));
    this.cronjobs.addEventHandler({
      onAdd: (cj) => this.queue.enqueue(objectKey(cj)),
      onUpdate: (old, cur) => this.cronJobUpdated(asCronJob(old), asCronJob(cur)),
      onDelete: (cj) => this.queue.enqueue(objectKey(cj)),
    });
    this.jobs.addEventHandler({
      onAdd: (j) => this.enqueueOwner(j),
      onUpdate: (old, cur) => {
        if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
        if (controllerOf(old)?.uid !== controllerOf(cur)?.uid) this.enqueueOwner(old);
        this.enqueueOwner(cur);
      },
      onDelete: (j) => this.enqueueOwner(j),
    });
    clock.onJump?.(() => {
      for (const cj of this.cronjobs.list()) this.queue.enqueue(objectKey(cj));
    });
  }

  start(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    this.wake.stop();
    await this.queue.stop();
  }

  /** Waiting for the next schedule time is not pending work. */
  get idle(): boolean {
    return this.queue.idle;
  }

  private resolve(namespace: string | undefined, ref: OwnerReference): KubeObject | undefined {
    if (ref.kind !== 'CronJob') return undefined;
    const cj = this.cronjobs.get(`${namespace}/${ref.name}`);
    return cj?.metadata.uid === ref.uid ? cj : undefined;
  }

  private enqueueOwner(job: KubeObject): void {
    const ref = controllerOf(job);
    const cj = ref && this.resolve(job.metadata.namespace, ref);
    if (cj) this.queue.enqueue(objectKey(cj));
  }

  private cronJobUpdated(old: CronJobObject, cur: CronJobObject): void {
    const key = objectKey(cur);
    if (old.spec.schedule === cur.spec.schedule && (old.spec.timeZone ?? null) === (cur.spec.timeZone ?? null)) {
      this.queue.enqueue(key);
      return;
    }
    // A new schedule: look again at its next run time (sooner than the old one, the timer moves).
    let schedule: CronSchedule;
    try {
      schedule = this.parse(cur, false);
    } catch (err) {
      if (!(err instanceof CronParseError)) throw err;
      this.events.record(cur, 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cur.spec.schedule}`);
      return;
    }
    const delay = nextScheduleDelay(cur, this.clock.now().getTime(), schedule);
    if (delay !== undefined) this.wake.after(key, delay);
  }

  /** The schedule in spec.timeZone (a TZ= prefix in the schedule, which validation no longer admits, also works). */
  private parse(cj: CronJobObject, warn: boolean): CronSchedule {
    const schedule = cj.spec.schedule;
    if (schedule.includes('TZ')) {
      if (warn) this.events.record(cj, 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule "${schedule}" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
      return parseCronSchedule(schedule);
    }
    const tz = cj.spec.timeZone;
    return parseCronSchedule(schedule, tz != null && isKnownTimeZone(tz) ? tz : undefined);
  }

  private async sync(key: string): Promise<void> {
    const cached = this.cronjobs.get(key);
    if (!cached) return;
    const jobs = this.jobs.byIndex(JOBS_BY_CRONJOB, key).map(asJob);
    const copy: CronJobObject = structuredClone(asCronJob(cached));
    const cleaned = await this.cleanupFinishedJobs(copy, jobs);
    const r = await this.syncCronJob(copy, jobs);
    if (cleaned || r.updateStatus) {
      await this.transport.update(CRONJOBS, r.cj.metadata.namespace, r.cj.metadata.name!, r.cj, { subresource: 'status' });
    }
    if (r.requeueMs !== undefined) return void this.wake.after(key, r.requeueMs);
    if (r.error !== undefined) throw r.error;
  }

  private async syncCronJob(cjIn: CronJobObject, jobs: JobObject[]): Promise<SyncResult> {
    let cj = cjIn;
    const now = this.clock.now().getTime();
    let updateStatus = false;
    const status = (): NonNullable<CronJobObject['status']> => (cj.status ??= {});
    const children = new Set(jobs.map((j) => j.metadata.uid));
    for (const j of jobs) {
      const found = inActiveList(cj, j.metadata.uid);
      const finished = finishedType(j);
      if (!found && !finished) {
        const fresh = asCronJob(structuredClone(await this.transport.get(CRONJOBS, cj.metadata.namespace, cj.metadata.name!)));
        if (inActiveList(fresh, j.metadata.uid)) {
          cj = fresh;
          continue;
        }
        this.events.record(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      } else if (found && finished) {
        deleteFromActiveList(cj, j.metadata.uid);
        this.events.record(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${finished}`);
        updateStatus = true;
      } else if (finished === 'Complete' && j.status?.completionTime) {
        // Finished Jobs need not be active: any success moves lastSuccessfulTime forward.
        const last = status().lastSuccessfulTime;
        if (!last || Date.parse(j.status.completionTime) > Date.parse(last)) {
          status().lastSuccessfulTime = j.status.completionTime;
          updateStatus = true;
        }
      }
    }
    // An active Job that no longer exists would keep the CronJob "active" forever.
    for (const ref of [...(cj.status?.active ?? [])]) {
      if (children.has(ref.uid)) continue;
      try {
        await this.transport.get(JOBS, ref.namespace, ref.name!);
      } catch (err) {
        if (!isStatus(err, 'NotFound')) return { updateStatus, error: err, cj };
        this.events.record(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
        deleteFromActiveList(cj, ref.uid);
        updateStatus = true;
      }
    }
    if (cj.metadata.deletionTimestamp !== undefined) return { updateStatus, cj };
    const tz = cj.spec.timeZone;
    if (tz != null && !isKnownTimeZone(tz)) {
      this.events.record(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${tz}": unknown time zone ${tz}`);
      return { updateStatus, cj };
    }
    if (cj.spec.suspend === true) return { updateStatus, cj };
    let schedule: CronSchedule;
    try {
      schedule = this.parse(cj, true);
    } catch (err) {
      if (!(err instanceof CronParseError)) throw err;
      this.events.record(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${cj.spec.schedule}" : ${err.message}`);
      return { updateStatus, cj };
    }
    const recent = mostRecentScheduleTime(cj, now, schedule, true);
    if (recent.error !== undefined) {
      this.events.record(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec.schedule} : ${recent.error}`);
      return { updateStatus, cj };
    }
    const requeue = (): number | undefined => nextScheduleDelay(cj, now, schedule);
    const scheduled = recent.mostRecent;
    if (scheduled === undefined || scheduled > now) return { requeueMs: requeue(), updateStatus, cj };
    if (recent.missed === 'many') {
      this.events.record(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    const sds = cj.spec.startingDeadlineSeconds;
    if (sds != null && scheduled + sds * 1000 < now) {
      this.events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123zUTC(scheduled)}`);
      return { requeueMs: requeue(), updateStatus, cj };
    }
    const name = jobNameFor(cj.metadata.name!, scheduled);
    const lastSchedule = cj.status?.lastScheduleTime;
    if ((cj.status?.active ?? []).some((a) => a.name === name && a.namespace === cj.metadata.namespace) || (lastSchedule && Date.parse(lastSchedule) === scheduled)) {
      return { requeueMs: requeue(), updateStatus, cj };
    }
    if (cj.spec.concurrencyPolicy === 'Forbid' && (cj.status?.active ?? []).length > 0) {
      this.events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return { requeueMs: requeue(), updateStatus, cj };
    }
    if (cj.spec.concurrencyPolicy === 'Replace') {
      for (const ref of [...(cj.status?.active ?? [])]) {
        let job: KubeObject;
        try {
          job = await this.transport.get(JOBS, ref.namespace, ref.name!);
        } catch (err) {
          this.events.record(cj, 'Warning', 'FailedGet', `Get job: ${errorText(err)}`);
          return { updateStatus, error: err, cj };
        }
        if (!(await this.deleteJob(cj, job))) return { updateStatus, error: new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`), cj };
        updateStatus = true;
      }
    }
    let created: KubeObject;
    try {
      created = await this.transport.create(JOBS, cj.metadata.namespace, jobFromTemplate(cj, name, scheduled));
      this.events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
    } catch (err) {
      if (err instanceof StatusError && err.causes.some((c) => c.reason === 'NamespaceTerminating')) return { updateStatus, error: err, cj };
      if (!isStatus(err, 'AlreadyExists')) {
        this.events.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${errorText(err)}`);
        return { updateStatus, error: err, cj };
      }
      // Created before, but the status update that followed was lost: record it now.
      created = await this.transport.get(JOBS, cj.metadata.namespace, name);
      if (!isControlledBy(created, cj) || inActiveList(cj, created.metadata.uid)) return { requeueMs: requeue(), updateStatus, cj };
    }
    status().active = [...(cj.status?.active ?? []), jobRef(created)];
    status().lastScheduleTime = rfc3339(new Date(scheduled));
    return { requeueMs: requeue(), updateStatus: true, cj };
  }

  /** Deletes the Job (its pods go through the garbage collector) and drops it from status.active. */
  private async deleteJob(cj: CronJobObject, job: KubeObject): Promise<boolean> {
    try {
      await this.transport.delete(JOBS, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' });
    } catch (err) {
      this.events.record(cj, 'Warning', 'FailedDelete', `Deleted job: ${errorText(err)}`);
      return false;
    }
    deleteFromActiveList(cj, job.metadata.uid);
    this.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    return true;
  }

  /** Keeps the newest successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs. */
  private async cleanupFinishedJobs(cj: CronJobObject, jobs: JobObject[]): Promise<boolean> {
    const { successfulJobsHistoryLimit: okLimit, failedJobsHistoryLimit: failLimit } = cj.spec;
    if (okLimit == null && failLimit == null) return false;
    let changed = false;
    const prune = async (list: JobObject[], limit: number | null | undefined): Promise<void> => {
      if (limit == null || list.length <= limit) return;
      const oldest = [...list].sort(byStartTime).slice(0, list.length - limit);
      for (const j of oldest) if (await this.deleteJob(cj, j)) changed = true;
    };
    await prune(jobs.filter((j) => finishedType(j) === 'Complete'), okLimit);
    await prune(jobs.filter((j) => finishedType(j) === 'Failed'), failLimit);
    return changed;
  }
}

/** A CronJob controller on a chosen clock (tests pass a fake one and advance it). */
export function makeCronJobController(opts: CronJobControllerOptions = {}): ControllerFactory {
  return (ctx) => new CronJobController(ctx, opts.clock ?? { now: ctx.clock });
}

export const cronJobController: ControllerFactory = makeCronJobController();
