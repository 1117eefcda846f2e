// RFC 7386 JSON Merge Patch (application/merge-patch+json): objects merge recursively, null deletes,
// everything else (lists included) replaces. kubectl sends it for `scale` and for kinds without a schema.
import { BadRequestError } from '../errors/status-error.js';
import { isObject } from '../types/meta.js';

/** Merges `patch` into a copy of `obj`; inputs are not modified. The patch of an object must be an object. */
export function applyMergePatch(obj: Record<string, unknown>, patch: unknown): Record<string, unknown> {
  if (!isObject(patch)) {
    throw new BadRequestError(`merge patch: the patch must be a JSON object, got ${Array.isArray(patch) ? 'an array' : JSON.stringify(patch)}`);
  }
  return mergePatch(obj, patch) as Record<string, unknown>;
}

/** RFC 7386 MergePatch(target, patch) over any JSON values. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  // Untouched members still share structure with `target`; copy them so callers may mutate the result.
  for (const key of Object.keys(out)) if (!Object.hasOwn(patch, key)) out[key] = structuredClone(out[key]);
  return out;
}
