// kube-scheduler's default profile, run beside the controllers: pending pods this scheduler is responsible
// for are popped from the scheduling queue one at a time, placed by filtering and scoring nodes in the
// scheduler cache, assumed on the chosen node at once (so the next decision sees the reservation) and
// bound asynchronously through pods/binding, a bounded number at a time. A pod that fits nowhere keeps
// PodScheduled=False/Unschedulable with kubectl's familiar message and a FailedScheduling event, and is
// retried when a node or pod event could make room.
import type { Node } from 'kubernetes-types/core/v1.js';
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { podCondition } from '../../api/workloads/pods.js';
import type { Informer } from '../../client/informer.js';
import type { ControllerContext, ControllerFactory, RunnableController } from '../controllers/context.js';
import type { EventSink } from '../registry/events.js';
import { rfc3339 } from '../registry/system-fields.js';
import { schedulePod, type AlgorithmState } from './algorithm.js';
import { SchedulerCache } from './cache.js';
import { truncateMessage } from './fit-error.js';
import { assignedNode, isResponsibleFor, isTerminated, podInfoOf, type PodInfo } from './pod-info.js';
import { SchedulingQueue, type ClusterEvent, type QueuedPod } from './queue.js';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;

export const SCHEDULER_NAME = 'default-scheduler';
export const SCHEDULER_FIELD_MANAGER = 'kube-scheduler';

export interface SchedulerOptions {
  /** Parked pods are retried after this long without an event (upstream: 5 minutes). */
  podMaxInUnschedulableMs?: number;
  /** Per-pod back-off after a failed attempt, doubling per attempt (upstream: 1 s to 10 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Bindings in flight at once. */
  bindConcurrency?: number;
  /** 0 = adaptive (upstream's default): 50% of 100 nodes, falling to 5% of large clusters, at least 100 nodes. */
  percentageOfNodesToScore?: number;
  /** Tie-breaking between equally scored nodes (tests may fix it). */
  random?: () => number;
}

const DEFAULTS: Required<SchedulerOptions> = {
  podMaxInUnschedulableMs: 300_000,
  initialBackoffMs: 1_000,
  maxBackoffMs: 10_000,
  bindConcurrency: 16,
  percentageOfNodesToScore: 0,
  random: Math.random,
};

type Reason = 'Unschedulable' | 'SchedulerError';

export class Scheduler implements RunnableController {
  readonly name = 'scheduler';
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  private readonly opts: Required<SchedulerOptions>;
  private readonly pods: Informer;
  private readonly events: EventSink;
  private readonly algorithm: AlgorithmState;
  private readonly pending = new Set<Promise<void>>();
  private readonly slotWaiters: (() => void)[] = [];
  private binding = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;
  scheduled = 0;
  failed = 0;

  constructor(private readonly ctx: ControllerContext, options: SchedulerOptions = {}) {
    this.opts = { ...DEFAULTS, ...options };
    this.algorithm = { nextStart: 0, percentageOfNodesToScore: this.opts.percentageOfNodesToScore, random: this.opts.random };
    this.events = ctx.events(SCHEDULER_NAME);
    this.queue = new SchedulingQueue({
      initialBackoffMs: this.opts.initialBackoffMs,
      maxBackoffMs: this.opts.maxBackoffMs,
      maxInUnschedulableMs: this.opts.podMaxInUnschedulableMs,
      now: () => ctx.clock().getTime(),
    });
    this.pods = ctx.informers.informerFor(PODS);
    this.pods.addEventHandler({
      onAdd: (p) => this.podAdded(p),
      onUpdate: (o, p) => this.podUpdated(o, p),
      onDelete: (p) => this.podDeleted(p),
    });
    ctx.informers.informerFor(NODES).addEventHandler({
      onAdd: (n) => this.nodeAdded(n),
      onUpdate: (o, n) => this.nodeUpdated(o, n),
      onDelete: (n) => this.cache.removeNode(n.metadata.name ?? ''),
    });
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.close();
    for (const w of this.slotWaiters.splice(0)) w();
    await this.loop;
    await Promise.allSettled([...this.pending]);
  }

  get idle(): boolean {
    return this.queue.idle && this.binding === 0 && this.pending.size === 0;
  }

  // ---- informer events: only record and enqueue here (they run in the store's commit path)

  private podAdded(pod: KubeObject): void {
    if (assignedNode(pod)) {
      if (!isTerminated(pod)) this.cache.addPod(pod);
      this.queue.delete(podInfoOf(pod).key);
    } else if (this.wants(pod)) {
      this.queue.upsert(pod);
    }
  }

  private podUpdated(old: KubeObject, pod: KubeObject): void {
    if (!assignedNode(pod)) {
      if (this.wants(pod)) this.queue.upsert(pod);
      else this.queue.delete(podInfoOf(pod).key);
      return;
    }
    if (!assignedNode(old)) this.queue.delete(podInfoOf(pod).key);
    if (isTerminated(pod)) {
      if (!isTerminated(old) && assignedNode(old)) {
        this.cache.removePod(old);
        this.queue.move('AssignedPodDelete');
      }
      return;
    }
    this.cache.addPod(pod);
  }

  private podDeleted(pod: KubeObject): void {
    if (assignedNode(pod)) {
      this.cache.removePod(pod);
      if (!isTerminated(pod)) this.queue.move('AssignedPodDelete');
    } else {
      this.queue.delete(podInfoOf(pod).key);
    }
  }

  private wants(pod: KubeObject): boolean {
    return isResponsibleFor(pod) && !isTerminated(pod) && pod.metadata.deletionTimestamp == null;
  }

  private nodeAdded(node: KubeObject): void {
    this.cache.setNode(node as KubeObject & Node);
    this.queue.move('NodeAdd');
  }

  private nodeUpdated(old: KubeObject, node: KubeObject): void {
    this.cache.setNode(node as KubeObject & Node);
    for (const e of nodeChanges(old as KubeObject & Node, node as KubeObject & Node)) this.queue.move(e);
  }

  // ---- the scheduling loop

  private async run(): Promise<void> {
    let lastYield = performance.now();
    while (!this.stopped) {
      while (this.binding >= this.opts.bindConcurrency && !this.stopped) await new Promise<void>((r) => this.slotWaiters.push(r));
      const q = await this.queue.pop();
      if (!q) return;
      try {
        this.scheduleOne(q);
      } catch (err) {
        this.ctx.log.error({ pod: q.key, err: err instanceof Error ? err.message : String(err) }, 'scheduling attempt failed');
        this.queue.requeue(q, new Set(), true);
      }
      // Decisions are synchronous: let watch events and bindings in between now and then.
      if (performance.now() - lastYield > 20) {
        await new Promise((r) => setImmediate(r));
        lastYield = performance.now();
      }
    }
  }

  private scheduleOne(q: QueuedPod): void {
    const pod = this.pods.get(q.key);
    if (!pod || pod.metadata.uid !== q.pod.metadata.uid || assignedNode(pod) || !this.wants(pod)) {
      this.queue.done(q.key);
      return;
    }
    const pi = podInfoOf(pod);
    const started = performance.now();
    const decision = schedulePod(pi, this.cache, this.algorithm);
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    if (decision.node === undefined) {
      this.failed++;
      this.queue.requeue(q, decision.plugins, false);
      this.ctx.log.debug({ pod: pi.key, evaluated: decision.evaluated, ms, reason: decision.message }, 'unable to schedule pod; waiting');
      this.reportFailure(pod, 'Unschedulable', decision.message);
      return;
    }
    this.cache.assume(pi, decision.node);
    this.ctx.log.debug({ pod: pi.key, node: decision.node, evaluated: decision.evaluated, feasible: decision.feasible, ms }, 'pod assumed');
    this.binding++;
    this.track(this.bind(q, pi, decision.node).finally(() => {
      this.binding--;
      this.slotWaiters.shift()?.();
    }));
  }

  private async bind(q: QueuedPod, pi: PodInfo, node: string): Promise<void> {
    const binding: KubeObject = {
      apiVersion: 'v1', kind: 'Binding',
      metadata: { name: pi.name, namespace: pi.namespace, uid: pi.uid },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    };
    try {
      await this.ctx.transport.create(PODS, pi.namespace, binding, { subresource: 'binding', name: pi.name, fieldManager: SCHEDULER_FIELD_MANAGER });
    } catch (err) {
      this.cache.forget(pi.uid);
      // The reservation is gone: pods waiting for room may fit now.
      this.queue.move('AssignedPodDelete');
      const current = this.pods.get(pi.key);
      const message = `running Bind plugin "DefaultBinder": ${err instanceof Error ? err.message : String(err)}`;
      this.ctx.log.info({ pod: pi.key, node, err: message }, 'binding failed');
      if (!current || current.metadata.uid !== pi.uid || assignedNode(current) || !this.wants(current)) {
        this.queue.done(q.key);
        return;
      }
      this.queue.requeue(q, new Set(), true);
      this.reportFailure(current, 'SchedulerError', message);
      return;
    }
    this.queue.done(q.key);
    this.scheduled++;
    this.events.record(pi.pod, 'Normal', 'Scheduled', `Successfully assigned ${pi.namespace}/${pi.name} to ${node}`);
  }

  /** FailedScheduling event, and PodScheduled=False on the pod unless it already says exactly that. */
  private reportFailure(pod: KubeObject, reason: Reason, message: string): void {
    this.events.record(pod, 'Warning', 'FailedScheduling', truncateMessage(message));
    const current = podCondition(pod, 'PodScheduled');
    if (current?.status === 'False' && current.reason === reason && current.message === message) return;
    const now = rfc3339(this.ctx.clock());
    const condition = {
      type: 'PodScheduled', status: 'False', lastProbeTime: null,
      lastTransitionTime: current?.status === 'False' && current.lastTransitionTime ? current.lastTransitionTime : now,
      reason, message,
    };
    const patch = { metadata: { uid: pod.metadata.uid }, status: { conditions: [condition] } };
    this.track(this.ctx.transport.patch(PODS, pod.metadata.namespace, pod.metadata.name!, 'strategic', patch, { subresource: 'status', fieldManager: SCHEDULER_FIELD_MANAGER })
      .then(() => undefined, (err: unknown) => {
        this.ctx.log.debug({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, err: err instanceof Error ? err.message : String(err) }, 'pod condition not updated');
      }));
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}

/** The cluster events a node update amounts to, for retrying parked pods. */
export function nodeChanges(old: KubeObject & Node, node: KubeObject & Node): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  const differ = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
  if (differ(old.status?.allocatable, node.status?.allocatable)) events.push('NodeAllocatableChange');
  if (differ(old.metadata.labels, node.metadata.labels)) events.push('NodeLabelChange');
  if (differ(old.spec?.taints, node.spec?.taints)) events.push('NodeTaintChange');
  if ((old.spec?.unschedulable === true) !== (node.spec?.unschedulable === true)) events.push('NodeSchedulableChange');
  return events;
}

/** The scheduler with options (timings for tests, concurrency, sampling). */
export function schedulerWith(options: SchedulerOptions = {}): ControllerFactory {
  return (ctx) => new Scheduler(ctx, options);
}

/** kube-scheduler's default profile with upstream's timings. */
export const schedulerController: ControllerFactory = schedulerWith();
