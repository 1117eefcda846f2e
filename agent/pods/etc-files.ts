// The files a kubelet manages inside every container of a pod: /etc/resolv.conf (per dnsPolicy) and
// /etc/hosts (localhost, the pod's own name and address, hostAliases). Written into the pod's directory and
// bind-mounted, so every container of the pod sees the same ones.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import { podDnsConfig, formatResolvConf } from '../dns/index.js';
import type { Mount } from '../runtime/types.js';
import type { PodDeps } from './deps.js';

interface HostsSpec {
  hostname?: string;
  subdomain?: string;
  hostNetwork?: boolean;
  hostAliases?: { ip: string; hostnames?: string[] }[];
}

export function hostsFile(pod: KubeObject, podIP: string | undefined, clusterDomain: string): string {
  const spec = pod.spec as HostsSpec;
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  const hostname = spec.hostname ?? pod.metadata.name!;
  if (podIP) {
    const fqdn = spec.subdomain ? `${hostname}.${spec.subdomain}.${pod.metadata.namespace}.svc.${clusterDomain}\t` : '';
    lines.push(`${podIP}\t${fqdn}${hostname}`);
  }
  if (spec.hostAliases?.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of spec.hostAliases) lines.push(`${a.ip}\t${(a.hostnames ?? []).join('\t')}`);
  }
  return lines.join('\n') + '\n';
}

/** Writes the pod's resolv.conf and hosts; returns the mounts and the DNS warnings to record. */
export async function writeEtcFiles(deps: PodDeps, pod: KubeObject, podDir: string, podIP: string | undefined): Promise<{ mounts: Mount[]; warnings: { reason: string; message: string }[] }> {
  const spec = pod.spec as HostsSpec;
  const dns = podDnsConfig(pod as unknown as Pod, { nameserver: deps.dns.nameserver, clusterDomain: deps.dns.clusterDomain, hostResolvConf: deps.dns.hostResolvConf });
  const resolv = join(podDir, 'resolv.conf');
  await writeFile(resolv, formatResolvConf(dns), { mode: 0o644 });
  const mounts: Mount[] = [{ hostPath: resolv, containerPath: '/etc/resolv.conf', readOnly: false }];
  if (!spec.hostNetwork) {
    const hosts = join(podDir, 'etc-hosts');
    await writeFile(hosts, hostsFile(pod, podIP, deps.dns.clusterDomain), { mode: 0o644 });
    mounts.push({ hostPath: hosts, containerPath: '/etc/hosts', readOnly: false });
  }
  return { mounts, warnings: dns.warnings };
}
