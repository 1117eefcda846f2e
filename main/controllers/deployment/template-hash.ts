// The pod-template-hash: a stable hash of a Deployment's pod template (and its collisionCount), encoded as upstream's
// ComputeHash encodes it (api/workloads/template-hash.ts). Upstream hashes the Go struct dump; any stable hash will
// do as long as it survives restarts, so this one hashes the template's canonical JSON (sorted keys, with empty and
// null values dropped as Kubernetes' semantic equality ignores them).
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { canonicalJson } from '../../../api/util/canonical-json.js';
import { hashTemplateText } from '../../../api/workloads/template-hash.js';
import { POD_TEMPLATE_HASH } from './types.js';

export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  return hashTemplateText(canonicalJson(semantic(template ?? {})), collisionCount);
}

/** Templates equal but for the pod-template-hash label (upstream's EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJson(semantic(withoutHash(a))) === canonicalJson(semantic(withoutHash(b)));
}

/** A copy of the template without the pod-template-hash label. */
export function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(t ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH];
  return copy;
}

/** Drops null, undefined and empty maps and lists, recursively (nil and empty compare equal in Kubernetes). */
function semantic(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(semantic);
    return items.length === 0 ? undefined : items;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const s = semantic(x);
      if (s !== undefined) out[k] = s;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === null ? undefined : v;
}
