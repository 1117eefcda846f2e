// Fields the server owns: uid, creationTimestamp, generation, generated names.
import { randomUUID, randomInt } from 'node:crypto';
import type { KubeObject, Meta } from '../../api/types/meta.js';

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 with microseconds, as metav1.MicroTime serialises. */
export function rfc3339Micro(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

// Kubernetes' alphabet for generated suffixes: no vowels (no words) and no look-alike characters.
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function generateNameSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += ALPHANUMS[randomInt(ALPHANUMS.length)];
  return s;
}

/** Names an object from metadata.generateName (prefix trimmed so the whole stays ≤ 63 characters). */
export function generatedName(prefix: string): string {
  const max = 63 - 5;
  return (prefix.length > max ? prefix.slice(0, max) : prefix) + generateNameSuffix();
}

/** Stamps the fields a create owns; clears what clients may not set. */
export function stampCreate(obj: KubeObject, now: Date, withGeneration: boolean): void {
  const m: Meta = obj.metadata;
  m.uid = randomUUID();
  m.creationTimestamp = rfc3339(now);
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
  if (withGeneration) m.generation = 1;
  else delete m.generation;
}

/** Carries server-owned metadata from the stored object into an update. */
export function carryOverForUpdate(next: KubeObject, old: KubeObject): void {
  const m = next.metadata, o = old.metadata;
  m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  if (m.resourceVersion === undefined || m.resourceVersion === '') m.resourceVersion = o.resourceVersion;
  if (o.deletionTimestamp !== undefined) m.deletionTimestamp = o.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (o.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  if (o.generation !== undefined) m.generation = o.generation;
  else delete m.generation;
  delete m.selfLink;
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
export function specOf(obj: KubeObject): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') rest[k] = v;
  return rest;
}

/** Go's omitempty: empty lists and maps in metadata are not stored (a patch that removes the last finalizer). */
export function dropEmptyMetadata(obj: KubeObject): void {
  const m = obj.metadata;
  if (m.finalizers?.length === 0) delete m.finalizers;
  if (m.ownerReferences?.length === 0) delete m.ownerReferences;
  if (m.managedFields?.length === 0) delete m.managedFields;
  if (m.labels && Object.keys(m.labels).length === 0) delete m.labels;
  if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
}
