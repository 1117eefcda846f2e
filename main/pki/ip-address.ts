// IP addresses as bytes, so "::1", "0:0:0:0:0:0:0:1" and "::ffff:1.2.3.4" compare and encode reliably
// (the x509 library's own parser handles neither zones nor embedded IPv4).
import { isIP } from 'node:net';

/** The 4 or 16 address bytes, or null when `text` is not an IP address. A zone ("%eth0") is ignored. */
export function ipBytes(text: string): Buffer | null {
  const addr = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(addr);
  if (family === 4) return Buffer.from(addr.split('.').map(Number));
  if (family !== 6) return null;
  let groups = addr;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (v4) {
    const b = v4[1].split('.').map(Number);
    groups = addr.slice(0, v4.index) + `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head, tail] = groups.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const words = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  words.forEach((w, i) => out.writeUInt16BE(parseInt(w, 16), i * 2));
  return out;
}

/** Canonical text form: dotted IPv4, or eight uncompressed hex groups for IPv6. */
export function canonicalIp(text: string): string | null {
  const b = ipBytes(text);
  if (!b) return null;
  if (b.length === 4) return [...b].join('.');
  return Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2).toString(16)).join(':');
}
