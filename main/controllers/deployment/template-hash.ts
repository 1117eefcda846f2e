// The pod-template-hash: a stable hash of a Deployment's pod template (and its collisionCount), encoded as upstream's
// ComputeHash encodes it (FNV-32a, decimal, then rand.SafeEncodeString). Upstream hashes the Go struct dump; any
// stable hash will do as long as it survives restarts, so this one hashes the template's canonical JSON (sorted
// keys, with empty and null values dropped as Kubernetes' semantic equality ignores them).
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { POD_TEMPLATE_HASH } from './types.js';

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  const bytes = new TextEncoder().encode(canonicalJson(semantic(template ?? {})));
  let h = fnv32a(bytes, 0x811c9dc5);
  if (collisionCount !== undefined && collisionCount !== null) {
    const c = new Uint8Array(4);
    new DataView(c.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(c, h);
  }
  return safeEncode(String(h));
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

function fnv32a(bytes: Uint8Array, seed: number): number {
  let h = seed;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
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

function canonicalJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
