// IP and CIDR checks with the messages of apimachinery's validation/ip.go. Parsing follows Go's
// netutils.ParseIPSloppy (leading zeros in IPv4 octets are accepted).
import { invalid, type Cause } from './field-error.js';

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** Returns 16 bytes for IPv6 (and IPv4-in-IPv6 forms), 4 bytes for IPv4, undefined if unparseable. */
export function parseIP(s: string): number[] | undefined {
  if (!s.includes(':')) return parseIPv4(s);
  let head = s;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    head = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if (!left || !right) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...left, ...new Array<number>(missing).fill(0), ...right];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

export function isIPv6String(s: string): boolean {
  const ip = parseIP(s);
  return ip !== undefined && ip.length === 16 && !isV4Mapped(ip);
}

function isV4Mapped(b: number[]): boolean {
  return b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
}

export function isValidIP(field: string, value: string): Cause[] {
  return parseIP(value) ? [] : [invalid(field, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

export function isValidIPv4Address(field: string, value: string): Cause[] {
  const ip = parseIP(value);
  return ip && (ip.length === 4 || isV4Mapped(ip)) ? [] : [invalid(field, value, 'must be a valid IPv4 address')];
}

export function isValidIPv6Address(field: string, value: string): Cause[] {
  const ip = parseIP(value);
  return ip && ip.length === 16 && !isV4Mapped(ip) ? [] : [invalid(field, value, 'must be a valid IPv6 address')];
}

export function isValidCIDR(field: string, value: string): Cause[] {
  const slash = value.indexOf('/');
  const ip = slash > 0 ? parseIP(value.slice(0, slash)) : undefined;
  const bits = slash > 0 ? value.slice(slash + 1) : '';
  const max = ip?.length === 4 ? 32 : 128;
  const ok = ip !== undefined && /^[0-9]{1,3}$/.test(bits) && Number(bits) <= max;
  return ok ? [] : [invalid(field, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

/** ValidateNonSpecialIP: endpoints and external IPs may not be unspecified, loopback or link-local. */
export function validateNonSpecialIP(value: string, field: string): Cause[] {
  const raw = parseIP(value);
  if (!raw) return [invalid(field, value, 'must be a valid IP address')];
  const v4 = raw.length === 4 ? raw : isV4Mapped(raw) ? raw.slice(12) : undefined;
  const errs: Cause[] = [];
  const unspecified = v4 ? v4.every((b) => b === 0) : raw.every((b) => b === 0);
  const loopback = v4 ? v4[0] === 127 : raw.slice(0, 15).every((b) => b === 0) && raw[15] === 1;
  const linkLocal = v4 ? v4[0] === 169 && v4[1] === 254 : raw[0] === 0xfe && (raw[1] & 0xc0) === 0x80;
  const linkLocalMulticast = v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : raw[0] === 0xff && (raw[1] & 0x0f) === 0x02;
  if (unspecified) errs.push(invalid(field, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalid(field, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal) errs.push(invalid(field, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) errs.push(invalid(field, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}
