// Domain names between their wire labels and presentation strings. A label is held as a latin1 string
// (one character per byte); the presentation form escapes '.', '\' and non-printable bytes as \DDD.
import { DnsFormatError } from './message.js';

export const MAX_LABEL = 63;
export const MAX_NAME_WIRE = 255;

const NEEDS_ESCAPE = /[^\x21-\x7e]|[.\\]/;

/** A wire label (latin1) in presentation form. */
export function escapeLabel(label: string): string {
  if (!NEEDS_ESCAPE.test(label)) return label;
  let out = '';
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (c === 0x2e || c === 0x5c) out += `\\${label[i]}`;
    else if (c < 0x21 || c > 0x7e) out += `\\${String(c).padStart(3, '0')}`;
    else out += label[i];
  }
  return out;
}

/** A presentation name's labels (latin1 strings); '' is the root (no labels). Throws on an invalid name. */
export function splitLabels(name: string): string[] {
  if (name === '' || name === '.') return [];
  const labels = name.includes('\\') ? splitEscaped(name) : (name.endsWith('.') ? name.slice(0, -1) : name).split('.');
  let wire = 1;
  for (const l of labels) {
    if (l.length === 0) throw new DnsFormatError(`empty label in "${name}"`);
    if (l.length > MAX_LABEL) throw new DnsFormatError(`label longer than ${MAX_LABEL} bytes in "${name}"`);
    for (let i = 0; i < l.length; i++) if (l.charCodeAt(i) > 0xff) throw new DnsFormatError(`non-latin1 character in "${name}"`);
    wire += l.length + 1;
  }
  if (wire > MAX_NAME_WIRE) throw new DnsFormatError(`name longer than ${MAX_NAME_WIRE} bytes: "${name}"`);
  return labels;
}

function splitEscaped(name: string): string[] {
  const labels: string[] = [];
  let cur = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch === '.') {
      labels.push(cur);
      cur = '';
    } else if (ch === '\\') {
      const digits = name.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(digits)) {
        const code = Number(digits);
        if (code > 255) throw new DnsFormatError(`bad escape \\${digits} in "${name}"`);
        cur += String.fromCharCode(code);
        i += 3;
      } else if (i + 1 < name.length) {
        cur += name[++i];
      } else {
        throw new DnsFormatError(`dangling escape in "${name}"`);
      }
    } else {
      cur += ch;
    }
  }
  // A trailing (unescaped) dot marks the root and adds no label.
  if (cur !== '' || !name.endsWith('.')) labels.push(cur);
  return labels;
}

/** Whether `name` is `zone` or below it (both lowercased, without trailing dots). */
export function isInZone(name: string, zone: string): boolean {
  if (zone === '') return true;
  return name === zone || (name.length > zone.length && name.endsWith(zone) && name.charCodeAt(name.length - zone.length - 1) === 0x2e);
}
