// Runs a manifest through what the API server does on create/update: defaults, create-time strategy,
// then validation. Returns "field: message" strings, the way kubectl prints each cause.
import { parse } from 'yaml';
import type { KubeObject, StatusCause } from '../../../../api/types/meta.js';
import { findKind, type ResourceType } from '../../../../api/resources/registry.js';
import { applyDefaults, prepareForCreate } from '../../../../api/defaults/index.js';
import { validateCreate, validateUpdate } from '../../../../api/validation/index.js';

export function typeOf(obj: KubeObject): ResourceType {
  const t = findKind(obj.apiVersion, obj.kind);
  if (!t) throw new Error(`unserved kind ${obj.apiVersion} ${obj.kind}`);
  return t;
}

export function manifest(yaml: string, namespace = 'default'): KubeObject {
  const obj = parse(yaml) as KubeObject;
  obj.metadata ??= {};
  if (typeOf(obj).namespaced) obj.metadata.namespace ??= namespace;
  return obj;
}

export function render(causes: StatusCause[]): string[] {
  return causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message ?? ''));
}

/** Defaults and validates a new object as a create request would. */
export function create(obj: KubeObject): string[] {
  const type = typeOf(obj);
  obj.metadata.uid ??= '6a1b2c3d-0000-4000-8000-000000000001';
  applyDefaults(obj, type);
  prepareForCreate(obj, type);
  return render(validateCreate(obj, type));
}

/** Defaults `next` and validates it as an update of `prev` (already created and stored). */
export function update(next: KubeObject, prev: KubeObject): string[] {
  const type = typeOf(next);
  applyDefaults(next, type);
  next.metadata.resourceVersion ??= prev.metadata.resourceVersion ?? '1';
  next.metadata.uid ??= prev.metadata.uid;
  return render(validateUpdate(next, prev, type));
}

export function stored(obj: KubeObject): KubeObject {
  const errs = create(obj);
  if (errs.length > 0) throw new Error(`fixture is invalid: ${errs.join('; ')}`);
  obj.metadata.resourceVersion = '1';
  return obj;
}

export const clone = <T>(v: T): T => structuredClone(v);
