// URL paths of resources, as the Kubernetes API spells them.
import type { ResourceType } from '@api/resources/registry.js';

export interface ObjectRef {
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function resourcePath(rt: ResourceType, ref: ObjectRef = {}): string {
  const prefix = rt.group === '' ? `/api/${rt.version}` : `/apis/${rt.group}/${rt.version}`;
  const ns = rt.namespaced && ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
  const name = ref.name !== undefined ? `/${encodeURIComponent(ref.name)}` : '';
  const sub = ref.name !== undefined && ref.subresource ? `/${ref.subresource}` : '';
  return `${prefix}${ns}/${rt.resource}${name}${sub}`;
}

export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s === '' ? path : `${path}?${s}`;
}
