// JSON with object keys sorted at every level, as Go's encoding/json writes a map[string]interface{}: equal
// values give equal text whatever their key order. Undefined properties are left out and undefined list items
// are written as null, as JSON.stringify does; an undefined value on its own is "null".
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
