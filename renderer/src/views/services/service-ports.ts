// A Service's ports as kubectl prints them ("80:30001/TCP") and, for NodePorts, the URL that opens them
// on the machine serving the GUI (every node answers on its NodePorts, this one included).
import type { Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '@api/types/meta.js';

export interface PortView {
  text: string;
  /** http(s)://host:nodePort when the service has a NodePort for this port. */
  url?: string;
}

export function servicePorts(obj: KubeObject, host: string): PortView[] {
  const svc = obj as unknown as Service;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return (svc.spec?.ports ?? []).map((p) => {
    const proto = p.protocol ?? 'TCP';
    if (p.nodePort) {
      const scheme = p.port === 443 || p.name === 'https' ? 'https' : 'http';
      return { text: `${p.port}:${p.nodePort}/${proto}`, url: proto === 'TCP' ? `${scheme}://${hostPart}:${p.nodePort}/` : undefined };
    }
    return { text: `${p.port}/${proto}` };
  });
}

export function serviceType(obj: KubeObject): string {
  return (obj as unknown as Service).spec?.type ?? 'ClusterIP';
}

export function clusterIp(obj: KubeObject): string {
  return (obj as unknown as Service).spec?.clusterIP ?? '';
}
