// Chain names as kube-proxy's iptables mode makes them (KUBE-SVC-<hash> and so on), under a configurable
// prefix so two proxies sharing one network namespace (tests, several agents on a machine) never touch
// each other's chains. iptables allows 28 characters in a chain name.
import { createHash } from 'node:crypto';

export const DEFAULT_CHAIN_PREFIX = 'SKIFF';
export const MAX_CHAIN_NAME = 28;
/** The longest fixed suffix we use ("-EXTERNAL-SERVICES") leaves 10 characters for the prefix. */
export const MAX_PREFIX = MAX_CHAIN_NAME - '-EXTERNAL-SERVICES'.length;

export class ChainPrefixError extends Error {
  constructor(prefix: string) {
    super(`chain prefix "${prefix}" is invalid: use 1-${MAX_PREFIX} upper-case letters or digits (chain names are "<prefix>-SERVICES", "<prefix>-SVC-<hash>", ...)`);
    this.name = 'ChainPrefixError';
  }
}

/** Without a dash in the prefix, "<prefix>-" tells our chains apart from every other prefix's. */
export function validatePrefix(prefix: string): string {
  if (!/^[A-Z0-9]+$/.test(prefix) || prefix.length > MAX_PREFIX) throw new ChainPrefixError(prefix);
  return prefix;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 of the SHA-256, as kube-proxy's portProtoHash (upper case, no padding needed). */
function base32Hash(text: string): string {
  const bytes = createHash('sha256').update(text).digest();
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** Names of every chain a proxy with this prefix uses. */
export class ChainNames {
  readonly services: string;
  readonly externalServices: string;
  readonly nodePorts: string;
  readonly postrouting: string;
  readonly markMasq: string;
  readonly forward: string;
  readonly firewall: string;
  private readonly hashLength: number;

  constructor(readonly prefix: string) {
    validatePrefix(prefix);
    this.services = `${prefix}-SERVICES`;
    this.externalServices = `${prefix}-EXTERNAL-SERVICES`;
    this.nodePorts = `${prefix}-NODEPORTS`;
    this.postrouting = `${prefix}-POSTROUTING`;
    this.markMasq = `${prefix}-MARK-MASQ`;
    this.forward = `${prefix}-FORWARD`;
    this.firewall = `${prefix}-FIREWALL`;
    // kube-proxy keeps 16 hash characters; a long prefix keeps fewer (at least 13, 65 bits).
    this.hashLength = Math.min(16, MAX_CHAIN_NAME - prefix.length - '-SVC-'.length);
  }

  /** Whether a chain belongs to this prefix. */
  owns(chain: string): boolean {
    return chain.startsWith(`${this.prefix}-`);
  }

  /** Cluster-policy chain of a service port ("ns/name:port" + protocol). */
  svc(servicePort: string, protocol: string): string {
    return this.hashed('SVC', servicePort + protocol);
  }

  /** Local-policy chain (only this node's endpoints). */
  svl(servicePort: string, protocol: string): string {
    return this.hashed('SVL', servicePort + protocol);
  }

  /** External-traffic chain (NodePort, LoadBalancer, external IPs). */
  ext(servicePort: string, protocol: string): string {
    return this.hashed('EXT', servicePort + protocol);
  }

  /** Endpoint chain; also the name of its `-m recent` list for session affinity. */
  sep(servicePort: string, protocol: string, endpoint: string): string {
    return this.hashed('SEP', servicePort + protocol + endpoint);
  }

  private hashed(kind: string, text: string): string {
    return `${this.prefix}-${kind}-${base32Hash(text).slice(0, this.hashLength)}`;
  }
}
