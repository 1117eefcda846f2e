// The FieldsV1 encoding of a field set, as stored in metadata.managedFields[].fieldsV1:
// {"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{}}}}}. An element mapping to {} is a
// member; "." inside a subtree marks the element holding it as a member too.
import { isObject } from '../types/meta.js';
import { FieldSet } from './field-set.js';
import { compareElements, parseElement } from './path-element.js';

/** Decodes FieldsV1; throws Error naming the problem on anything malformed. */
export function fieldSetFromFieldsV1(raw: unknown): FieldSet {
  if (!isObject(raw)) throw new Error('fieldsV1 must be a JSON object');
  const set = new FieldSet();
  readInto(set, raw);
  return set;
}

function readInto(set: FieldSet, node: Record<string, unknown>): void {
  for (const [token, value] of Object.entries(node)) {
    if (token === '.') continue; // read by the parent
    if (!isObject(value)) throw new Error(`fieldsV1: the value of ${JSON.stringify(token)} must be an object`);
    const pe = parseElement(token);
    const keys = Object.keys(value);
    if (keys.length === 0 || Object.hasOwn(value, '.')) set.members.add(pe);
    if (keys.some((k) => k !== '.')) {
      const child = set.children.get(pe) ?? new FieldSet();
      readInto(child, value);
      if (!child.isEmpty()) set.children.set(pe, child);
    }
  }
}

/** Encodes a field set as FieldsV1, elements in upstream's order. */
export function fieldSetToFieldsV1(set: FieldSet): Record<string, unknown> {
  return write(set, false);
}

function write(set: FieldSet, self: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (self) out['.'] = {};
  const elements = [...new Set([...set.members, ...set.children.keys()])].sort(compareElements);
  for (const pe of elements) {
    const child = set.children.get(pe);
    out[pe] = child && !child.isEmpty() ? write(child, set.members.has(pe)) : {};
  }
  return out;
}
