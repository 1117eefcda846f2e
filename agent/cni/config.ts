// The node's CNI network: a conflist of the reference plugins — bridge (with host-local IPAM over the
// node's podCIDR) and portmap for hostPorts. Forwarding through the bridge is accepted once per node
// (forwarding.ts), not per pod.
export interface NetworkConfigOptions {
  /** Network name (the CNI "name"), also the host-local IPAM directory name. */
  name: string;
  bridge: string;
  podCidr: string;
  /** Where host-local keeps its allocations (under the agent's data dir). */
  ipamDataDir: string;
  /** Masquerade traffic from pods to addresses outside the pod network. */
  ipMasq: boolean;
  mtu?: number;
}

export const CNI_VERSION = '1.0.0';

export interface PluginConfig {
  type: string;
  [key: string]: unknown;
}

export interface NetworkConfigList {
  cniVersion: string;
  name: string;
  plugins: PluginConfig[];
}

export function networkConfig(o: NetworkConfigOptions): NetworkConfigList {
  return {
    cniVersion: CNI_VERSION,
    name: o.name,
    plugins: [
      {
        type: 'bridge',
        bridge: o.bridge,
        isGateway: true,
        ipMasq: o.ipMasq,
        hairpinMode: true,
        ...(o.mtu ? { mtu: o.mtu } : {}),
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: o.podCidr }]],
          routes: [{ dst: '0.0.0.0/0' }],
          dataDir: o.ipamDataDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  };
}
