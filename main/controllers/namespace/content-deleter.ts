// Empties a terminating namespace (upstream namespaced_resources_deleter.go): pods first, then every other
// namespaced kind served, each listed live, deleted with background propagation, and listed again to see
// what remains — objects held by finalizers, pods waiting for their node to stop them.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { StatusError } from '../../../api/errors/status-error.js';
import { RESOURCE_TYPES, type ResourceType } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import type { Transport } from '../../../client/transport.js';
import type { ContentTotals } from './namespace-conditions.js';

/** Namespaced kinds the controller can list and delete. */
export const CONTENT_TYPES: readonly ResourceType[] = RESOURCE_TYPES.filter((rt) => rt.namespaced && rt.verbs.includes('list') && rt.verbs.includes('delete'));

const isPods = (rt: ResourceType): boolean => rt.group === '' && rt.resource === 'pods';
/** Upstream's guess at how long finalizers take, when nothing better is known. */
const FINALIZER_ESTIMATE_SECONDS = 15;

export interface DeletionResult extends ContentTotals {
  /** Seconds until the remaining content should be gone; 0 when nothing remains. */
  estimateSeconds: number;
}

/** "/v1, Resource=pods": how Go prints a GroupVersionResource in upstream's messages. */
const gvrString = (rt: ResourceType): string => `${rt.group}/${rt.version}, Resource=${rt.resource}`;

export async function deleteAllContent(transport: Transport, namespace: string, deletedAt: Date, now: Date): Promise<DeletionResult> {
  const result: DeletionResult = { estimateSeconds: 0, remainingByResource: new Map(), remainingByFinalizer: new Map(), deleteErrors: [] };
  const pods = CONTENT_TYPES.find(isPods);
  // Pods go first, so nothing they use (secrets, service accounts) disappears under them.
  const order = pods ? [[pods], CONTENT_TYPES.filter((rt) => !isPods(rt))] : [CONTENT_TYPES];
  for (const group of order) {
    for (const rt of group) {
      try {
        const left = await deleteAllOf(transport, rt, namespace, deletedAt, now);
        result.estimateSeconds = Math.max(result.estimateSeconds, left.estimateSeconds);
        if (left.remaining > 0) result.remainingByResource.set(`${rt.resource}.${rt.group}`, left.remaining);
        for (const [f, n] of left.finalizers) result.remainingByFinalizer.set(f, (result.remainingByFinalizer.get(f) ?? 0) + n);
      } catch (err) {
        result.deleteErrors.push(err instanceof Error ? err.message : String(err));
      }
    }
    if (result.remainingByResource.size > 0 || result.deleteErrors.length > 0) break;
  }
  return result;
}

interface Leftover {
  estimateSeconds: number;
  remaining: number;
  finalizers: Map<string, number>;
}

async function deleteAllOf(transport: Transport, rt: ResourceType, namespace: string, deletedAt: Date, now: Date): Promise<Leftover> {
  const before = (await transport.list(rt, namespace)).items;
  let estimate = isPods(rt) ? podTerminationEstimate(before, deletedAt, now) : 0;
  for (const obj of before) {
    if (obj.metadata.deletionTimestamp !== undefined) continue;
    try {
      await transport.delete(rt, namespace, obj.metadata.name!, { propagationPolicy: 'Background', preconditions: { uid: obj.metadata.uid } });
    } catch (err) {
      // Already gone, or replaced since the list: the next pass sees the newcomer.
      if (!(err instanceof StatusError && (err.code === 404 || err.code === 409))) throw err;
    }
  }
  if (before.length === 0) return { estimateSeconds: 0, remaining: 0, finalizers: new Map() };
  const after = (await transport.list(rt, namespace)).items;
  if (after.length === 0) return { estimateSeconds: 0, remaining: 0, finalizers: new Map() };
  const finalizers = new Map<string, number>();
  for (const obj of after) for (const f of obj.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
  if (estimate === 0 && finalizers.size > 0) estimate = FINALIZER_ESTIMATE_SECONDS;
  if (estimate === 0) {
    // Nothing explains why they are still here (a pod long past its grace period on a silent node).
    throw new Error(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(rt)}`);
  }
  return { estimateSeconds: estimate, remaining: after.length, finalizers };
}

/** The longest grace period of the pods still running, unless that much time has passed already. */
function podTerminationEstimate(pods: readonly KubeObject[], deletedAt: Date, now: Date): number {
  let estimate = 0;
  for (const pod of pods) {
    const p = pod as unknown as Pod;
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    estimate = Math.max(estimate, p.spec?.terminationGracePeriodSeconds ?? 0);
  }
  return now.getTime() - deletedAt.getTime() >= estimate * 1000 ? 0 : estimate;
}
