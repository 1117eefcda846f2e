// Apply (server-side) and its dry run, per manifest, with the API's errors turned into line errors.
import type { KubeObject } from '@api/types/meta.js';
import { ApiError, errorMessage } from '../api/api-error.js';
import { isApiError, type ApiClient } from '../api/client.js';
import { lineErrors, type LineError } from './field-lines.js';
import { diffLines, type DiffLine } from './line-diff.js';
import type { Manifest } from './manifest.js';

export interface ApplyOutcome {
  manifest: Manifest;
  result?: KubeObject;
  /** Whether the object existed before (created vs configured). */
  existed?: boolean;
  errors: LineError[];
  /** Apply conflicts with another field manager: retry with force. */
  conflict: boolean;
}

export interface DiffOutcome extends ApplyOutcome {
  lines: DiffLine[];
}

function outcomeOf(text: string, manifest: Manifest, err: unknown): ApplyOutcome {
  if (err instanceof ApiError) {
    return { manifest, errors: lineErrors(text, manifest.doc, err.status), conflict: err.code === 409 && err.causes.some((c) => c.reason === 'FieldManagerConflict') };
  }
  return { manifest, errors: [{ line: 1, message: errorMessage(err) }], conflict: false };
}

const body = (m: Manifest): string => JSON.stringify(m.object);
const ref = (m: Manifest) => ({ namespace: m.namespace, name: m.name });

export async function applyManifests(client: ApiClient, text: string, manifests: readonly Manifest[], opts: { force?: boolean } = {}): Promise<ApplyOutcome[]> {
  const out: ApplyOutcome[] = [];
  for (const m of manifests) {
    try {
      const existed = await exists(client, m);
      const result = await client.apply(m.rt, ref(m), body(m), { force: opts.force });
      out.push({ manifest: m, result, existed, errors: [], conflict: false });
    } catch (err) {
      out.push(outcomeOf(text, m, err));
    }
  }
  return out;
}

/** What apply would change: the live object against the dry-run result, as YAML lines. */
export async function dryRunDiff(client: ApiClient, text: string, manifests: readonly Manifest[], opts: { force?: boolean } = {}): Promise<DiffOutcome[]> {
  const { stringify } = await import('yaml');
  const out: DiffOutcome[] = [];
  for (const m of manifests) {
    try {
      const live = await client.get(m.rt, ref(m)).catch((err: unknown) => {
        if (isApiError(err, 404)) return undefined;
        throw err;
      });
      let conflictErrors: LineError[] = [];
      let result: KubeObject;
      try {
        result = await client.apply(m.rt, ref(m), body(m), { dryRun: true, force: opts.force });
      } catch (err) {
        // A conflict still has a diff to show: what a forced apply would change, beside the conflict.
        if (!(err instanceof ApiError) || !outcomeOf(text, m, err).conflict) throw err;
        conflictErrors = outcomeOf(text, m, err).errors;
        result = await client.apply(m.rt, ref(m), body(m), { dryRun: true, force: true });
      }
      const before = live ? stringify(comparable(live), { lineWidth: 0 }) : '';
      const after = stringify(comparable(result), { lineWidth: 0 });
      out.push({ manifest: m, result, existed: live !== undefined, errors: conflictErrors, conflict: conflictErrors.length > 0, lines: diffLines(before, after) });
    } catch (err) {
      out.push({ ...outcomeOf(text, m, err), lines: [] });
    }
  }
  return out;
}

async function exists(client: ApiClient, m: Manifest): Promise<boolean> {
  try {
    await client.get(m.rt, ref(m));
    return true;
  } catch (err) {
    if (isApiError(err, 404)) return false;
    throw err;
  }
}

/** An object without the fields every write changes (they would fill the diff with noise). */
export function comparable(obj: KubeObject): KubeObject {
  const { managedFields: _mf, resourceVersion: _rv, generation: _g, ...metadata } = obj.metadata;
  const { status: _s, ...rest } = obj;
  return { ...rest, metadata } as KubeObject;
}
