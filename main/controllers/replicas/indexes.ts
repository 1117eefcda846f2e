// Informer indexes the workload controllers share: objects by the UID of their controller, orphans by namespace,
// and anything by namespace. Adding the same index twice to a shared informer is harmless (same name, same function).
import type { KubeObject } from '../../../api/types/meta.js';
import { controllerOf } from '../../../api/workloads/owners.js';
import type { Informer } from '../../../client/informer.js';

export const BY_CONTROLLER_UID = 'workloads:controllerUid';
export const ORPHANS_BY_NAMESPACE = 'workloads:orphansByNamespace';
export const BY_NAMESPACE = 'workloads:namespace';

/** Adds the controller-UID and orphan indexes to an informer of owned objects (pods, ReplicaSets). */
export function indexOwned(informer: Informer): void {
  informer.addIndex(BY_CONTROLLER_UID, (o) => {
    const ref = controllerOf(o);
    return ref ? [ref.uid] : [];
  });
  informer.addIndex(ORPHANS_BY_NAMESPACE, (o) => (controllerOf(o) ? [] : [o.metadata.namespace ?? '']));
}

export function indexByNamespace(informer: Informer): void {
  informer.addIndex(BY_NAMESPACE, (o) => [o.metadata.namespace ?? '']);
}

/** The objects `owner` controls plus the orphans of its namespace: everything it may claim. */
export function claimCandidates(informer: Informer, owner: KubeObject): KubeObject[] {
  return [...informer.byIndex(BY_CONTROLLER_UID, owner.metadata.uid ?? ''), ...informer.byIndex(ORPHANS_BY_NAMESPACE, owner.metadata.namespace ?? '')];
}

/** Whether an ownerReference's apiVersion is in `group` ("apps/v1" → apps, "v1" → core). */
export function refInGroup(apiVersion: string, group: string): boolean {
  const slash = apiVersion.indexOf('/');
  return (slash < 0 ? '' : apiVersion.slice(0, slash)) === group;
}
