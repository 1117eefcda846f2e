// The Docker-link style variables a kubelet gives every container for the services it can see
// (pkg/kubelet/envvars and getServiceEnvVarMap): REDIS_MASTER_SERVICE_HOST, REDIS_MASTER_PORT_6379_TCP, …
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EnvVarValue } from './expansion.js';

/** The services whose variables every pod gets, from the default namespace. */
const MASTER_SERVICES = new Set(['kubernetes']);

const hasClusterIP = (s: Service): boolean => {
  const ip = s.spec?.clusterIP ?? '';
  return ip !== '' && ip !== 'None';
};

/** "redis-master" → "REDIS_MASTER". */
const envName = (s: string): string => s.replaceAll('-', '_').toUpperCase();

const hostPort = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

function fromService(svc: Service): EnvVarValue[] {
  const ip = svc.spec?.clusterIP ?? '';
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0) return [];
  const prefix = envName(svc.metadata?.name ?? '');
  const out: EnvVarValue[] = [
    { name: `${prefix}_SERVICE_HOST`, value: ip },
    { name: `${prefix}_SERVICE_PORT`, value: String(ports[0].port) },
  ];
  for (const p of ports) {
    if (p.name) out.push({ name: `${prefix}_SERVICE_PORT_${envName(p.name)}`, value: String(p.port) });
  }
  ports.forEach((p, i) => {
    const proto = (p.protocol || 'TCP').toLowerCase();
    const url = `${proto}://${hostPort(ip, p.port)}`;
    if (i === 0) out.push({ name: `${prefix}_PORT`, value: url }); // Docker special-cases the first port
    const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.push({ name: pp, value: url }, { name: `${pp}_PROTO`, value: proto }, { name: `${pp}_PORT`, value: String(p.port) }, { name: `${pp}_ADDR`, value: ip });
  });
  return out;
}

/**
 * The service variables for a pod in `namespace`: every service there with a cluster IP (when
 * enableServiceLinks is on), and always the `kubernetes` service of the default namespace — a service
 * of the same name in the pod's own namespace takes its place, as in the kubelet. `services` may hold
 * services of any namespace; the others are ignored.
 */
export function serviceEnvironment(services: readonly Service[], namespace: string, enableServiceLinks: boolean): EnvVarValue[] {
  const byName = new Map<string, Service>();
  for (const svc of services) {
    const name = svc.metadata?.name ?? '';
    if (!hasClusterIP(svc)) continue;
    if (svc.metadata?.namespace === 'default' && MASTER_SERVICES.has(name)) {
      if (!byName.has(name)) byName.set(name, svc);
    } else if (svc.metadata?.namespace === namespace && enableServiceLinks) {
      byName.set(name, svc);
    }
  }
  // the kubelet walks a map (random order); name order keeps the output stable
  return [...byName.keys()].sort().flatMap((name) => fromService(byName.get(name)!));
}
