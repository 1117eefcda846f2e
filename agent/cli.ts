// `skiff agent`: the node agent. Runs as root (it configures networking), talks to the control plane
// with the kubeconfig it is given, and runs the pods bound to its node on the local Docker engine.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runAgent } from './agent.js';
import { defaultNodeName } from './node/node-info.js';

export const AGENT_USAGE = `Usage: skiff agent --kubeconfig FILE [--node-name NAME] [--data-dir DIR] [--node-ip IP] [--bridge NAME] [--cluster-cidr CIDR]

  --kubeconfig FILE   credentials of this node for the control plane (required)
  --node-name NAME    the Node's name (default: this host's name, ${defaultNodeName()})
  --data-dir DIR      the agent's state: pod volumes, CNI allocations, the local pod store (default: /var/lib/skiff-agent)
  --node-ip IP        the address the node reports (default: its first non-loopback IPv4 address)
  --bridge NAME       the Linux bridge pods attach to (default: skiff0)
  --cluster-cidr CIDR the cluster's pod network, as the control plane hands out podCIDRs (default: 10.244.0.0/16)
  --proxy-chain-prefix P  prefix of the service proxy's iptables chains (default: SKIFF; one per agent sharing a network namespace)`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        kubeconfig: { type: 'string' },
        'node-name': { type: 'string' },
        'data-dir': { type: 'string', default: '/var/lib/skiff-agent' },
        'node-ip': { type: 'string' },
        bridge: { type: 'string', default: 'skiff0' },
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
  if (!values.kubeconfig) {
    console.error(`skiff agent: --kubeconfig is required (the control plane writes one for its local agent; a paired device gets its own)\n\n${AGENT_USAGE}`);
    return 2;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.error('skiff agent: must run as root — it creates network namespaces, bridges and iptables rules for pods. Run it with sudo.');
    return 1;
  }
  try {
    const agent = await runAgent({
      kubeconfig: resolve(values.kubeconfig),
      nodeName: values['node-name'] ?? defaultNodeName(),
      dataDir: resolve(values['data-dir']!),
      nodeIP: values['node-ip'],
      bridge: values.bridge!,
      clusterCidr: values['cluster-cidr'],
      proxyChainPrefix: values['proxy-chain-prefix'],
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
