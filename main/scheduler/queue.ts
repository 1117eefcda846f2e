// The scheduling queue (internal/queue.PriorityQueue): an active queue ordered by priority then age, a
// back-off queue of pods waiting out their per-pod back-off (1 s doubling to 10 s), and a set of
// unschedulable pods parked until a cluster event that could make them fit — judged by the filter
// plugins that rejected them — or until they have waited the maximum (5 minutes upstream).
import type { KubeObject } from '../../api/types/meta.js';
import type { FilterPlugin } from './filters.js';
import { KeyedHeap } from './heap.js';
import { hasSchedulingGates, podInfoOf } from './pod-info.js';

export type ClusterEvent = 'NodeAdd' | 'NodeAllocatableChange' | 'NodeLabelChange' | 'NodeTaintChange' | 'NodeSchedulableChange' | 'AssignedPodDelete';

/** Which rejections each event can undo (the plugins' EventsToRegister, without queueing hints). */
const EVENT_PLUGINS: Record<ClusterEvent, readonly FilterPlugin[] | 'all'> = {
  NodeAdd: 'all',
  NodeAllocatableChange: ['NodeResourcesFit'],
  NodeLabelChange: ['NodeAffinity'],
  NodeTaintChange: ['TaintToleration'],
  NodeSchedulableChange: ['NodeUnschedulable'],
  AssignedPodDelete: ['NodeResourcesFit', 'NodePorts'],
};

export interface QueuedPod {
  key: string;
  pod: KubeObject;
  attempts: number;
  /** Order among equals, renewed each time the pod enters the active queue. */
  seq: number;
  /** When it last failed or was parked (ms). */
  timestamp: number;
  backoffUntil: number;
  unschedulablePlugins: ReadonlySet<FilterPlugin>;
}

export interface QueueOptions {
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Unschedulable pods are retried after this long even without an event. */
  maxInUnschedulableMs: number;
  now: () => number;
}

interface InFlight {
  cycle: number;
  /** Latest version of the pod seen while it was being scheduled. */
  pod: KubeObject;
  /** The pod changed while being scheduled: retry it rather than park it. */
  updated: boolean;
  deleted: boolean;
}

export class SchedulingQueue {
  private readonly active = new KeyedHeap<QueuedPod>((q) => q.key, byPriorityThenAge);
  private readonly backoff = new KeyedHeap<QueuedPod>((q) => q.key, (a, b) => a.backoffUntil < b.backoffUntil);
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly gated = new Map<string, QueuedPod>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly waiters: ((q: QueuedPod | undefined) => void)[] = [];
  private seq = 0;
  private cycle = 0;
  private moveRequestCycle = -1;
  private closed = false;
  private backoffTimer: NodeJS.Timeout | undefined;
  private backoffTimerAt = Infinity;
  private readonly flushTimer: NodeJS.Timeout;

  constructor(private readonly opts: QueueOptions) {
    this.flushTimer = setInterval(() => this.flushUnschedulableLeftovers(), Math.max(10, Math.min(30_000, opts.maxInUnschedulableMs / 2)));
    this.flushTimer.unref?.();
  }

  /** A new pending pod, or a change to one (from the informer). */
  upsert(pod: KubeObject): void {
    if (this.closed) return;
    const key = podInfoOf(pod).key;
    const flight = this.inFlight.get(key);
    // (A pod deleted and created again under the same name while the old one was in flight is new.)
    if (flight && !flight.deleted && flight.pod.metadata.uid === pod.metadata.uid) {
      flight.updated ||= changed(flight.pod, pod);
      flight.pod = pod;
      return;
    }
    const inActive = this.active.get(key) ?? this.backoff.get(key);
    if (inActive) {
      inActive.pod = pod;
      return;
    }
    const parked = this.unschedulable.get(key) ?? this.gated.get(key);
    if (parked) {
      const wasChanged = changed(parked.pod, pod);
      parked.pod = pod;
      if (!wasChanged) return;
      this.unschedulable.delete(key);
      this.gated.delete(key);
      this.enqueue(parked);
      return;
    }
    this.enqueue({ key, pod, attempts: 0, seq: 0, timestamp: this.opts.now(), backoffUntil: 0, unschedulablePlugins: new Set() });
  }

  delete(key: string): void {
    const flight = this.inFlight.get(key);
    if (flight) flight.deleted = true;
    this.active.remove(key);
    this.backoff.remove(key);
    this.unschedulable.delete(key);
    this.gated.delete(key);
  }

  /** The next pod to schedule; undefined once closed. Pair with done() or requeue(). */
  pop(): Promise<QueuedPod | undefined> {
    const q = this.take();
    if (q || this.closed) return Promise.resolve(q);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The attempt ended with the pod placed (or gone). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * The attempt failed. Rejected pods are parked as unschedulable unless something changed while they were
   * being scheduled; errors (no rejecting plugin) go to back-off.
   */
  requeue(q: QueuedPod, plugins: ReadonlySet<FilterPlugin>, error: boolean): void {
    const flight = this.inFlight.get(q.key);
    this.inFlight.delete(q.key);
    if (this.closed || flight?.deleted) return;
    if (flight) q.pod = flight.pod;
    const now = this.opts.now();
    q.timestamp = now;
    q.backoffUntil = now + this.backoffDuration(q.attempts);
    q.unschedulablePlugins = plugins;
    const moved = flight !== undefined && (this.moveRequestCycle >= flight.cycle || flight.updated);
    if (error || moved) this.toBackoff(q);
    else this.unschedulable.set(q.key, q);
  }

  /** A cluster event: retry the parked pods it could help. */
  move(event: ClusterEvent): void {
    this.moveRequestCycle = this.cycle;
    const plugins = EVENT_PLUGINS[event];
    for (const q of [...this.unschedulable.values()]) {
      if (plugins !== 'all' && q.unschedulablePlugins.size > 0 && !plugins.some((p) => q.unschedulablePlugins.has(p))) continue;
      this.unschedulable.delete(q.key);
      this.toBackoff(q);
    }
  }

  /** Nothing to schedule now or soon: parked (unschedulable, gated) pods do not count. */
  get idle(): boolean {
    return this.active.size === 0 && this.backoff.size === 0 && this.inFlight.size === 0;
  }

  get counts(): { active: number; backoff: number; unschedulable: number; gated: number; inFlight: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, gated: this.gated.size, inFlight: this.inFlight.size };
  }

  close(): void {
    this.closed = true;
    clearInterval(this.flushTimer);
    clearTimeout(this.backoffTimer);
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  /** backoff = initial × 2^(attempts−1), at most max. */
  backoffDuration(attempts: number): number {
    let d = this.opts.initialBackoffMs;
    for (let i = 1; i < attempts && d < this.opts.maxBackoffMs; i++) d *= 2;
    return Math.min(d, this.opts.maxBackoffMs);
  }

  private take(): QueuedPod | undefined {
    const q = this.active.pop();
    if (!q) return undefined;
    q.attempts++;
    this.inFlight.set(q.key, { cycle: ++this.cycle, pod: q.pod, updated: false, deleted: false });
    return q;
  }

  private enqueue(q: QueuedPod): void {
    if (hasSchedulingGates(q.pod)) {
      this.gated.set(q.key, q);
      return;
    }
    if (q.backoffUntil > this.opts.now()) return this.toBackoff(q);
    q.seq = ++this.seq;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.active.push(q);
      waiter(this.take());
    } else {
      this.active.push(q);
    }
  }

  private toBackoff(q: QueuedPod): void {
    if (q.backoffUntil <= this.opts.now()) return this.enqueue(q);
    this.backoff.push(q);
    this.armBackoffTimer();
  }

  private armBackoffTimer(): void {
    const next = this.backoff.peek();
    if (!next || next.backoffUntil >= this.backoffTimerAt) return;
    clearTimeout(this.backoffTimer);
    this.backoffTimerAt = next.backoffUntil;
    this.backoffTimer = setTimeout(() => this.flushBackoff(), Math.max(0, next.backoffUntil - this.opts.now()));
    this.backoffTimer.unref?.();
  }

  private flushBackoff(): void {
    this.backoffTimerAt = Infinity;
    const now = this.opts.now();
    for (let q = this.backoff.peek(); q && q.backoffUntil <= now; q = this.backoff.peek()) {
      this.backoff.pop();
      this.enqueue(q);
    }
    this.armBackoffTimer();
  }

  private flushUnschedulableLeftovers(): void {
    const now = this.opts.now();
    for (const q of [...this.unschedulable.values()]) {
      if (now - q.timestamp < this.opts.maxInUnschedulableMs) continue;
      this.unschedulable.delete(q.key);
      this.toBackoff(q);
    }
  }
}

function byPriorityThenAge(a: QueuedPod, b: QueuedPod): boolean {
  const pa = podInfoOf(a.pod), pb = podInfoOf(b.pod);
  if (pa.priority !== pb.priority) return pa.priority > pb.priority;
  if (pa.created !== pb.created) return pa.created < pb.created;
  return a.seq < b.seq;
}

/** An update that could change the outcome: anything but status and bookkeeping metadata. */
function changed(old: KubeObject | undefined, pod: KubeObject): boolean {
  if (!old) return true;
  if (old === pod) return false;
  return JSON.stringify(old.spec) !== JSON.stringify(pod.spec)
    || JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {})
    || JSON.stringify(old.metadata.annotations ?? {}) !== JSON.stringify(pod.metadata.annotations ?? {});
}
