// What one Job sync works with: the Job copy being updated, its pods, and the counts derived from them.
import type { Logger } from 'pino';
import type { KubeObject } from '../../../api/types/meta.js';
import type { Informer } from '../../../client/informer.js';
import type { Transport } from '../../../client/transport.js';
import type { EventSink } from '../../registry/events.js';
import type { BackoffRecord } from './backoff.js';
import type { ControllerExpectations, FinalizerExpectations } from './expectations.js';
import type { Interval } from './indexes.js';
import type { JobCondition, JobObject } from './job-types.js';
import type { PodControl } from './pod-control.js';

export interface JobTimings {
  /** First delay before recreating pods after a failure; doubles per failure (upstream: 10 s). */
  podFailureBackoffMs: number;
  /** Longest such delay (6 min, as the Job documentation states). */
  podFailureBackoffMaxMs: number;
  /** Pod events and status changes are folded into one sync this long after the first (upstream: 1 s). */
  syncBatchMs: number;
}

export interface SyncDeps {
  transport: Transport;
  jobs: Informer;
  pods: Informer;
  podControl: PodControl;
  events: EventSink;
  clock: () => Date;
  log: Logger;
  expectations: ControllerExpectations;
  finalizerExpectations: FinalizerExpectations;
  backoffs: Map<string, BackoffRecord>;
  timings: JobTimings;
  /** Sync the Job again after ms (the end of a back-off, activeDeadlineSeconds); waiting is not pending work. */
  wakeAfter(key: string, ms: number): void;
}

export interface SyncCtx {
  key: string;
  job: JobObject;
  pods: KubeObject[];
  activePods: KubeObject[];
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  uncounted: { succeeded: ReadonlySet<string>; failed: ReadonlySet<string> };
  expectedRmFinalizers: ReadonlySet<string>;
  finished?: JobCondition;
  prevSucceededIndexes: Interval[];
  succeededIndexes: Interval[];
  newBackoff: BackoffRecord;
  now: Date;
}
