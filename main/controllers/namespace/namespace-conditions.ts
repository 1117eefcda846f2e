// The status conditions a terminating namespace carries while the namespace controller empties it, with
// upstream's reasons and messages (pkg/controller/namespace/deletion/status_condition_utils.go). Pure.
import type { NamespaceCondition } from 'kubernetes-types/core/v1.js';

export interface ContentTotals {
  /** "pods" → instances left (group-qualified as "<resource>.<group>"). */
  remainingByResource: Map<string, number>;
  /** finalizer → instances it still holds. */
  remainingByFinalizer: Map<string, number>;
  /** One message per resource type whose content could not be deleted. */
  deleteErrors: string[];
}

export const NAMESPACE_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const OK: Record<(typeof NAMESPACE_CONDITION_TYPES)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** The failing conditions the totals call for; condition types not listed are fine. */
export function failingConditions(totals: ContentTotals): Map<string, { reason: string; message: string }> {
  const out = new Map<string, { reason: string; message: string }>();
  const counts = (m: Map<string, number>, fmt: (k: string, n: number) => string): string =>
    [...m].filter(([, n]) => n > 0).map(([k, n]) => fmt(k, n)).sort().join(', ');
  if ([...totals.remainingByResource.values()].some((n) => n > 0)) {
    out.set('NamespaceContentRemaining', { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${counts(totals.remainingByResource, (k, n) => `${k} has ${n} resource instances`)}` });
  }
  if ([...totals.remainingByFinalizer.values()].some((n) => n > 0)) {
    out.set('NamespaceFinalizersRemaining', { reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${counts(totals.remainingByFinalizer, (k, n) => `${k} in ${n} resource instances`)}` });
  }
  if (totals.deleteErrors.length > 0) {
    const msgs = [...totals.deleteErrors].sort();
    out.set('NamespaceDeletionContentFailure', { reason: 'ContentDeletionFailed', message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}` });
  }
  return out;
}

/**
 * The namespace's conditions with every deletion condition set: True with the failure's reason and
 * message, or False with the "ok" ones. lastTransitionTime moves only when the status flips.
 * Returns undefined when nothing changes.
 */
export function updateConditions(current: readonly NamespaceCondition[] | undefined, failing: Map<string, { reason: string; message: string }>, now: string): NamespaceCondition[] | undefined {
  const conditions = (current ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of NAMESPACE_CONDITION_TYPES) {
    const fail = failing.get(type);
    const want = { status: fail ? 'True' : 'False', ...(fail ?? OK[type]) };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push({ type, ...want, lastTransitionTime: now });
      changed = true;
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      if (old.status !== want.status) old.lastTransitionTime = now;
      Object.assign(old, want);
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}
