// Where an API error points in the YAML the user wrote: a StatusCause's field path
// ("spec.template.spec.containers[0].name") or a strict-decoding message ('unknown field "spec.foo"')
// resolved to a line of the document, so the editor can mark that line.
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { Status } from '@api/types/meta.js';

export type PathSegment = string | number;

export interface LineError {
  /** 1-based line in the editor's text. */
  line: number;
  message: string;
  field?: string;
}

/** "a.b[0].c", "metadata.labels[app.kubernetes.io/name]" → ["a","b",0,"c"], [..., "app.kubernetes.io/name"]. */
export function parseFieldPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = path.startsWith('.') ? 1 : 0;
  let cur = '';
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      if (cur !== '') out.push(cur);
      cur = '';
      i++;
    } else if (ch === '[') {
      if (cur !== '') out.push(cur);
      cur = '';
      const close = path.indexOf(']', i);
      const inner = close < 0 ? path.slice(i + 1) : path.slice(i + 1, close);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner.replace(/^"|"$/g, ''));
      i = close < 0 ? path.length : close + 1;
    } else {
      cur += ch;
      i++;
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

/**
 * The offset of the deepest node on `path` that exists in the document: the key of the last map entry
 * found, or the last list item. A missing field points at its parent's key.
 */
export function offsetOfPath(doc: Document, path: readonly PathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as YamlNode).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** The fields a Status names: its causes' fields, else those quoted in a strict-decoding message. */
export function fieldsOfStatus(status: Status): { field: string; message: string }[] {
  const causes = status.details?.causes ?? [];
  const withField = causes.filter((c) => c.field);
  if (withField.length > 0) return withField.map((c) => ({ field: c.field!.replace(/^\./, ''), message: c.message ?? status.message ?? '' }));
  const out: { field: string; message: string }[] = [];
  const re = /(unknown|duplicate) field "([^"]+)"/g;
  for (const m of (status.message ?? '').matchAll(re)) out.push({ field: m[2].replace(/^\./, ''), message: `${m[1]} field "${m[2]}"` });
  return out;
}

/** Line errors for a failed apply of `doc` (one document of `text`); falls back to the document's first line. */
export function lineErrors(text: string, doc: Document, status: Status): LineError[] {
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lineAt(text, offset));
  const fields = fieldsOfStatus(status);
  if (fields.length === 0) return [{ line: lineOf(doc.contents?.range?.[0]), message: status.message ?? 'the request failed' }];
  return fields.map((f) => ({
    line: lineOf(offsetOfPath(doc, parseFieldPath(f.field))),
    message: f.message.includes(f.field) ? f.message : `${f.field}: ${f.message}`,
    field: f.field,
  }));
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
