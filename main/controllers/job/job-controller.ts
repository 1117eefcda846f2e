// The Job controller (pkg/controller/job, 1.32): runs a Job's pods to completion, with parallelism,
// completions (NonIndexed and Indexed), backoffLimit with exponential back-off, activeDeadlineSeconds,
// suspend, podFailurePolicy and successPolicy, counting pods through the batch.kubernetes.io/job-tracking
// finalizer. A second queue strips that finalizer from pods whose Job is gone or finished.
import { findResource } from '../../../api/resources/registry.js';
import { selectorFromLabelSelector } from '../../../api/selectors/index.js';
import type { KubeObject, OwnerReference } from '../../../api/types/meta.js';
import { controllerOf, isControlledBy } from '../../../api/workloads/owners.js';
import { Controller } from '../../../client/controller.js';
import type { Informer } from '../../../client/informer.js';
import { KeyTimers } from '../../../client/key-timers.js';
import { objectKey, splitKey } from '../../../client/keys.js';
import type { ControllerContext, ControllerFactory, RunnableController } from '../context.js';
import type { BackoffRecord } from './backoff.js';
import { ControllerExpectations, FinalizerExpectations } from './expectations.js';
import { isJobFinished } from './job-conditions.js';
import { PODS_BY_OWNER, podOwnerIndex, syncJob } from './job-sync.js';
import { asJob, hasTrackingFinalizer, JOB_COMPONENT, managedByOther, type JobObject } from './job-types.js';
import { isNotFound, PodControl } from './pod-control.js';
import type { JobTimings, SyncDeps } from './sync-types.js';

const JOBS = findResource('batch', 'v1', 'jobs')!;
const PODS = findResource('', 'v1', 'pods')!;
const JOBS_BY_NAMESPACE = 'job-controller/jobs-by-namespace';

export const DEFAULT_JOB_TIMINGS: JobTimings = { podFailureBackoffMs: 10_000, podFailureBackoffMaxMs: 360_000, syncBatchMs: 1_000 };

export interface JobControllerOptions extends Partial<JobTimings> {
  /** Overrides ctx.clock (tests). */
  clock?: () => Date;
  workers?: number;
}

class JobController implements RunnableController {
  readonly name = 'job';
  private readonly jobs: Informer;
  private readonly pods: Informer;
  private readonly queue: Controller;
  private readonly orphans: Controller;
  private readonly soon: KeyTimers;
  private readonly wake: KeyTimers;
  private readonly deps: SyncDeps;

  constructor(ctx: ControllerContext, opts: JobControllerOptions) {
    this.jobs = ctx.informers.informerFor(JOBS);
    this.pods = ctx.informers.informerFor(PODS);
    this.jobs.addIndex(JOBS_BY_NAMESPACE, (j) => [j.metadata.namespace ?? '']);
    this.pods.addIndex(PODS_BY_OWNER, podOwnerIndex);
    const log = ctx.log.child({ controller: this.name });
    this.queue = new Controller({
      name: 'job', workers: opts.workers ?? 2, baseDelayMs: 50, maxDelayMs: 60_000, log,
      reconcile: async (key) => {
        const started = performance.now();
        await syncJob(this.deps, key);
        log.debug({ job: key, ms: Math.round(performance.now() - started) }, 'job synced');
      },
    });
    this.orphans = new Controller({ name: 'job-orphan-pods', baseDelayMs: 50, maxDelayMs: 60_000, log, reconcile: (key) => this.syncOrphanPod(key) });
    this.soon = new KeyTimers((key) => this.queue.enqueue(key));
    this.wake = new KeyTimers((key) => this.queue.enqueue(key));
    const events = ctx.events(JOB_COMPONENT);
    const timings: JobTimings = {
      podFailureBackoffMs: opts.podFailureBackoffMs ?? DEFAULT_JOB_TIMINGS.podFailureBackoffMs,
      podFailureBackoffMaxMs: opts.podFailureBackoffMaxMs ?? DEFAULT_JOB_TIMINGS.podFailureBackoffMaxMs,
      syncBatchMs: opts.syncBatchMs ?? DEFAULT_JOB_TIMINGS.syncBatchMs,
    };
    this.deps = {
      transport: ctx.transport, jobs: this.jobs, pods: this.pods, events, log, timings,
      podControl: new PodControl(ctx.transport, events),
      clock: opts.clock ?? ctx.clock,
      expectations: new ControllerExpectations(),
      finalizerExpectations: new FinalizerExpectations(),
      backoffs: new Map<string, BackoffRecord>(),
      wakeAfter: (key, ms) => this.wake.after(key, ms),
    };
    this.jobs.addEventHandler({
      onAdd: (j) => this.queue.enqueue(objectKey(j)),
      onUpdate: (old, cur) => {
        // A spec change syncs at once; status changes (mostly our own) are batched.
        if (old.metadata.generation !== cur.metadata.generation) this.queue.enqueue(objectKey(cur));
        else this.batched(objectKey(cur));
        if (isJobFinished(asJob(cur))) this.cleanupPodFinalizers(asJob(cur));
      },
      onDelete: (j) => {
        this.queue.enqueue(objectKey(j));
        this.cleanupPodFinalizers(asJob(j));
      },
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.podAdded(p),
      onUpdate: (old, cur) => this.podUpdated(old, cur),
      onDelete: (p) => this.podDeleted(p, true),
    });
  }

  start(): void {
    this.queue.start();
    this.orphans.start();
  }

  async stop(): Promise<void> {
    this.soon.stop();
    this.wake.stop();
    await Promise.all([this.queue.stop(), this.orphans.stop()]);
  }

  /** Batched syncs are pending work; waiting out a back-off or a deadline is not. */
  get idle(): boolean {
    return this.queue.idle && this.orphans.idle && this.soon.size === 0;
  }

  private batched(key: string): void {
    this.soon.after(key, this.deps.timings.syncBatchMs);
  }

  private resolve(namespace: string | undefined, ref: OwnerReference): JobObject | undefined {
    if (ref.kind !== 'Job') return undefined;
    const job = this.jobs.get(`${namespace}/${ref.name}`);
    return job && job.metadata.uid === ref.uid ? asJob(job) : undefined;
  }

  /** Jobs whose selector matches an orphan pod (they may adopt it). */
  private jobsMatching(pod: KubeObject): KubeObject[] {
    return this.jobs.byIndex(JOBS_BY_NAMESPACE, pod.metadata.namespace ?? '').filter((j) => {
      try {
        return selectorFromLabelSelector(asJob(j).spec.selector).matches(pod.metadata.labels);
      } catch {
        return false;
      }
    });
  }

  private podAdded(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp !== undefined) {
      // Seen for the first time already being deleted (e.g. after a restart): not one of our creations.
      this.podDeleted(pod, false);
      return;
    }
    const ref = controllerOf(pod);
    if (ref) {
      const job = this.resolve(pod.metadata.namespace, ref);
      if (!job) return;
      this.deps.expectations.creationObserved(objectKey(job));
      this.batched(objectKey(job));
      return;
    }
    if (hasTrackingFinalizer(pod)) this.orphans.enqueue(objectKey(pod));
    for (const job of this.jobsMatching(pod)) this.batched(objectKey(job));
  }

  private podUpdated(old: KubeObject, cur: KubeObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    if (cur.metadata.deletionTimestamp !== undefined) {
      // Replace a pod as soon as it starts terminating, not when it is finally gone.
      this.podDeleted(cur, false);
      return;
    }
    const finalizerRemoved = !hasTrackingFinalizer(cur);
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = curRef?.uid !== oldRef?.uid;
    if (refChanged && oldRef) {
      const job = this.resolve(old.metadata.namespace, oldRef);
      if (job) {
        if (finalizerRemoved) this.deps.finalizerExpectations.removalObserved(objectKey(job), cur.metadata.uid!);
        this.batched(objectKey(job));
      }
    }
    if (curRef) {
      const job = this.resolve(cur.metadata.namespace, curRef);
      if (!job) return;
      if (finalizerRemoved) this.deps.finalizerExpectations.removalObserved(objectKey(job), cur.metadata.uid!);
      this.batched(objectKey(job));
      return;
    }
    if (hasTrackingFinalizer(cur)) this.orphans.enqueue(objectKey(cur));
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (labelsChanged || refChanged) for (const job of this.jobsMatching(cur)) this.batched(objectKey(job));
  }

  private podDeleted(pod: KubeObject, final: boolean): void {
    const ref = controllerOf(pod);
    const tracked = hasTrackingFinalizer(pod);
    if (!ref) {
      if (tracked) this.orphans.enqueue(objectKey(pod));
      return;
    }
    const job = this.resolve(pod.metadata.namespace, ref);
    if (!job || isJobFinished(job)) {
      // No sync will remove this finalizer.
      if (tracked) this.orphans.enqueue(objectKey(pod));
      return;
    }
    const key = objectKey(job);
    this.deps.expectations.deletionObserved(key);
    if (final || !tracked) this.deps.finalizerExpectations.removalObserved(key, pod.metadata.uid!);
    this.batched(key);
  }

  /** Pods of a finished or deleted Job that still carry the finalizer go to the orphan queue. */
  private cleanupPodFinalizers(job: JobObject): void {
    for (const pod of this.pods.byIndex(PODS_BY_OWNER, `uid/${job.metadata.uid}`)) {
      if (isControlledBy(pod, job) && hasTrackingFinalizer(pod)) this.orphans.enqueue(objectKey(pod));
    }
  }

  private async syncOrphanPod(key: string): Promise<void> {
    const pod = this.pods.get(key);
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const ref = controllerOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolve(splitKey(key).namespace, ref);
      if (job && (managedByOther(job) || !isJobFinished(job))) return;
    }
    await this.deps.podControl.removeTrackingFinalizer(pod).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}

/** A job controller with test timings or a fake clock. */
export function makeJobController(opts: JobControllerOptions = {}): ControllerFactory {
  return (ctx) => new JobController(ctx, opts);
}

export const jobController: ControllerFactory = makeJobController();
