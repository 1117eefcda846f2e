// `skiff agent`: the node agent. Runs as root (it configures networking), talks to the control plane
// with the kubeconfig it is given, and runs the pods bound to its node on the local Docker engine.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runAgent, type AgentOptions } from './agent.js';
import { defaultNodeName } from './node/node-info.js';
import { readAgentConfig } from './pairing/node-files.js';
import { pairCommand } from './pairing/pair-command.js';

export const AGENT_USAGE = `Usage: skiff agent (--kubeconfig FILE | --config FILE) [--node-name NAME] [--data-dir DIR] [--node-ip IP] [--bridge NAME] [--cluster-cidr CIDR]
       skiff agent pair --server https://HOST:PORT --token ID.SECRET --ca-pin sha256:HEX   (join a control plane; --help for more)

  --config FILE       settings written by \`skiff agent pair\` (agent.yaml); the flags below override them
  --kubeconfig FILE   credentials of this node for the control plane (required without --config)
  --node-name NAME    the Node's name (default: this host's name, ${defaultNodeName()})
  --data-dir DIR      the agent's state: pod volumes, CNI allocations, the local pod store (default: /var/lib/skiff-agent)
  --node-ip IP        the address the node reports (default: its first non-loopback IPv4 address)
  --bridge NAME       the Linux bridge pods attach to (default: skiff0)
  --cluster-cidr CIDR the cluster's pod network, as the control plane hands out podCIDRs (default: 10.244.0.0/16)
  --proxy-chain-prefix P  prefix of the service proxy's iptables chains (default: SKIFF; one per agent sharing a network namespace)`;

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'pair') {
    const paired = await pairCommand(argv.slice(1));
    if (typeof paired === 'number') return paired;
    return main(['--config', paired.configPath]);
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        config: { type: 'string' },
        kubeconfig: { type: 'string' },
        'node-name': { type: 'string' },
        'data-dir': { type: 'string' },
        'node-ip': { type: 'string' },
        bridge: { type: 'string' },
        'cluster-cidr': { type: 'string' },
        'proxy-chain-prefix': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`skiff agent: ${(err as Error).message}\n\n${AGENT_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(AGENT_USAGE);
    return 0;
  }
  let config: Partial<AgentOptions> = {};
  if (values.config) {
    try {
      const c = await readAgentConfig(values.config);
      config = { kubeconfig: c.kubeconfig, nodeName: c.nodeName, dataDir: c.dataDir, nodeIP: c.nodeIP, bridge: c.bridge, clusterCidr: c.clusterCidr, proxyChainPrefix: c.proxyChainPrefix };
    } catch (err) {
      console.error(`skiff agent: ${(err as Error).message}`);
      return 2;
    }
  }
  const kubeconfig = values.kubeconfig ?? config.kubeconfig;
  if (!kubeconfig) {
    console.error(`skiff agent: --kubeconfig or --config is required (the control plane writes a kubeconfig for its local agent; \`skiff agent pair\` writes both for a device)\n\n${AGENT_USAGE}`);
    return 2;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.error('skiff agent: must run as root — it creates network namespaces, bridges and iptables rules for pods. Run it with sudo.');
    return 1;
  }
  try {
    const agent = await runAgent({
      kubeconfig: resolve(kubeconfig),
      nodeName: values['node-name'] ?? config.nodeName ?? defaultNodeName(),
      dataDir: resolve(values['data-dir'] ?? config.dataDir ?? '/var/lib/skiff-agent'),
      nodeIP: values['node-ip'] ?? config.nodeIP,
      bridge: values.bridge ?? config.bridge ?? 'skiff0',
      clusterCidr: values['cluster-cidr'] ?? config.clusterCidr,
      proxyChainPrefix: values['proxy-chain-prefix'] ?? config.proxyChainPrefix,
    });
    process.stdout.write(`Agent: node ${agent.nodeName} ready\n`);
    return await new Promise<number>((done) => {
      const stop = (): void => { void agent.stop().then(() => done(0), () => done(1)); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  } catch (err) {
    console.error(`skiff agent: ${(err as Error).message}`);
    return 1;
  }
}
