// The DaemonSet controller (kube-controller-manager's "daemonset-controller"): one pod per eligible node.
// Events on pods and ControllerRevisions map to their DaemonSet through the controller ownerReference (or,
// for orphans, to DaemonSets whose selector matches them); node changes wake the DaemonSets whose placement
// they change. The reconcile itself is in sync.ts.
import type { Node } from 'kubernetes-types/core/v1.js';
import { findResource } from '../../../api/resources/registry.js';
import { selectorFromLabelSelector } from '../../../api/selectors/index.js';
import type { KubeObject, OwnerReference } from '../../../api/types/meta.js';
import { controllerOf } from '../../../api/workloads/owners.js';
import { Controller } from '../../../client/controller.js';
import { objectKey } from '../../../client/keys.js';
import type { ControllerContext, ControllerFactory, RunnableController } from '../context.js';
import { Expectations } from '../expectations.js';
import type { DaemonSetObject } from './daemon-pod.js';
import { FailedPodBackoff } from './failed-pod-backoff.js';
import { nodeShouldRunDaemonPod } from './node-eligibility.js';
import { DaemonSetSync, NAMESPACE_INDEX } from './sync.js';

const DAEMONSETS = findResource('apps', 'v1', 'daemonsets')!;
const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;
const REVISIONS = findResource('apps', 'v1', 'controllerrevisions')!;

export interface DaemonSetControllerOptions {
  workers?: number;
  /** Most pods created or deleted per sync (upstream: 250). */
  burstReplicas?: number;
  /** First delay before replacing a failed pod again on the same node; doubles up to failedPodMaxBackoffMs. */
  failedPodBackoffMs?: number;
  failedPodMaxBackoffMs?: number;
}

export function daemonSetControllerWith(opts: DaemonSetControllerOptions = {}): ControllerFactory {
  return (ctx) => createDaemonSetController(ctx, opts);
}

/** The DaemonSet controller with upstream's settings. */
export const daemonSetController: ControllerFactory = daemonSetControllerWith();

function createDaemonSetController(ctx: ControllerContext, opts: DaemonSetControllerOptions): RunnableController {
  const daemonSets = ctx.informers.informerFor(DAEMONSETS);
  const pods = ctx.informers.informerFor(PODS);
  const nodes = ctx.informers.informerFor(NODES);
  const revisions = ctx.informers.informerFor(REVISIONS);
  const byNamespace = (o: KubeObject): string[] => [o.metadata.namespace ?? ''];
  for (const inf of [daemonSets, pods, revisions]) inf.addIndex(NAMESPACE_INDEX, byNamespace);

  const expectations = new Expectations(() => ctx.clock().getTime());
  const backoff = new FailedPodBackoff(opts.failedPodBackoffMs ?? 1000, opts.failedPodMaxBackoffMs ?? 15 * 60_000);
  const log = ctx.log.child({ controller: 'daemonset' });
  const syncer = new DaemonSetSync({
    transport: ctx.transport, daemonSets, pods, nodes, revisions, events: ctx.events('daemonset-controller'),
    expectations, backoff, clock: ctx.clock, burstReplicas: opts.burstReplicas ?? 250, log,
  });
  const controller = new Controller({ name: 'daemonset', workers: opts.workers ?? 2, reconcile: (key) => syncer.sync(key), log });
  const enqueue = (ds: KubeObject): void => controller.enqueue(objectKey(ds));
  const allDaemonSets = (): DaemonSetObject[] => daemonSets.list() as DaemonSetObject[];

  /** The DaemonSet an ownerReference names, if it is a DaemonSet we know with that uid. */
  const resolve = (namespace: string | undefined, ref: OwnerReference | undefined): DaemonSetObject | undefined => {
    if (!ref || ref.kind !== 'DaemonSet') return undefined;
    const ds = daemonSets.get(`${namespace}/${ref.name}`);
    return ds?.metadata.uid === ref.uid ? ds as DaemonSetObject : undefined;
  };
  /** DaemonSets in the object's namespace whose (non-empty) selector matches it: who might adopt an orphan. */
  const selecting = (obj: KubeObject): DaemonSetObject[] =>
    (daemonSets.byIndex(NAMESPACE_INDEX, obj.metadata.namespace ?? '') as DaemonSetObject[]).filter((ds) => {
      const sel = selectorFromLabelSelector(ds.spec?.selector);
      return !sel.empty() && sel.matches(obj.metadata.labels);
    });
  const sameLabels = (a: KubeObject, b: KubeObject): boolean => JSON.stringify(a.metadata.labels ?? {}) === JSON.stringify(b.metadata.labels ?? {});
  const sameRef = (a: OwnerReference | undefined, b: OwnerReference | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

  /**
   * A pod or revision changed (upstream's updatePod / updateHistory): wake the DaemonSet that controlled it
   * before, if that changed, and the one that controls it now; an orphan whose labels or owner changed wakes
   * the DaemonSets that might adopt it.
   */
  const ownedUpdated = (old: KubeObject, cur: KubeObject): void => {
    const curRef = controllerOf(cur), oldRef = controllerOf(old);
    const refChanged = !sameRef(curRef, oldRef);
    if (refChanged && oldRef) {
      const prev = resolve(old.metadata.namespace, oldRef);
      if (prev) enqueue(prev);
    }
    if (curRef) {
      const ds = resolve(cur.metadata.namespace, curRef);
      if (ds) enqueue(ds);
      return;
    }
    if (refChanged || !sameLabels(old, cur)) for (const ds of selecting(cur)) enqueue(ds);
  };

  daemonSets.addEventHandler({
    onAdd: enqueue,
    onUpdate: (old, cur) => {
      if (old.metadata.uid !== cur.metadata.uid) expectations.delete(objectKey(old));
      enqueue(cur);
    },
    onDelete: (ds) => {
      expectations.delete(objectKey(ds));
      enqueue(ds);
    },
  });

  const podDeleted = (pod: KubeObject): void => {
    const ds = resolve(pod.metadata.namespace, controllerOf(pod));
    if (!ds) return;
    expectations.deletionObserved(objectKey(ds), pod.metadata.uid);
    enqueue(ds);
  };
  pods.addEventHandler({
    onAdd: (pod) => {
      if (pod.metadata.deletionTimestamp !== undefined) return podDeleted(pod);
      const ref = controllerOf(pod);
      if (ref) {
        const ds = resolve(pod.metadata.namespace, ref);
        if (!ds) return;
        expectations.creationObserved(objectKey(ds));
        return enqueue(ds);
      }
      for (const ds of selecting(pod)) enqueue(ds);
    },
    onUpdate: (old, cur) => {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      // A graceful deletion starts: act now, not when the kubelet finally removes the pod.
      if (cur.metadata.deletionTimestamp !== undefined) return podDeleted(cur);
      // A pod turning ready becomes available minReadySeconds later: the sync this triggers schedules that.
      ownedUpdated(old, cur);
    },
    onDelete: podDeleted,
  });

  revisions.addEventHandler({
    onAdd: (cr) => {
      const ref = controllerOf(cr);
      if (ref) {
        const ds = resolve(cr.metadata.namespace, ref);
        if (ds && cr.metadata.deletionTimestamp !== undefined) enqueue(ds);
        return;
      }
      for (const ds of selecting(cr)) enqueue(ds);
    },
    onUpdate: (old, cur) => {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      ownedUpdated(old, cur);
    },
    onDelete: (cr) => {
      const ds = resolve(cr.metadata.namespace, controllerOf(cr));
      if (ds) enqueue(ds);
    },
  });

  nodes.addEventHandler({
    onAdd: (node) => {
      for (const ds of allDaemonSets()) if (nodeShouldRunDaemonPod(node as Node, ds).shouldRun) enqueue(ds);
    },
    onUpdate: (old, cur) => {
      const o = old as Node, c = cur as Node;
      if (JSON.stringify(o.metadata?.labels ?? {}) === JSON.stringify(c.metadata?.labels ?? {}) &&
        JSON.stringify(o.spec?.taints ?? []) === JSON.stringify(c.spec?.taints ?? [])) return;
      for (const ds of allDaemonSets()) {
        const before = nodeShouldRunDaemonPod(o, ds), after = nodeShouldRunDaemonPod(c, ds);
        if (before.shouldRun !== after.shouldRun || before.shouldContinueRunning !== after.shouldContinueRunning) enqueue(ds);
      }
    },
    // Upstream leaves this to the pod garbage collector; we clean up the departed node's daemon pods ourselves.
    onDelete: () => {
      for (const ds of allDaemonSets()) enqueue(ds);
    },
  });

  let gcTimer: NodeJS.Timeout | undefined;
  return {
    name: 'daemonset-controller',
    start() {
      controller.start();
      gcTimer = setInterval(() => backoff.gc(ctx.clock().getTime()), 60_000);
      gcTimer.unref?.();
    },
    async stop() {
      clearInterval(gcTimer);
      await controller.stop();
    },
    get idle() {
      return controller.idle;
    },
  };
}
