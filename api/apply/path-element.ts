// One step of a field path, spelled as in upstream's FieldsV1 encoding (sigs.k8s.io/structured-merge-diff
// fieldpath): `f:<field>`, `k:<JSON of the key fields>` for an item of a list-map, `v:<JSON value>` for an item
// of a set, `i:<index>` for an item of a list that has neither. The spelling is canonical (keys sorted), so two
// elements are equal exactly when their strings are.
import { isObject } from '../types/meta.js';

export type PathElement = string;
export type FieldPath = readonly PathElement[];

export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** The element of a list-map item, from its key fields (sorted by name). */
export function keyElement(fields: Readonly<Record<string, unknown>>): PathElement {
  return `k:${canonicalJSON(fields)}`;
}

export function valueElement(value: unknown): PathElement {
  return `v:${canonicalJSON(value)}`;
}

export function indexElement(index: number): PathElement {
  return `i:${index}`;
}

/** JSON with object keys sorted, so equal values have equal text. */
export function canonicalJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJSON(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Reads an element as written in FieldsV1 (any key order); throws on anything else. */
export function parseElement(token: string): PathElement {
  const body = token.slice(2);
  switch (token.slice(0, 2)) {
    case 'f:':
      return token;
    case 'k:': {
      const fields: unknown = JSON.parse(body);
      if (!isObject(fields)) throw new Error(`key element ${token} is not a JSON object`);
      return keyElement(fields);
    }
    case 'v:':
      return valueElement(JSON.parse(body));
    case 'i:':
      if (!/^(0|[1-9][0-9]*)$/.test(body)) throw new Error(`index element ${token} is not an index`);
      return token;
  }
  throw new Error(`unknown path element ${JSON.stringify(token)}`);
}

const KIND_ORDER = 'fkvi';

/** Upstream's order of elements: fields, then keys, values, indexes; each by its content. */
export function compareElements(a: PathElement, b: PathElement): number {
  const ka = KIND_ORDER.indexOf(a[0]), kb = KIND_ORDER.indexOf(b[0]);
  if (ka !== kb) return ka - kb;
  switch (a[0]) {
    case 'f':
      return a < b ? -1 : a > b ? 1 : 0;
    case 'i':
      return Number(a.slice(2)) - Number(b.slice(2));
    case 'k': {
      const fa = Object.entries(JSON.parse(a.slice(2)) as Record<string, unknown>);
      const fb = Object.entries(JSON.parse(b.slice(2)) as Record<string, unknown>);
      for (let i = 0; i < Math.min(fa.length, fb.length); i++) {
        const c = fa[i][0] < fb[i][0] ? -1 : fa[i][0] > fb[i][0] ? 1 : compareValues(fa[i][1], fb[i][1]);
        if (c !== 0) return c;
      }
      return fa.length - fb.length;
    }
    default:
      return compareValues(JSON.parse(a.slice(2)), JSON.parse(b.slice(2)));
  }
}

function rank(v: unknown): number {
  return typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : Array.isArray(v) ? 3 : isObject(v) ? 4 : 5;
}

function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = canonicalJSON(a), sb = canonicalJSON(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Upstream's human form of a path, as in conflict messages: `.spec.containers[name="web"].image`. */
export function formatPath(path: FieldPath): string {
  return path.map((pe) => {
    const body = pe.slice(2);
    switch (pe[0]) {
      case 'f':
        return `.${body}`;
      case 'i':
        return `[${body}]`;
      case 'v':
        return `[=${body}]`;
      default:
        return `[${Object.entries(JSON.parse(body) as Record<string, unknown>).map(([k, v]) => `${k}=${canonicalJSON(v)}`).join(',')}]`;
    }
  }).join('');
}
