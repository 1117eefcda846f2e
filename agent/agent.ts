// The node agent, put together: API transport, the Docker runtime, the Node and its Lease, the pod
// network (once the node has a podCIDR), and the pod manager with its volumes, env, probes and events.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { findResource } from '../api/resources/registry.js';
import { HttpTransport } from '../client/http-transport.js';
import { Informer } from '../client/informer.js';
import { loadKubeconfig } from '../client/kubeconfig.js';
import { CniNetwork } from './cni/cni.js';
import { AgentEventRecorder } from './events.js';
import { createAgentLogger, type Logger } from './logger.js';
import { NodeAgent } from './node/node-agent.js';
import { machineFacts } from './node/node-info.js';
import { Backoff, KUBELET_BACKOFF, type BackoffConfig } from './pods/backoff.js';
import type { PodDeps } from './pods/deps.js';
import { PodManager } from './pods/manager.js';
import { ReferencedObjects } from './pods/object-cache.js';
import { probeControl } from './pods/probe-control.js';
import { envResolver, volumeSetup } from './pods/setup.js';
import { DockerRuntime } from './runtime/docker-runtime.js';
import { OfflineObjectStore } from './store/offline-objects.js';
import { OfflinePodStore } from './store/offline-store.js';
import { ServiceProxy } from './proxy/index.js';
import { NodeRoutes } from './network/node-routes.js';
import { ClusterDns, DEFAULT_CLUSTER_DOMAIN, hostResolvConf } from './dns/index.js';
import { startAgentTunnel, type TunnelClient } from './tunnel/index.js';
import { startCertRotation } from './cert-rotation.js';
import { readHostCounters, StatsSampler } from './stats/index.js';

const SERVICES = findResource('', 'v1', 'services')!;
const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';

export interface AgentOptions {
  kubeconfig: string;
  nodeName: string;
  dataDir: string;
  nodeIP?: string;
  bridge: string;
  /** Prefix of the service proxy's iptables chains (several agents in one network namespace need their own). */
  proxyChainPrefix?: string;
  /** Run the service proxy (default true; a test of the proxy itself runs its own instance). */
  proxy?: boolean;
  clusterCidr?: string;
  serviceCidr?: string;
  clusterDomain?: string;
  /** The cluster DNS server's port on the bridge address (53; tests may pick another). */
  dnsPort?: number;
  labels?: Record<string, string>;
  log?: Logger;
  /** Crash-loop back-off (tests shorten it). */
  backoff?: BackoffConfig;
  resyncMs?: number;
  leaseRenewMs?: number;
  /** Usage sampling period for the metrics API (default 10 s; tests shorten it). */
  statsIntervalMs?: number;
  docker?: Dockerode;
}

export interface RunningAgent {
  nodeName: string;
  pods: PodManager;
  node: NodeAgent;
  /** The tunnel the API server sends logs/exec/port-forward requests down. */
  tunnel: TunnelClient;
  stop(): Promise<void>;
}

interface SavedNode { podCidr: string }

export async function runAgent(o: AgentOptions): Promise<RunningAgent> {
  const log = o.log ?? createAgentLogger('skiff-agent');
  await mkdir(o.dataDir, { recursive: true, mode: 0o700 });
  const creds = loadKubeconfig(o.kubeconfig);
  const transport = new HttpTransport({ ...creds, userAgent: `skiff-agent/${o.nodeName}` });
  // --- cert rotation (agent/cert-rotation.ts): a new node certificate before this one expires ---
  const rotation = startCertRotation({ kubeconfig: o.kubeconfig, credentials: creds, transport, nodeName: o.nodeName, log });
  const docker = o.docker ?? new Dockerode();
  const runtime = new DockerRuntime(docker, o.nodeName);
  let version: string;
  try {
    version = await runtime.version();
  } catch (err) {
    throw new Error(`cannot reach the Docker engine (${(err as Error).message}); start dockerd (sudo bash scripts/setup-host.sh) or check /var/run/docker.sock`, { cause: err });
  }
  await runtime.ensurePauseImage();
  const facts = await machineFacts(o.dataDir);
  const node = new NodeAgent({ name: o.nodeName, transport, facts, runtimeVersion: version, nodeIP: o.nodeIP, labels: o.labels, log, leaseRenewMs: o.leaseRenewMs });
  const allocatable = (node.status().allocatable ?? {}) as Record<string, string>;

  // The pod network needs the node's podCIDR; after a restart without the control plane, the saved one.
  const savedFile = join(o.dataDir, 'node.json');
  let podCidr: string | undefined;
  try {
    await node.register();
    podCidr = await node.waitForPodCidr();
    await writeFile(savedFile, JSON.stringify({ podCidr } satisfies SavedNode));
  } catch (err) {
    const saved = await readFile(savedFile, 'utf8').then((t) => JSON.parse(t) as SavedNode, () => undefined);
    if (!saved) throw err;
    podCidr = saved.podCidr;
    log.warn({ err: (err as Error).message, podCidr }, 'control plane unreachable: running the pods this node already had');
    void retryRegistration(node, log);
  }
  // Masquerading is ours (forwarding.ts), so pod-to-pod traffic across nodes keeps pod source addresses.
  const network = new CniNetwork({ name: 'skiff', bridge: o.bridge, podCidr, ipMasq: false, dataDir: join(o.dataDir, 'cni') });
  await network.writeConfig();
  await network.ensureForwarding(o.clusterCidr ?? DEFAULT_CLUSTER_CIDR);

  const events = new AgentEventRecorder(transport, o.nodeName);
  // Cluster DNS on the bridge's gateway address (the first address of the podCIDR), which pods reach directly.
  const dnsAddress = firstAddress(podCidr);
  const clusterDomain = o.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const host = await hostResolvConf();
  const objects = new ReferencedObjects(transport, new OfflineObjectStore(join(o.dataDir, 'state', 'objects')), log);
  const services = new Informer(transport, SERVICES, { log });
  services.start();
  const dns = new ClusterDns({ transport, listen: [{ host: dnsAddress, port: o.dnsPort ?? 53 }], clusterDomain, informers: { services }, log });
  await dns.start();
  // Probe results go to the manager created below; it needs the probes first.
  const ref: { manager?: PodManager } = {};
  const probes = probeControl(runtime, events, (uid) => ref.manager?.worker(uid)?.current, (uid) => ref.manager?.kick(uid));
  const deps: PodDeps = {
    runtime,
    network: () => network,
    transport,
    nodeName: o.nodeName,
    hostIP: node.internalIP,
    podsDir: join(o.dataDir, 'pods'),
    volumes: volumeSetup(objects, allocatable, events),
    env: envResolver(objects, services, node.internalIP, allocatable, events),
    probes,
    events,
    backoff: new Backoff(o.backoff ?? KUBELET_BACKOFF),
    imageBackoff: new Backoff(o.backoff ?? KUBELET_BACKOFF),
    dns: { nameserver: dnsAddress, clusterDomain, hostResolvConf: host.text },
    log,
    clock: () => new Date(),
  };
  const pods = new PodManager(deps, new OfflinePodStore(join(o.dataDir, 'state', 'pods')), o.resyncMs);
  ref.manager = pods;
  await pods.start();
  node.start();
  const routes = new NodeRoutes(transport, o.nodeName, log);
  routes.start();
  // The service proxy keeps the previous rules serving while it waits for the API: start it, do not block on it.
  const proxy = o.proxy === false ? undefined : new ServiceProxy({ transport, nodeName: o.nodeName, nodeIPs: [node.internalIP], podCidr, clusterCidr: o.clusterCidr, serviceCidr: o.serviceCidr, chainPrefix: o.proxyChainPrefix, log });
  void proxy?.start().catch((err: unknown) => log.error({ err: String(err) }, 'service proxy failed to start'));
  // --- stats (agent/stats): node and container usage for the metrics API, served through the tunnel ---
  const stats = new StatsSampler({ runtime, host: () => readHostCounters(), now: () => Date.now(), log }, { intervalMs: o.statsIntervalMs });
  stats.start();
  // --- tunnel (agent/tunnel): logs, exec, attach, port-forward and stats requests from the API server ---
  const tunnel = startAgentTunnel({ credentials: creds, nodeName: o.nodeName, runtime, docker, log, stats });
  log.info({ node: o.nodeName, podCidr, runtime: `docker://${version}` }, 'agent running');
  return {
    nodeName: o.nodeName,
    pods,
    node,
    tunnel,
    async stop(): Promise<void> {
      rotation.stop(); // --- cert rotation ---
      await tunnel.stop(); // --- tunnel ---
      stats.stop(); // --- stats ---
      node.stop();
      await proxy?.stop().catch((err: unknown) => log.warn({ err: String(err) }, 'service proxy did not stop cleanly'));
      await dns.stop();
      await routes.stop();
      services.stop();
      probes.stop();
      await pods.stop();
      await events.flush();
      transport.close();
      log.info({ node: o.nodeName }, 'agent stopped; its pods keep running');
    },
  };
}

async function retryRegistration(node: NodeAgent, log: Logger): Promise<void> {
  for (let delay = 1000; ; delay = Math.min(delay * 2, 30_000)) {
    await new Promise((r) => setTimeout(r, delay));
    try {
      await node.register();
      log.info('reconnected to the control plane');
      return;
    } catch {
      // keep trying
    }
  }
}

/** The first host address of a CIDR ("10.244.3.0/24" → "10.244.3.1"): the bridge's gateway. */
function firstAddress(cidr: string): string {
  const [ip] = cidr.split('/');
  const n = ip.split('.').reduce((a, b) => a * 256 + Number(b), 0) + 1;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
