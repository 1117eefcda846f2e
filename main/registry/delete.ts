// DELETE: preconditions, graceful deletion of pods, finalizers and propagation policies. An object with
// finalizers is only marked (deletionTimestamp) and removed by the update that clears its last finalizer.
import { BadRequestError, ConflictError, NotFoundError } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import { isObject, type KubeObject } from '../../api/types/meta.js';
import { deepEqual } from '../../api/util/deep-equal.js';
import { RevisionConflictError } from '../store/index.js';
import type { WriteContext } from './context.js';
import type { ResourceRegistry } from './resource-registry.js';
import { translateStoreError } from './store-errors.js';
import { strategyFor } from './strategies.js';
import { rfc3339 } from './system-fields.js';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface DeleteResult {
  /** The object's last state: deleted, or marked for deletion. */
  object: KubeObject;
  /** False when the object still exists (finalizers pending, or a pod waiting for its node). */
  deleted: boolean;
}

/** Reads a metav1.DeleteOptions body (kubectl sends one with every DELETE). */
export function parseDeleteOptions(body: unknown, query: URLSearchParams): DeleteOptions {
  const opts: DeleteOptions = {};
  const src = isObject(body) ? body : {};
  const grace = src.gracePeriodSeconds ?? (query.has('gracePeriodSeconds') ? Number(query.get('gracePeriodSeconds')) : undefined);
  if (grace !== undefined && grace !== null) {
    if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0) throw new BadRequestError('gracePeriodSeconds must be a non-negative integer');
    opts.gracePeriodSeconds = grace;
  }
  const policy = src.propagationPolicy ?? query.get('propagationPolicy') ?? undefined;
  const orphan = src.orphanDependents ?? (query.has('orphanDependents') ? query.get('orphanDependents') === 'true' : undefined);
  if (policy !== undefined && policy !== null) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw new BadRequestError(`propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`);
    }
    if (orphan !== undefined) throw new BadRequestError('orphanDependents and propagationPolicy cannot both be set');
    opts.propagationPolicy = policy;
  } else if (orphan !== undefined) {
    opts.propagationPolicy = orphan ? 'Orphan' : 'Background';
  }
  if (isObject(src.preconditions)) {
    const p = src.preconditions;
    opts.preconditions = { uid: typeof p.uid === 'string' ? p.uid : undefined, resourceVersion: typeof p.resourceVersion === 'string' ? p.resourceVersion : undefined };
  }
  const dry = src.dryRun ?? query.getAll('dryRun');
  if (Array.isArray(dry) && dry.length > 0) {
    if (!dry.every((d) => d === 'All')) throw new BadRequestError(`dryRun: Unsupported value: ${JSON.stringify(dry)}: supported values: "All"`);
    opts.dryRun = true;
  }
  return opts;
}

const FINALIZER_FOR: Record<PropagationPolicy, string | undefined> = { Orphan: 'orphan', Foreground: 'foregroundDeletion', Background: undefined };

export async function deleteResource(registry: ResourceRegistry, rt: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions, ctx: WriteContext): Promise<DeleteResult> {
  const { store, clock } = registry.deps;
  const key = registry.key(rt, namespace, name);
  for (let attempt = 0; ; attempt++) {
    const entry = store.get(key);
    if (!entry) throw new NotFoundError(rt.resource, rt.group, name);
    const current = entry.object;
    checkPreconditions(rt, name, current, options);
    const plan = planDeletion(rt, current, options, clock());
    if (ctx.dryRun || options.dryRun) return { object: plan.update ?? current, deleted: plan.update === undefined };
    try {
      if (plan.update && deepEqual(plan.update, current)) return { object: current, deleted: false };
      if (plan.update) {
        const marked = await store.update(key, plan.update, entry.revision);
        return { object: marked, deleted: false };
      }
      const deleted = await store.delete(key, entry.revision);
      for (const p of registry.pluginsFor(rt)) p.committed?.(rt, deleted, current, true);
      return { object: deleted, deleted: true };
    } catch (err) {
      if (err instanceof RevisionConflictError && attempt < 16 && !options.preconditions?.resourceVersion) continue;
      throw translateStoreError(err, rt, name);
    }
  }
}

function checkPreconditions(rt: ResourceType, name: string, current: KubeObject, options: DeleteOptions): void {
  const p = options.preconditions;
  if (p?.uid && p.uid !== current.metadata.uid) {
    throw new ConflictError(rt.resource, rt.group, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (p?.resourceVersion && p.resourceVersion !== current.metadata.resourceVersion) {
    throw new ConflictError(rt.resource, rt.group, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
  }
}

/** Either an update that marks the object (finalizers, grace period) or undefined for immediate removal. */
function planDeletion(rt: ResourceType, current: KubeObject, options: DeleteOptions, now: Date): { update?: KubeObject } {
  const finalizers = [...(current.metadata.finalizers ?? [])];
  const policyFinalizer = options.propagationPolicy ? FINALIZER_FOR[options.propagationPolicy] : undefined;
  const alreadyDeleting = current.metadata.deletionTimestamp !== undefined;
  if (policyFinalizer && !finalizers.includes(policyFinalizer) && !alreadyDeleting) finalizers.push(policyFinalizer);
  if (options.propagationPolicy === 'Background' || options.propagationPolicy === 'Orphan') {
    const other = options.propagationPolicy === 'Background' ? ['orphan', 'foregroundDeletion'] : ['foregroundDeletion'];
    if (!alreadyDeleting) for (const f of other) if (finalizers.includes(f) && f !== policyFinalizer) finalizers.splice(finalizers.indexOf(f), 1);
  }
  const grace = gracePeriod(rt, current, options);
  const strategy = strategyFor(rt);
  const next: KubeObject = structuredClone(current);
  next.metadata.finalizers = finalizers.length > 0 ? finalizers : undefined;
  if (next.metadata.finalizers === undefined) delete next.metadata.finalizers;
  const holding = strategy.finalizers(next);
  if (holding.length === 0 && grace === 0) return {};
  if (!alreadyDeleting) strategy.markDeleting?.(next);
  if (!alreadyDeleting) {
    next.metadata.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
    next.metadata.deletionGracePeriodSeconds = grace;
  } else if (grace < (current.metadata.deletionGracePeriodSeconds ?? 0)) {
    // A second delete may shorten the grace period (kubectl delete --grace-period=0 --force).
    next.metadata.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
    next.metadata.deletionGracePeriodSeconds = grace;
  }
  return { update: next };
}

/** Pods on a node get a grace period for their agent to stop them; everything else is removed at once. */
function gracePeriod(rt: ResourceType, current: KubeObject, options: DeleteOptions): number {
  if (!strategyFor(rt).gracefulDelete) return 0;
  const spec = (current.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (current.status as { phase?: string } | undefined)?.phase;
  // Unscheduled or finished pods have nothing to stop.
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
}
