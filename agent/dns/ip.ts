// IP address text as the DNS records need it: canonical forms for index keys, the dashed labels of pod
// records (10-244-0-5, fd00--5) and reverse names (in-addr.arpa, ip6.arpa).
import { DnsFormatError } from './message.js';

/** Dotted-quad IPv4 without leading zeros (hand-parsed: it runs for addresses in answers). */
export function isIPv4(s: string): boolean {
  let parts = 0, digits = 0, value = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || ++parts > 4) return false;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) return false;
      value = value * 10 + c - 0x30;
      if (++digits > 3 || value > 255) return false;
    } else {
      return false;
    }
  }
  return parts === 4;
}

/** The canonical text of an IPv6 address (RFC 5952), or undefined if `s` is not one. */
export function canonicalIPv6(s: string): string | undefined {
  if (!s.includes(':')) return undefined;
  try {
    return compressIPv6(expandIPv6(s).map((g) => g.toString(16)));
  } catch {
    return undefined;
  }
}

/** The canonical form of an IPv4 or IPv6 address, or undefined. */
export function canonicalIP(s: string): string | undefined {
  return isIPv4(s) ? s : canonicalIPv6(s);
}

/** An address as one DNS label: dots or colons become dashes. */
export function dashedIP(ip: string): string {
  return ip.includes(':') ? ip.replace(/:/g, '-') : ip.replace(/\./g, '-');
}

/** The address a dashed pod label names, with its family, or undefined. */
export function undashIP(label: string): { ip: string; v6: boolean } | undefined {
  const v4 = label.replace(/-/g, '.');
  if (isIPv4(v4)) return { ip: v4, v6: false };
  const v6 = canonicalIPv6(label.replace(/-/g, ':'));
  return v6 ? { ip: v6, v6: true } : undefined;
}

/** The PTR owner name of an address. */
export function reverseName(ip: string): string {
  if (isIPv4(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const hex = expandIPv6(ip).map((g) => g.toString(16).padStart(4, '0')).join('');
  return `${[...hex].reverse().join('.')}.ip6.arpa`;
}

/**
 * The address a full reverse name stands for (lowercased name), or undefined for anything else: a partial
 * name (a reverse zone's inner node) or a name outside in-addr.arpa and ip6.arpa.
 */
export function parseReverseName(name: string): string | undefined {
  if (name.endsWith('.in-addr.arpa')) {
    const parts = name.slice(0, -'.in-addr.arpa'.length).split('.');
    if (parts.length !== 4) return undefined;
    const ip = parts.reverse().join('.');
    return isIPv4(ip) ? ip : undefined;
  }
  if (name.endsWith('.ip6.arpa')) {
    const nibbles = name.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || nibbles.some((n) => !/^[0-9a-f]$/.test(n))) return undefined;
    const hex = nibbles.reverse().join('');
    const groups: string[] = [];
    for (let i = 0; i < 32; i += 4) groups.push(parseInt(hex.slice(i, i + 4), 16).toString(16));
    return compressIPv6(groups);
  }
  return undefined;
}

/** RFC 5952 text: the longest run (2+) of zero groups becomes '::'. */
export function compressIPv6(groups: string[]): string {
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** An IPv6 address's eight 16-bit groups (accepts '::' and a trailing dotted IPv4). */
export function expandIPv6(address: string): number[] {
  const bad = (): DnsFormatError => new DnsFormatError(`not an IPv6 address: ${address}`);
  let text = address;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.includes('.', lastColon)) {
    const o = text.slice(lastColon + 1).split('.');
    if (o.length !== 4 || o.some((x) => !/^[0-9]{1,3}$/.test(x) || Number(x) > 255)) throw bad();
    tail.push((Number(o[0]) << 8) | Number(o[1]), (Number(o[2]) << 8) | Number(o[3]));
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) throw bad();
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw bad();
    return parseInt(g, 16);
  }));
  const head = parse(halves[0]);
  if (halves.length === 1) {
    const groups = [...head, ...tail];
    if (groups.length !== 8) throw bad();
    return groups;
  }
  const rest = parse(halves[1]);
  const zeros = 8 - head.length - rest.length - tail.length;
  if (zeros < 1) throw bad();
  return [...head, ...new Array<number>(zeros).fill(0), ...rest, ...tail];
}
