// Renders bad values the way apimachinery's field.Error prints them (fmt %q, %v and %#v), so a message
// reads exactly like a real cluster's: `Invalid value: map[string]string{"app":"web"}: ...`.
import type { LabelSelector } from '../types/meta.js';

/** A value already rendered in Go syntax. */
export class GoValue {
  constructor(readonly text: string) {}
}

/** Go's strconv.Quote for the characters manifests contain. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\x07': out += '\\a'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      case '\v': out += '\\v'; break;
      default:
        if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
        else if (c >= 0x80 && c < 0xa0) out += `\\u${c.toString(16).padStart(4, '0')}`;
        else out += ch;
    }
  }
  return out + '"';
}

/** map[string]string as %#v prints it: keys sorted, nil distinct from empty. */
export function goStringMap(m: unknown): GoValue {
  if (m === undefined || m === null || typeof m !== 'object') return new GoValue('map[string]string(nil)');
  const entries = Object.entries(m as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new GoValue(`map[string]string{${entries.map(([k, v]) => `${goQuote(k)}:${goQuote(String(v))}`).join(', ')}}`);
}

export function goStringSlice(values: unknown): GoValue {
  if (!Array.isArray(values)) return new GoValue('[]string(nil)');
  return new GoValue(`[]string{${values.map((v) => goQuote(String(v))).join(', ')}}`);
}

/** *metav1.LabelSelector as %#v prints it in immutability errors. */
export function goLabelSelector(sel: LabelSelector | undefined | null): GoValue {
  if (!sel) return new GoValue('(*v1.LabelSelector)(nil)');
  const exprs = sel.matchExpressions;
  const rendered = Array.isArray(exprs)
    ? `[]v1.LabelSelectorRequirement{${exprs.map((e) =>
      `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${goStringSlice(e.values).text}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoValue(`v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels).text}, MatchExpressions:${rendered}}`);
}

/** intstr.IntOrString prints through its String() method. */
export function goIntOrString(v: unknown): GoValue {
  return new GoValue(v === undefined || v === null ? '0' : String(v));
}

/** %v/%q rendering of plain JSON values; objects fall back to compact JSON. */
export function renderGoValue(value: unknown): string {
  if (value instanceof GoValue) return value.text;
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return goStringSlice(value).text;
  return JSON.stringify(value);
}
