// The writes the node lifecycle controller makes: taints on a Node, and pods marked not Ready when their
// node stops being Ready (upstream controllerutil.SwapNodeControllerTaint and MarkPodsNotReady).
import type { Node, PodCondition, Taint } from 'kubernetes-types/core/v1.js';
import { StatusError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import type { Transport } from '../../../client/transport.js';
import type { EventSink } from '../../registry/events.js';
import { swapTaints } from './taints.js';

const NODES = findResource('', 'v1', 'nodes')!;
const PODS = findResource('', 'v1', 'pods')!;

export const isNotFound = (err: unknown): boolean => err instanceof StatusError && err.code === 404;

/**
 * Adds and removes taints on a node (optimistic: the write carries the cached resourceVersion, so a
 * concurrent change makes it fail with a conflict and the caller retries). Returns the stored node,
 * or the given one when nothing had to change.
 */
export async function swapNodeTaints(transport: Transport, node: KubeObject, add: readonly Taint[], remove: readonly Taint[], now: string): Promise<KubeObject> {
  const spec = (node.spec ?? {}) as NonNullable<Node['spec']>;
  const taints = swapTaints(spec.taints, add, remove, now);
  if (!taints) return node;
  const next = structuredClone(node);
  next.spec = { ...spec, taints: taints.length > 0 ? taints : undefined };
  return transport.update(NODES, undefined, node.metadata.name!, next);
}

/**
 * Sets Ready=False on each pod (that has a Ready condition not already False) and records upstream's
 * "NodeNotReady" warning on it. Throws the first failure after trying every pod.
 */
export async function markPodsNotReady(transport: Transport, events: EventSink, pods: readonly KubeObject[], nodeName: string, now: string): Promise<void> {
  let failure: unknown;
  for (const pod of pods) {
    if ((pod.spec as { nodeName?: string } | undefined)?.nodeName !== nodeName) continue;
    const status = (pod.status ?? {}) as { conditions?: PodCondition[] };
    const ready = status.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False') continue;
    const next = structuredClone(pod);
    const conditions = (next.status as { conditions: PodCondition[] }).conditions;
    const c = conditions.find((x) => x.type === 'Ready')!;
    c.status = 'False';
    c.lastTransitionTime = now;
    try {
      await transport.update(PODS, pod.metadata.namespace, pod.metadata.name!, next, { subresource: 'status' });
      events.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    } catch (err) {
      if (!isNotFound(err)) failure ??= err;
    }
  }
  if (failure) throw failure;
}
