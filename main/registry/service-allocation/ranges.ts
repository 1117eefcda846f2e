// The two number ranges Services draw from: an IPv4 CIDR for ClusterIPs and a port range for NodePorts,
// mapped onto offsets 0..size-1 so one allocator serves both.

export interface IPv4Range {
  /** The CIDR as configured, "10.96.0.0/12" (what error messages print). */
  cidr: string;
  /** The first allocatable address (the network address + 1) as a 32-bit number. */
  base: number;
  /** How many addresses can be allocated (network and broadcast addresses excluded). */
  size: number;
}

export interface PortRange {
  base: number;
  size: number;
  /** "30000-32767", as net.PortRange prints it. */
  text: string;
}

/** Parses dotted IPv4 into a 32-bit number; undefined unless it is exactly four decimal octets. */
export function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function numberToIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** "10.96.0.0/12" → its allocatable addresses; throws on anything but an IPv4 CIDR (a configuration error). */
export function parseServiceCidr(cidr: string): IPv4Range {
  const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(cidr);
  const ip = m ? ipv4ToNumber(m[1]) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  if (ip === undefined || !(prefix >= 1 && prefix <= 30)) throw new Error(`service CIDR ${JSON.stringify(cidr)} is not an IPv4 CIDR with a prefix of /1 to /30`);
  const total = 2 ** (32 - prefix);
  const network = ip - (ip % total);
  return { cidr: `${numberToIPv4(network)}/${prefix}`, base: network + 1, size: total - 2 };
}

/** The offset of `ip` in the range, or undefined when it lies outside (network and broadcast included). */
export function ipOffset(range: IPv4Range, ip: string): number | undefined {
  const n = ipv4ToNumber(ip);
  if (n === undefined) return undefined;
  const off = n - range.base;
  return off >= 0 && off < range.size ? off : undefined;
}

export function parsePortRange([from, to]: [number, number]): PortRange {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > 65535 || to < from) {
    throw new Error(`node port range ${from}-${to} is not a valid port range`);
  }
  return { base: from, size: to - from + 1, text: `${from}-${to}` };
}

/**
 * The low band kept for static (user-chosen) values, as upstream's calculateRangeOffset:
 * min(max(minimum, size/step), maximum); dynamic allocation prefers the rest.
 */
export function staticBand(size: number, kind: 'ip' | 'port'): number {
  const [min, max, step] = kind === 'ip' ? [16, 256, 16] : [16, 128, 32];
  const total = kind === 'ip' ? size + 2 : size;
  if (total <= min) return 0;
  return Math.min(Math.max(min, Math.floor(total / step)), max);
}
