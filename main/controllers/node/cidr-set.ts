// The cluster CIDR cut into equal node subnets (upstream nodeipam/ipam/cidrset): subnet i of
// 10.244.0.0/16 with /24 masks is 10.244.i.0/24. Pure: which subnets are taken is the caller's business.
import { parseIP } from '../../../api/validation/ip.js';

export interface CidrRange {
  /** The cluster CIDR as given. */
  cidr: string;
  family: 4 | 6;
  /** Network address of the cluster CIDR. */
  base: bigint;
  clusterPrefix: number;
  nodePrefix: number;
  /** How many node subnets fit. */
  count: number;
}

/** Upstream refuses node masks more than 16 bits longer than the cluster's (a set that large is unusable). */
const MAX_SUBNET_BITS = 16;

export function parseClusterCidr(cidr: string, nodePrefix: number): CidrRange {
  const slash = cidr.indexOf('/');
  const bytes = slash > 0 ? parseIP(cidr.slice(0, slash)) : undefined;
  const prefix = slash > 0 ? Number(cidr.slice(slash + 1)) : NaN;
  if (!bytes) throw new Error(`invalid cluster CIDR ${JSON.stringify(cidr)}`);
  const bits = bytes.length * 8;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) throw new Error(`invalid cluster CIDR ${JSON.stringify(cidr)}`);
  if (!Number.isInteger(nodePrefix) || nodePrefix < prefix || nodePrefix > bits) {
    throw new Error(`node CIDR mask size /${nodePrefix} does not fit cluster CIDR ${cidr}`);
  }
  if (nodePrefix - prefix > MAX_SUBNET_BITS) throw new Error(`node CIDR mask size /${nodePrefix} is too large for cluster CIDR ${cidr}: at most ${MAX_SUBNET_BITS} bits more`);
  const addr = toBigInt(bytes);
  const hostBits = BigInt(bits - prefix);
  const base = (addr >> hostBits) << hostBits;
  return { cidr, family: bytes.length === 4 ? 4 : 6, base, clusterPrefix: prefix, nodePrefix, count: 2 ** (nodePrefix - prefix) };
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function hostBits(r: CidrRange): bigint {
  return BigInt((r.family === 4 ? 32 : 128) - r.nodePrefix);
}

/** The i-th node subnet, e.g. "10.244.3.0/24". */
export function subnetAt(r: CidrRange, i: number): string {
  const addr = r.base + (BigInt(i) << hostBits(r));
  return `${r.family === 4 ? formatV4(addr) : formatV6(addr)}/${r.nodePrefix}`;
}

/** Which subnet a CIDR is, or undefined when it is not exactly one of the range's node subnets. */
export function subnetIndex(r: CidrRange, cidr: string): number | undefined {
  const slash = cidr.indexOf('/');
  const bytes = slash > 0 ? parseIP(cidr.slice(0, slash)) : undefined;
  if (!bytes || (bytes.length === 4 ? 4 : 6) !== r.family || Number(cidr.slice(slash + 1)) !== r.nodePrefix) return undefined;
  const addr = toBigInt(bytes);
  const offset = addr - r.base;
  const step = 1n << hostBits(r);
  if (offset < 0n || offset % step !== 0n) return undefined;
  const i = Number(offset / step);
  return i < r.count ? i : undefined;
}

/** The first free subnet at or after `from`, wrapping around (upstream allocates round-robin). */
export function firstFree(r: CidrRange, used: ReadonlySet<number>, from: number): number | undefined {
  for (let n = 0; n < r.count; n++) {
    const i = (from + n) % r.count;
    if (!used.has(i)) return i;
  }
  return undefined;
}

function formatV4(a: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((a >> s) & 0xffn)).join('.');
}

function formatV6(a: bigint): string {
  const words = Array.from({ length: 8 }, (_, i) => Number((a >> BigInt(112 - i * 16)) & 0xffffn));
  // Compress the longest run of two or more zero words (RFC 5952).
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
