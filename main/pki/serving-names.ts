// Which names and addresses the API serving certificate must cover, and whether a certificate does.
import { hostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { x509 } from './x509.js';
import { canonicalIp, ipBytes } from './ip-address.js';

export interface HostList {
  dnsNames: string[];
  ipAddresses: string[];
}

/** What the defaults are computed from; the real machine unless a caller passes another. */
export interface MachineNames {
  hostname: string;
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

export function currentMachine(): MachineNames {
  return { hostname: hostname(), interfaces: networkInterfaces() };
}

/** localhost, the machine's hostname, 127.0.0.1, ::1 and every non-internal interface address. */
export function defaultServingHosts(machine: MachineNames = currentMachine()): string[] {
  const hosts = ['localhost', machine.hostname, '127.0.0.1', '::1'];
  for (const infos of Object.values(machine.interfaces)) {
    for (const info of infos ?? []) if (!info.internal) hosts.push(info.address);
  }
  return hosts;
}

/** Sorts hosts into DNS names and IPs, canonical and without duplicates; drops names a certificate cannot hold. */
export function splitHosts(hosts: Iterable<string>): HostList {
  const dns = new Set<string>();
  const ips = new Set<string>();
  for (const raw of hosts) {
    const host = raw.trim();
    const ip = canonicalIp(host);
    if (ip) ips.add(ip);
    else if (isDnsName(host.toLowerCase())) dns.add(host.toLowerCase());
  }
  return { dnsNames: [...dns], ipAddresses: [...ips] };
}

/** The hosts a certificate's subjectAltName does not cover (exact match; we never issue wildcards). */
export function uncoveredHosts(cert: x509.X509Certificate, hosts: Iterable<string>): string[] {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const dns = new Set<string>();
  const ips = new Set<string>();
  for (const name of san?.names.items ?? []) {
    if (name.type === 'dns') dns.add(name.value.toLowerCase());
    if (name.type === 'ip') ips.add(canonicalIp(name.value) ?? name.value);
  }
  const wanted = splitHosts(hosts);
  return [...wanted.dnsNames.filter((d) => !dns.has(d)), ...wanted.ipAddresses.filter((ip) => !ips.has(ip))];
}

/** True for the unspecified addresses a server listens on to mean "every interface". */
export function isWildcardHost(host: string): boolean {
  const b = ipBytes(host);
  return host === '' || (b !== null && b.every((x) => x === 0));
}

function isDnsName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && /^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/.test(name);
}
