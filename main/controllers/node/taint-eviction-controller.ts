// Taint-based eviction (pkg/controller/tainteviction, "taint-eviction-controller"): a pod on a node with
// NoExecute taints it does not tolerate is deleted at once; one that tolerates them all for a while
// (tolerationSeconds) is deleted when the shortest of those runs out, counted from when the controller
// first saw it tainted; a toleration without tolerationSeconds keeps it forever. Evictions add the
// DisruptionTarget condition first and record TaintManagerEviction events, as upstream.
import type { Pod, PodCondition, Taint } from 'kubernetes-types/core/v1.js';
import { StatusError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { matchingTolerations } from '../../../api/workloads/tolerations.js';
import { Controller } from '../../../client/controller.js';
import { objectKey, splitKey } from '../../../client/keys.js';
import { rfc3339 } from '../../registry/system-fields.js';
import type { ControllerFactory } from '../context.js';
import { minTolerationSeconds } from './taints.js';

const NODES = findResource('', 'v1', 'nodes')!;
const PODS = findResource('', 'v1', 'pods')!;
const POD_NODE_INDEX = 'taint-eviction/node';

interface Scheduled {
  /** When the controller first decided this pod must go (ms). */
  createdAt: number;
  triggerAt: number;
  /** Pending until it fires (timers may fire a little early by the wall clock: then it is set again). */
  timer?: NodeJS.Timeout;
}

const nodeNameOf = (pod: KubeObject): string => (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
const noExecuteTaints = (node: KubeObject | undefined): Taint[] => ((node?.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === 'NoExecute');
const sameTaints = (a: Taint[], b: Taint[]): boolean => a.length === b.length && a.every((t, i) => t.key === b[i].key && t.value === b[i].value);

export const taintEvictionController: ControllerFactory = (ctx) => {
  const nodes = ctx.informers.informerFor(NODES);
  const pods = ctx.informers.informerFor(PODS);
  const events = ctx.events('taint-eviction-controller');
  const log = ctx.log.child({ controller: 'taint-eviction' });
  const scheduled = new Map<string, Scheduled>();

  pods.addIndex(POD_NODE_INDEX, (p) => (nodeNameOf(p) ? [nodeNameOf(p)] : []));
  const controller = new Controller({ name: 'taint-eviction', reconcile, log, workers: 2 });
  const enqueuePodsOn = (nodeName: string): void => {
    for (const p of pods.byIndex(POD_NODE_INDEX, nodeName)) controller.enqueue(objectKey(p));
  };

  nodes.addEventHandler({
    onAdd: (n) => { if (noExecuteTaints(n).length > 0) enqueuePodsOn(n.metadata.name!); },
    onUpdate: (o, n) => { if (!sameTaints(noExecuteTaints(o), noExecuteTaints(n))) enqueuePodsOn(n.metadata.name!); },
    onDelete: (n) => enqueuePodsOn(n.metadata.name!),
  });
  pods.addEventHandler({
    onAdd: (p) => { if (nodeNameOf(p)) controller.enqueue(objectKey(p)); },
    onUpdate: (o, p) => {
      const changed = nodeNameOf(o) !== nodeNameOf(p) || (o.metadata.deletionTimestamp === undefined) !== (p.metadata.deletionTimestamp === undefined)
        || JSON.stringify((o.spec as Pod['spec'])?.tolerations) !== JSON.stringify((p.spec as Pod['spec'])?.tolerations);
      if (changed) controller.enqueue(objectKey(p));
    },
    onDelete: (p) => cancel(objectKey(p), undefined),
  });

  /** Drops a scheduled eviction; upstream tells the pod ("Cancelling deletion of Pod ns/name"). */
  function cancel(key: string, pod: KubeObject | undefined): void {
    const s = scheduled.get(key);
    if (!s) return;
    clearTimeout(s.timer);
    scheduled.delete(key);
    if (pod) events.record(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  async function reconcile(key: string): Promise<void> {
    const pod = pods.get(key);
    if (!pod || pod.metadata.deletionTimestamp !== undefined) return cancel(key, undefined);
    const taints = noExecuteTaints(nodes.get(nodeNameOf(pod)));
    if (!nodeNameOf(pod) || taints.length === 0) return cancel(key, pod);
    const now = ctx.clock().getTime();
    const { allTolerated, used } = matchingTolerations(taints, (pod.spec as Pod['spec'])?.tolerations);
    if (!allTolerated) {
      cancel(key, undefined);
      return evict(key, pod, taints);
    }
    const seconds = minTolerationSeconds(used);
    if (seconds < 0) return cancel(key, pod);
    const existing = scheduled.get(key);
    const createdAt = existing?.createdAt ?? now;
    const triggerAt = createdAt + seconds * 1000;
    if (triggerAt <= now) {
      cancel(key, undefined);
      return evict(key, pod, taints);
    }
    if (existing?.triggerAt === triggerAt && existing.timer) return;
    clearTimeout(existing?.timer);
    // A plain timer, not the queue's: a pending eviction minutes away is not work in progress.
    const entry: Scheduled = { createdAt, triggerAt };
    entry.timer = setTimeout(() => { entry.timer = undefined; controller.enqueue(key); }, triggerAt - now + 1);
    entry.timer.unref();
    scheduled.set(key, entry);
    if (!existing) log.debug({ pod: key, seconds }, 'pod eviction scheduled');
  }

  async function evict(key: string, pod: KubeObject, taints: Taint[]): Promise<void> {
    const { namespace, name } = splitKey(key);
    events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    const condition: PodCondition = {
      type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: rfc3339(ctx.clock()),
    };
    try {
      await ctx.transport.patch(PODS, namespace, name, 'strategic', { metadata: { uid: pod.metadata.uid }, status: { conditions: [condition] } }, { subresource: 'status' });
      await ctx.transport.delete(PODS, namespace, name, { preconditions: { uid: pod.metadata.uid } });
      log.info({ pod: key, node: nodeNameOf(pod), taints: taints.map((t) => `${t.key}:${t.effect}`) }, 'pod evicted for NoExecute taint');
    } catch (err) {
      // Gone, or replaced by another pod of the same name: nothing left to evict.
      if (err instanceof StatusError && (err.code === 404 || err.code === 409)) return;
      throw err;
    }
  }

  return {
    name: 'taint-eviction',
    start: () => controller.start(),
    async stop(): Promise<void> {
      for (const s of scheduled.values()) clearTimeout(s.timer);
      scheduled.clear();
      await controller.stop();
    },
    get idle() { return controller.idle; },
  };
};
