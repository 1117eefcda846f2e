// Reading a Secret or ConfigMap a pod refers to (from env or a volume), with the `optional` rule and
// the kubelet's wording when it is missing: `secret "db" not found`.
import { StatusError } from '../../api/errors/status-error.js';

export class ReferencedObjectError extends Error {
  override readonly name = 'ReferencedObjectError';
}

/** undefined for a missing optional object; ReferencedObjectError for a missing required one or any other failure. */
export async function fetchReferenced<T>(get: () => Promise<T>, kind: 'secret' | 'configmap', name: string, optional: boolean): Promise<T | undefined> {
  try {
    return await get();
  } catch (err) {
    if (!(err instanceof StatusError && err.code === 404)) throw new ReferencedObjectError(err instanceof Error ? err.message : String(err));
    if (optional) return undefined;
    throw new ReferencedObjectError(`${kind} "${name}" not found`);
  }
}
