// Attaching pods to the node's network: CNI ADD of each plugin in order (each gets the previous result),
// DEL in reverse order on teardown, as the CNI spec prescribes for network configuration lists.
import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { networkConfig, type NetworkConfigList, type NetworkConfigOptions } from './config.js';
import { DEFAULT_CNI_PATHS, execPlugin } from './exec-plugin.js';
import { ensureBridgeForwarding, removeBridgeForwarding } from './forwarding.js';

export interface PortMapping {
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  hostIP?: string;
}

export interface AttachRequest {
  containerId: string;
  netns: string;
  podNamespace: string;
  podName: string;
  podUid: string;
  portMappings: PortMapping[];
}

export interface AttachResult {
  ip: string;
  gateway?: string;
  /** The raw CNI result, kept so DEL can hand it back. */
  result: unknown;
}

export interface CniOptions extends Omit<NetworkConfigOptions, 'ipamDataDir'> {
  dataDir: string;
  pluginPaths?: string[];
}

export class CniNetwork {
  readonly config: NetworkConfigList;
  private readonly paths: string[];

  constructor(private readonly opts: CniOptions) {
    this.config = networkConfig({ ...opts, ipamDataDir: join(opts.dataDir, 'ipam') });
    this.paths = opts.pluginPaths ?? (process.env.CNI_PATH ? process.env.CNI_PATH.split(':') : DEFAULT_CNI_PATHS);
  }

  /**
   * Accepts forwarding through the node's bridge and, given the cluster CIDR, masquerades pods' traffic
   * that leaves the pod network (once per node; see forwarding.ts).
   */
  ensureForwarding(clusterCidr?: string): Promise<void> {
    return ensureBridgeForwarding(this.opts.bridge, clusterCidr ? { podCidr: this.opts.podCidr, clusterCidr } : undefined);
  }

  removeForwarding(): Promise<void> {
    return removeBridgeForwarding(this.opts.bridge);
  }

  /** Writes the conflist where operators expect it (for inspection and other CNI tools). */
  async writeConfig(): Promise<string> {
    const dir = join(this.opts.dataDir, 'net.d');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `10-${this.opts.name}.conflist`);
    await writeFile(`${file}.tmp`, JSON.stringify(this.config, null, 2));
    await rename(`${file}.tmp`, file);
    return file;
  }

  private args(r: AttachRequest): Record<string, string> {
    return { IgnoreUnknown: '1', K8S_POD_NAMESPACE: r.podNamespace, K8S_POD_NAME: r.podName, K8S_POD_INFRA_CONTAINER_ID: r.containerId, K8S_POD_UID: r.podUid };
  }

  private pluginConfig(list: NetworkConfigList, i: number, r: AttachRequest, prevResult?: unknown): Record<string, unknown> {
    const plugin = list.plugins[i];
    const conf: Record<string, unknown> = { ...plugin, cniVersion: list.cniVersion, name: list.name };
    const caps = plugin.capabilities as Record<string, boolean> | undefined;
    if (caps?.portMappings) conf.runtimeConfig = { portMappings: r.portMappings };
    delete conf.capabilities;
    if (prevResult !== undefined) conf.prevResult = prevResult;
    return conf;
  }

  /** Attaches the pod's eth0 (the sandbox's loopback is already up: Docker's "none" network brings it up). */
  async attach(r: AttachRequest): Promise<AttachResult> {
    let result: unknown;
    for (let i = 0; i < this.config.plugins.length; i++) {
      if (this.config.plugins[i].type === 'portmap' && r.portMappings.length === 0) continue;
      result = await execPlugin(this.config.plugins[i].type, this.paths, { command: 'ADD', containerId: r.containerId, netns: r.netns, ifname: 'eth0', args: this.args(r), config: this.pluginConfig(this.config, i, r, result) });
    }
    const ips = (result as { ips?: { address?: string; gateway?: string }[] } | undefined)?.ips ?? [];
    const first = ips.find((x) => x.address && !x.address.includes(':'));
    if (!first?.address) throw new Error(`CNI returned no IPv4 address for ${r.podNamespace}/${r.podName}`);
    return { ip: first.address.split('/')[0], gateway: first.gateway, result };
  }

  /** Tears the pod's network down; tolerates a netns that is already gone. */
  async detach(r: AttachRequest, prevResult?: unknown): Promise<void> {
    for (let i = this.config.plugins.length - 1; i >= 0; i--) {
      if (this.config.plugins[i].type === 'portmap' && r.portMappings.length === 0) continue;
      await execPlugin(this.config.plugins[i].type, this.paths, { command: 'DEL', containerId: r.containerId, netns: r.netns, ifname: 'eth0', args: this.args(r), config: this.pluginConfig(this.config, i, r, prevResult) });
    }
  }
}
