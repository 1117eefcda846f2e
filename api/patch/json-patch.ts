// RFC 6902 JSON Patch (application/json-patch+json), with kube-apiserver's error answers:
// a malformed patch document is a 400 BadRequest; an operation that does not apply (a missing path, a
// failed `test`) is the 422 Invalid "the server rejected our request due to an error in our request".
import { BadRequestError, StatusError } from '../errors/status-error.js';
import { isObject } from '../types/meta.js';
import { deepEqual } from '../util/deep-equal.js';
import { arrayIndex, formatPointer, parsePointer } from './json-pointer.js';

export type JsonPatchOp = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';

export interface JsonPatchOperation {
  op: JsonPatchOp;
  path: string;
  from?: string;
  value?: unknown;
}

/** kube-apiserver's limit (maxJSONPatchOperations); more answers 413. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** The message kube-apiserver answers any patch operation failure with; clients (kubectl) print it verbatim. */
export const PATCH_NOT_APPLIED_MESSAGE = 'the server rejected our request due to an error in our request';

/** A well-formed operation that does not apply to the object. The specific reason is in the one cause. */
export class JsonPatchFailedError extends StatusError {
  constructor(readonly detail: string) {
    super(422, 'Invalid', PATCH_NOT_APPLIED_MESSAGE, {}, [{ reason: 'FieldValueInvalid', message: detail }]);
  }
}

const OPS: readonly string[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

/** Checks the shape of a decoded patch document; throws BadRequestError naming the first problem. */
export function parseJsonPatch(ops: unknown): JsonPatchOperation[] {
  if (!Array.isArray(ops)) throw new BadRequestError('json patch: the patch must be a JSON array of operations');
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new StatusError(413, 'RequestEntityTooLarge', `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`);
  }
  return ops.map((raw, i): JsonPatchOperation => {
    const where = `json patch: operation ${i}`;
    if (!isObject(raw)) throw new BadRequestError(`${where} is not a JSON object`);
    const { op, path, from } = raw;
    if (typeof op !== 'string' || !OPS.includes(op)) throw new BadRequestError(`${where}: "op" must be one of ${OPS.join(', ')} (got ${JSON.stringify(op ?? null)})`);
    if (typeof path !== 'string') throw new BadRequestError(`${where} (${op}): missing string "path"`);
    parsePointer(path);
    const out: JsonPatchOperation = { op: op as JsonPatchOp, path };
    if (op === 'move' || op === 'copy') {
      if (typeof from !== 'string') throw new BadRequestError(`${where} (${op}): missing string "from"`);
      parsePointer(from);
      out.from = from;
    }
    if (op === 'add' || op === 'replace' || op === 'test') {
      if (!Object.hasOwn(raw, 'value')) throw new BadRequestError(`${where} (${op} ${path}): missing "value"`);
      out.value = raw.value;
    }
    return out;
  });
}

/** Applies a JSON Patch to a copy of `doc` and returns the copy; `doc` and `ops` are not modified. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  let result = structuredClone(doc);
  for (const op of parseJsonPatch(ops)) result = applyOperation(result, op);
  return result;
}

function applyOperation(doc: unknown, op: JsonPatchOperation): unknown {
  const path = parsePointer(op.path);
  switch (op.op) {
    case 'add':
      return add(doc, path, structuredClone(op.value), op);
    case 'remove':
      remove(doc, path, op);
      return doc;
    case 'replace':
      if (path.length === 0) return structuredClone(op.value);
      if (lookup(doc, path) === MISSING) fail(op, `doc is missing path: "${op.path}"`);
      // Set in place: the member keeps its position among its siblings.
      (parentOf(doc, path, op) as Record<string, unknown>)[path[path.length - 1]] = structuredClone(op.value);
      return doc;
    case 'move': {
      const from = parsePointer(op.from as string);
      if (op.from === op.path) return doc;
      if (from.length < path.length && from.every((t, i) => t === path[i])) fail(op, `"from" ${op.from} is a prefix of "path"`);
      const value = lookup(doc, from);
      if (value === MISSING) fail(op, `doc is missing from path: "${op.from}"`);
      remove(doc, from, op);
      return add(doc, path, value, op);
    }
    case 'copy': {
      const value = lookup(doc, parsePointer(op.from as string));
      if (value === MISSING) fail(op, `doc is missing from path: "${op.from}"`);
      return add(doc, path, structuredClone(value), op);
    }
    case 'test': {
      const actual = lookup(doc, path);
      // As upstream (evanphx/json-patch v4): testing a missing path against null succeeds.
      const ok = actual === MISSING ? op.value === null : deepEqual(actual, op.value);
      if (!ok) throw new JsonPatchFailedError(`testing value ${op.path} failed`);
      return doc;
    }
  }
}

const MISSING = Symbol('missing');

function lookup(doc: unknown, path: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const token of path) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(token);
      if (i === undefined || i >= cur.length) return MISSING;
      cur = cur[i];
    } else if (isObject(cur) && Object.hasOwn(cur, token)) {
      cur = cur[token];
    } else {
      return MISSING;
    }
  }
  return cur;
}

function parentOf(doc: unknown, path: readonly string[], op: JsonPatchOperation): unknown {
  const parent = lookup(doc, path.slice(0, -1));
  if (parent === MISSING || (!Array.isArray(parent) && !isObject(parent))) {
    fail(op, `doc is missing path: "${formatPointer(path.slice(0, -1))}"`);
  }
  return parent;
}

function add(doc: unknown, path: readonly string[], value: unknown, op: JsonPatchOperation): unknown {
  if (path.length === 0) return value;
  const parent = parentOf(doc, path, op);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : arrayIndex(last);
    if (i === undefined || i > parent.length) fail(op, `index ${last} is out of bounds at "${op.path}"`);
    parent.splice(i, 0, value);
  } else {
    (parent as Record<string, unknown>)[last] = value;
  }
  return doc;
}

function remove(doc: unknown, path: readonly string[], op: JsonPatchOperation): void {
  if (path.length === 0) fail(op, 'cannot remove the whole document');
  const parent = parentOf(doc, path, op);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last);
    if (i === undefined || i >= parent.length) fail(op, `index ${last} is out of bounds at "${op.path}"`);
    parent.splice(i, 1);
  } else {
    const obj = parent as Record<string, unknown>;
    if (!Object.hasOwn(obj, last)) fail(op, `doc is missing path: "${formatPointer(path)}"`);
    delete obj[last];
  }
}

function fail(op: JsonPatchOperation, why: string): never {
  throw new JsonPatchFailedError(`${op.op} operation does not apply: ${why}`);
}
