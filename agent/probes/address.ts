// Turning a probe's port and host into an address, as pkg/probe/util.go (ResolveContainerPort) does.
import type { ContainerPort } from 'kubernetes-types/core/v1.js';
import { MAX_OUTPUT_BYTES, ProbeError, type ProbeTarget } from './types.js';

/** A port number, or a name looked up in the container's ports (a numeric string also works, as upstream). */
export function resolvePort(port: number | string | undefined, ports: ContainerPort[] | undefined): number {
  let n: number;
  if (typeof port === 'number') n = port;
  else if (typeof port === 'string') {
    const named = ports?.find((p) => p.name === port);
    if (named) n = named.containerPort;
    else if (/^[+-]?\d+$/.test(port)) n = Number(port);
    else throw new ProbeError(`port "${port}" is not a number and no container port has that name`);
  } else throw new ProbeError('probe has no port');
  if (!Number.isInteger(n) || n <= 0 || n >= 65536) throw new ProbeError(`invalid port number: ${n}`);
  return n;
}

/** The probe's host, or the pod's IP when it names none. */
export function resolveHost(host: string | undefined, target: ProbeTarget): string {
  if (host) return host;
  const ip = target.podIP();
  if (!ip) throw new ProbeError('the pod has no IP address yet');
  return ip;
}

/** net.JoinHostPort: brackets around IPv6 literals. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's %q for the strings upstream quotes in its messages (close enough: JSON escapes the same characters). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** At most MAX_OUTPUT_BYTES of `data` as text (a cut multi-byte character becomes U+FFFD). */
export function capOutput(data: Buffer | string): string {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  return buf.subarray(0, MAX_OUTPUT_BYTES).toString('utf8');
}

/** Socket error codes that mean the connection could not be made. */
export const DIAL_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN']);

/** The message Go's net package gives a failed dial (`dial tcp 10.0.0.5:80: connect: connection refused`). */
export function dialError(host: string, port: number, err: unknown): string {
  const code = (err as { code?: string }).code;
  const addr = joinHostPort(host, port);
  switch (code) {
    case 'ECONNREFUSED': return `dial tcp ${addr}: connect: connection refused`;
    case 'EHOSTUNREACH': return `dial tcp ${addr}: connect: no route to host`;
    case 'ENETUNREACH': return `dial tcp ${addr}: connect: network is unreachable`;
    case 'EADDRNOTAVAIL': return `dial tcp ${addr}: connect: cannot assign requested address`;
    case 'ECONNRESET': return `read tcp ${addr}: read: connection reset by peer`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `dial tcp: lookup ${host}: no such host`;
    default: return `dial tcp ${addr}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
