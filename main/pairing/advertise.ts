// Which URLs devices should use to reach the API: what the token answer puts in the command to run.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export interface Advertised {
  servers: string[];
  warnings: string[];
}

/**
 * From the listen address: a specific host as is; for 0.0.0.0/:: every non-internal address of the
 * machine (IPv4 first); for loopback the loopback URL and a warning, since no device can reach it.
 */
export function advertisedServers(host: string, port: number, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): Advertised {
  const url = (h: string): string => `https://${h.includes(':') ? `[${h}]` : h}:${port}`;
  if (host === '' || host === '0.0.0.0' || host === '::') {
    const all = Object.values(interfaces).flatMap((list) => list ?? []).filter((i) => !i.internal && !i.address.startsWith('fe80:'));
    const v4 = all.filter((i) => i.family === 'IPv4').map((i) => i.address);
    const v6 = host === '::' ? all.filter((i) => i.family === 'IPv6').map((i) => i.address) : [];
    const servers = [...new Set([...v4, ...v6])].map(url);
    if (servers.length > 0) return { servers, warnings: [] };
    return { servers: [url('127.0.0.1')], warnings: ['this machine has no network address but loopback: devices cannot reach the API'] };
  }
  if (host === 'localhost' || host.startsWith('127.') || host === '::1') {
    return {
      servers: [url(host)],
      warnings: [`the API listens on ${host} only, which no device can reach: restart the control plane with --listen 0.0.0.0:${port} (or this machine's address), or pass the URL devices should use`],
    };
  }
  return { servers: [url(host)], warnings: [] };
}
