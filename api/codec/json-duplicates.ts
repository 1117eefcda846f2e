// Duplicate keys in a JSON text, which JSON.parse silently resolves (the last one wins). The real apiserver
// refuses them under fieldValidation=Strict (`duplicate field "spec.replicas"`) and warns under Warn; this
// finds them with their field paths in one pass over text JSON.parse has already accepted.

interface ObjectFrame { object: true; path: string; keys: Set<string>; key: string; expectKey: boolean }
interface ArrayFrame { object: false; path: string; index: number }
type Frame = ObjectFrame | ArrayFrame;

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d, COMMA = 0x2c;

/** Paths of repeated keys (`metadata.labels.app`, `spec.containers[0].name`), at most `limit` of them. */
export function duplicateJsonFields(text: string, limit = 20): string[] {
  const found: string[] = [];
  const stack: Frame[] = [];
  const valuePath = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return '';
    if (top.object) return top.path === '' ? top.key : `${top.path}.${top.key}`;
    return `${top.path}[${top.index}]`;
  };
  for (let i = 0; i < text.length && found.length < limit; i++) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === BACKSLASH) { escaped = true; i++; continue; }
        if (c === QUOTE) break;
      }
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
        if (top.keys.has(key)) found.push(top.path === '' ? key : `${top.path}.${key}`);
        else top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
    } else if (ch === OPEN_OBJECT) {
      stack.push({ object: true, path: valuePath(), keys: new Set(), key: '', expectKey: true });
    } else if (ch === OPEN_ARRAY) {
      stack.push({ object: false, path: valuePath(), index: 0 });
    } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
      stack.pop();
    } else if (ch === COMMA) {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return found;
}
