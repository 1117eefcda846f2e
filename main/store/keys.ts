// Storage keys: /registry/<group>/<resource>/<namespace>/<name>, or without the namespace segment
// for cluster-scoped resources. The core group is spelled "core".

export interface StoreKey {
  group: string;
  resource: string;
  /** "" for cluster-scoped resources. */
  namespace: string;
  name: string;
}

/** A resource's slot in the store: "core/pods", "apps/deployments". */
export function resourceSlot(group: string, resource: string): string {
  return `${group === '' ? 'core' : group}/${resource}`;
}

export function formatKey(k: StoreKey): string {
  const slot = resourceSlot(k.group, k.resource);
  return k.namespace === '' ? `/registry/${slot}/${k.name}` : `/registry/${slot}/${k.namespace}/${k.name}`;
}

/** Inverse of formatKey, given whether the resource is namespaced. */
export function parseKey(key: string): StoreKey | undefined {
  const parts = key.split('/');
  // ['', 'registry', group, resource, ns?, name]
  if (parts[0] !== '' || parts[1] !== 'registry') return undefined;
  const group = parts[2] === 'core' ? '' : parts[2];
  if (parts.length === 5) return { group, resource: parts[3], namespace: '', name: parts[4] };
  if (parts.length === 6) return { group, resource: parts[3], namespace: parts[4], name: parts[5] };
  return undefined;
}
