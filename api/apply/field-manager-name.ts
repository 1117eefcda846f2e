// The field manager of a write that names none: upstream's prefixFromUserAgent, the User-Agent up to its
// first "/" ("kubectl/v1.32.5 (linux/amd64) kubernetes/abc" -> "kubectl"), printable characters only
// (Go's unicode.IsPrint), at most 128 bytes.
const MAX_BYTES = 128;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** `fieldManager` when the request gives one, else the name derived from the User-Agent. */
export function fieldManagerName(fieldManager: string | undefined, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const encoder = new TextEncoder();
  let out = '';
  let bytes = 0;
  for (const ch of (userAgent ?? '').split('/')[0]) {
    if (!PRINTABLE.test(ch)) continue;
    const size = encoder.encode(ch).length;
    if (bytes + size > MAX_BYTES) break;
    out += ch;
    bytes += size;
  }
  return out;
}
