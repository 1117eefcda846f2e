// Scalar encodings Go's decoder checks on the way in: base64 ([]byte) and RFC 3339 times (quantities are
// api/quantity's). Error texts follow upstream's, so clients see the messages they know.

/** Why `text` is not standard padded base64 (Go's []byte encoding), or undefined. */
export function base64Error(text: string): string | undefined {
  const s = text.replace(/[\r\n]/g, '');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (alnum) continue;
    // "=" pads only the last one or two places of the final quantum.
    if (c === 61 && s.length % 4 === 0 && i >= s.length - 2 && (i === s.length - 1 || s.charCodeAt(s.length - 1) === 61)) continue;
    return `illegal base64 data at input byte ${i}`;
  }
  if (s.length % 4 !== 0) return `illegal base64 data at input byte ${s.length - (s.length % 4)}`;
  return undefined;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Why `text` is not an RFC 3339 time metav1.Time would parse, or undefined. */
export function timeError(text: string): string | undefined {
  const m = RFC3339.exec(text);
  const ok = m !== null && +m[2] >= 1 && +m[2] <= 12 && +m[3] >= 1 && +m[3] <= 31 && +m[4] <= 23 && +m[5] <= 59
    && +m[6] <= 59 && (m[9] === undefined || (+m[9] <= 23 && +m[10] <= 59));
  return ok ? undefined : `parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05Z07:00": not an RFC 3339 date-time`;
}
