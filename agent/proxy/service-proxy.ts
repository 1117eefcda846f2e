// The node's service proxy (kube-proxy's iptables mode): informers on Services and EndpointSlices, and a
// sync loop that turns their current state into one iptables-restore transaction. A change starts a sync
// within a few milliseconds; changes arriving while one runs are coalesced into the next, so rules follow
// the API well within a second however bursty it is. A periodic sync repairs rules others removed.
import { findResource } from '../../api/resources/registry.js';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { Informer } from '../../client/informer.js';
import type { Transport } from '../../client/transport.js';
import { createAgentLogger, type Logger } from '../logger.js';
import { ChainNames, DEFAULT_CHAIN_PREFIX } from './chain-names.js';
import { IptablesError, systemIptables, systemSysctl, type Iptables, type Sysctl } from './iptables.js';
import { LoadBalancerStatus } from './load-balancer-status.js';
import { cleanupScript, parseSave, renderRestore } from './restore-script.js';
import { desiredRules, type ProxyConfig, type ProxyState } from './rules.js';

const SERVICES = findResource('', 'v1', 'services')!;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;

export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';

export interface ServiceProxyOptions {
  transport: Transport;
  nodeName: string;
  /** The node's addresses; the first goes into LoadBalancer status. */
  nodeIPs: string[];
  podCidr: string;
  clusterCidr?: string;
  serviceCidr?: string;
  /** Chain-name prefix, up to 10 upper-case letters or digits (default SKIFF). */
  chainPrefix?: string;
  log?: Logger;
  iptables?: Iptables;
  sysctl?: Sysctl;
  /** Shortest time between the starts of two syncs (default 50 ms). */
  minSyncIntervalMs?: number;
  /** A sync at least this often even without changes (default 30 s). */
  resyncMs?: number;
}

/** How long a change waits for the ones usually following it (a Service, then its EndpointSlice). */
const DEBOUNCE_MS = 5;

export class ServiceProxy {
  readonly config: ProxyConfig;
  private readonly names: ChainNames;
  private readonly log: Logger;
  private readonly iptables: Iptables;
  private readonly services: Informer;
  private readonly slices: Informer;
  private readonly lbStatus: LoadBalancerStatus | undefined;
  private stopped = false;
  private synced = false;
  private pending = false;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private lastStart = 0;
  private failures = 0;
  /** Syncs started so far, and who waits for one starting after a given count. */
  private started = 0;
  private waiters: { after: number; resolve: () => void }[] = [];
  private firstSyncDone!: () => void;
  private readonly firstSync = new Promise<void>((r) => { this.firstSyncDone = r; });
  private applied = 0;

  constructor(private readonly o: ServiceProxyOptions) {
    this.config = {
      prefix: o.chainPrefix ?? DEFAULT_CHAIN_PREFIX,
      nodeName: o.nodeName,
      nodeIPs: o.nodeIPs,
      podCidr: o.podCidr,
      clusterCidr: o.clusterCidr ?? DEFAULT_CLUSTER_CIDR,
      serviceCidr: o.serviceCidr ?? DEFAULT_SERVICE_CIDR,
    };
    this.names = new ChainNames(this.config.prefix);
    this.log = o.log ?? createAgentLogger('skiff-proxy');
    this.iptables = o.iptables ?? systemIptables;
    this.services = new Informer(o.transport, SERVICES, { log: this.log });
    this.slices = new Informer(o.transport, SLICES, { log: this.log });
    const changed = { onAdd: () => this.requestSync(), onUpdate: () => this.requestSync(), onDelete: () => this.requestSync() };
    this.services.addEventHandler(changed);
    this.slices.addEventHandler(changed);
    if (o.nodeIPs[0]) this.lbStatus = new LoadBalancerStatus({ transport: o.transport, services: this.services, nodeName: o.nodeName, nodeIP: o.nodeIPs[0], log: this.log });
  }

  /**
   * Starts watching and resolves once the rules reflect the API's state. While the control plane cannot be
   * reached it keeps waiting, and the rules a previous run left keep serving.
   */
  async start(): Promise<void> {
    // NodePorts on 127.0.0.1 are DNATed to pod addresses; the kernel drops such packets as martians
    // unless route_localnet is on (kube-proxy sets it too; the FIREWALL chain guards what it opens).
    await (this.o.sysctl ?? systemSysctl)('net.ipv4.conf.all.route_localnet', '1').catch((err: Error) => {
      this.log.warn({ err: err.message }, 'could not set net.ipv4.conf.all.route_localnet=1: NodePorts will not answer on 127.0.0.1');
    });
    this.services.start();
    this.slices.start();
    await Promise.race([Promise.all([this.services.waitForSync(), this.slices.waitForSync()]), this.firstSync]);
    if (this.stopped) return;
    this.synced = true;
    this.lbStatus?.start();
    this.requestSync();
    this.resyncTimer = setInterval(() => this.requestSync(), this.o.resyncMs ?? 30_000);
    this.resyncTimer.unref();
    await this.firstSync;
  }

  /** Stops watching and removes every chain and jump of ours; this node leaves LoadBalancer status. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.resyncTimer);
    this.services.stop();
    this.slices.stop();
    await this.running;
    await this.lbStatus?.stop();
    const script = cleanupScript(parseSave(await this.iptables.save(), this.names));
    if (script) await this.iptables.restore(script);
    this.firstSyncDone();
    this.release(() => true);
    this.log.info({ prefix: this.config.prefix }, 'service proxy stopped; its rules are removed');
  }

  /** Syncs applied so far. */
  get syncs(): number {
    return this.applied;
  }

  /** The state the next sync programs. */
  state(): ProxyState {
    return {
      config: this.config,
      services: this.services.list() as unknown as Service[],
      slices: this.slices.list() as unknown as EndpointSlice[],
    };
  }

  /** Resolves once a sync that starts after this call has ended (applied or failed), or the proxy stopped. */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      this.waiters.push({ after: this.started, resolve });
      this.requestSync();
    });
  }

  private requestSync(): void {
    if (this.stopped || !this.synced) return;
    this.pending = true;
    if (this.timer || this.running) return;
    const backoff = this.failures > 0 ? Math.min(30_000, 500 * 2 ** (this.failures - 1)) : 0;
    const wait = Math.max(DEBOUNCE_MS, this.lastStart + (this.o.minSyncIntervalMs ?? 50) + backoff - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.sync().finally(() => {
        this.running = undefined;
        if (this.pending) this.requestSync();
      });
    }, wait);
  }

  private async sync(): Promise<void> {
    if (this.stopped) return;
    this.pending = false;
    this.lastStart = Date.now();
    const seq = ++this.started;
    const started = performance.now();
    const state = this.state();
    try {
      const desired = desiredRules(state);
      const script = renderRestore(desired, parseSave(await this.iptables.save(), this.names));
      await this.iptables.restore(script);
      this.applied++;
      this.failures = 0;
      const info = { services: state.services.length, slices: state.slices.length, chains: desired.nat.chains.size + desired.filter.chains.size, ms: Math.round(performance.now() - started) };
      if (this.applied === 1) {
        this.log.info({ ...info, prefix: this.config.prefix, node: this.config.nodeName, podCidr: this.config.podCidr }, 'service rules programmed');
        this.firstSyncDone();
      } else {
        this.log.debug(info, 'service rules synced');
      }
    } catch (err) {
      this.failures++;
      this.pending = true;
      const line = err instanceof IptablesError ? err.failedLine : undefined;
      this.log.warn({ err: (err as Error).message, ...(line ? { line } : {}), failures: this.failures }, 'service rules sync failed; retrying');
    } finally {
      this.release((w) => w.after < seq);
    }
  }

  private release(which: (w: { after: number }) => boolean): void {
    const done = this.waiters.filter(which);
    this.waiters = this.waiters.filter((w) => !which(w));
    for (const w of done) w.resolve();
  }
}
