// Owner references as the garbage collector reads and rewrites them (pkg/controller/garbagecollector).
// Pure: no I/O.
import { RESOURCE_TYPES, type ResourceType } from '../../../api/resources/registry.js';
import { parseApiVersion, type KubeObject, type OwnerReference } from '../../../api/types/meta.js';

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return (obj.metadata.finalizers ?? []).includes(finalizer);
}

export function ownerRefsOf(obj: KubeObject): OwnerReference[] {
  return obj.metadata.ownerReferences ?? [];
}

/** Being deleted, waiting for its blocking dependents to go first (foreground deletion). */
export function isDeletingDependents(obj: KubeObject): boolean {
  return obj.metadata.deletionTimestamp !== undefined && hasFinalizer(obj, FINALIZER_FOREGROUND);
}

/** The served resource an owner reference points at, by API group and kind; undefined for a kind not served. */
export function resourceForOwner(ref: OwnerReference): ResourceType | undefined {
  const { group } = parseApiVersion(ref.apiVersion);
  return RESOURCE_TYPES.find((rt) => rt.group === group && rt.kind === ref.kind);
}

/** Upstream's objectReference.String(): "[apps/v1/ReplicaSet, namespace: ns, name: web, uid: …]". */
export function describeOwner(ref: OwnerReference, namespace: string): string {
  return `[${ref.apiVersion}/${ref.kind}, namespace: ${namespace}, name: ${ref.name}, uid: ${ref.uid}]`;
}

/**
 * A strategic merge patch removing the references to `ownerUids`, guarded by the object's uid. Removing
 * the last one drops the field (as Go's omitempty would show it), guarded by the resourceVersion too,
 * since that form would also drop a reference added meanwhile.
 */
export function deleteOwnerRefsPatch(obj: KubeObject, ownerUids: readonly string[]): Record<string, unknown> {
  const { uid, resourceVersion } = obj.metadata;
  if (ownerRefsOf(obj).every((r) => ownerUids.includes(r.uid))) return { metadata: { uid, resourceVersion, ownerReferences: null } };
  return { metadata: { uid, ownerReferences: ownerUids.map((u) => ({ $patch: 'delete', uid: u })) } };
}

/** A strategic merge patch setting blockOwnerDeletion=false on every blocking reference (breaks foreground cycles). */
export function unblockOwnerRefsPatch(obj: KubeObject): Record<string, unknown> {
  const refs = ownerRefsOf(obj).filter((r) => r.blockOwnerDeletion === true).map((r) => ({ uid: r.uid, blockOwnerDeletion: false }));
  return { metadata: { uid: obj.metadata.uid, ownerReferences: refs } };
}

/** Do two lists of references differ (added, removed, or changed in any field)? */
export function ownerRefsChanged(a: readonly OwnerReference[], b: readonly OwnerReference[]): boolean {
  if (a.length !== b.length) return true;
  return a.some((r) => {
    const o = b.find((x) => x.uid === r.uid);
    return !o || o.apiVersion !== r.apiVersion || o.kind !== r.kind || o.name !== r.name || o.controller !== r.controller || o.blockOwnerDeletion !== r.blockOwnerDeletion;
  });
}

/** References in `before` that are gone from `after` or stopped blocking: their owners may be unblocked. */
export function unblockedOwners(before: readonly OwnerReference[], after: readonly OwnerReference[]): string[] {
  return before
    .filter((r) => r.blockOwnerDeletion === true)
    .filter((r) => after.find((x) => x.uid === r.uid)?.blockOwnerDeletion !== true)
    .map((r) => r.uid);
}
