// Deletes finished Jobs once spec.ttlSecondsAfterFinished has passed since their Complete or Failed
// condition (pkg/controller/ttlafterfinished). The Job goes with background propagation: it disappears at
// once and the garbage collector removes its pods.
import { findResource } from '../../../api/resources/registry.js';
import { Controller } from '../../../client/controller.js';
import type { Informer } from '../../../client/informer.js';
import { KeyTimers } from '../../../client/key-timers.js';
import { objectKey, splitKey } from '../../../client/keys.js';
import type { ControllerContext, ControllerFactory, RunnableController } from '../context.js';
import { findCondition, finishedType } from './job-conditions.js';
import { asJob, type JobObject } from './job-types.js';
import { isNotFound } from './pod-control.js';

const JOBS = findResource('batch', 'v1', 'jobs')!;

function needsCleanup(job: JobObject): boolean {
  return job.spec.ttlSecondsAfterFinished != null && finishedType(job) !== undefined && job.metadata.deletionTimestamp === undefined;
}

/** When the TTL expires (ms since the epoch), or undefined when the finish time is unknown. */
export function ttlExpiry(job: JobObject): number | undefined {
  const type = finishedType(job);
  const at = type ? findCondition(job.status?.conditions, type)?.lastTransitionTime : undefined;
  if (!at || job.spec.ttlSecondsAfterFinished == null) return undefined;
  return Date.parse(at) + job.spec.ttlSecondsAfterFinished * 1000;
}

class TtlAfterFinishedController implements RunnableController {
  readonly name = 'ttl-after-finished';
  private readonly jobs: Informer;
  private readonly queue: Controller;
  private readonly wake: KeyTimers;

  constructor(private readonly ctx: ControllerContext, private readonly clock: () => Date) {
    this.jobs = ctx.informers.informerFor(JOBS);
    const log = ctx.log.child({ controller: this.name });
    this.queue = new Controller({ name: this.name, baseDelayMs: 50, maxDelayMs: 60_000, log, reconcile: (key) => this.process(key) });
    this.wake = new KeyTimers((key) => this.queue.enqueue(key));
    const consider = (obj: Parameters<typeof asJob>[0]): void => {
      if (needsCleanup(asJob(obj))) this.queue.enqueue(objectKey(obj));
    };
    this.jobs.addEventHandler({ onAdd: consider, onUpdate: (_old, cur) => consider(cur) });
  }

  start(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    this.wake.stop();
    await this.queue.stop();
  }

  get idle(): boolean {
    return this.queue.idle;
  }

  /** Milliseconds until the Job's TTL expires (≤ 0: expired), or undefined when it needs no cleanup. */
  private timeLeft(job: JobObject): number | undefined {
    if (!needsCleanup(job)) return undefined;
    const expiry = ttlExpiry(job);
    return expiry === undefined ? undefined : expiry - this.clock().getTime();
  }

  private async process(key: string): Promise<void> {
    const cached = this.jobs.get(key);
    if (!cached) return;
    const left = this.timeLeft(asJob(cached));
    if (left === undefined) return;
    if (left > 0) return void this.wake.after(key, left);
    // The cache may be stale (the TTL may just have been raised): decide on a fresh read.
    const { namespace, name } = splitKey(key);
    let fresh: JobObject;
    try {
      fresh = asJob(await this.ctx.transport.get(JOBS, namespace, name));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const freshLeft = this.timeLeft(fresh);
    if (freshLeft === undefined) return;
    if (freshLeft > 0) return void this.wake.after(key, freshLeft);
    try {
      await this.ctx.transport.delete(JOBS, namespace, name, { propagationPolicy: 'Background', preconditions: { uid: fresh.metadata.uid } });
      this.ctx.log.info({ job: key, ttlSeconds: fresh.spec.ttlSecondsAfterFinished }, 'deleted finished job after its TTL');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

export function makeTtlAfterFinishedController(opts: { clock?: () => Date } = {}): ControllerFactory {
  return (ctx) => new TtlAfterFinishedController(ctx, opts.clock ?? ctx.clock);
}

export const ttlAfterFinishedController: ControllerFactory = makeTtlAfterFinishedController();
