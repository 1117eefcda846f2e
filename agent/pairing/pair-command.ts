// `skiff agent pair`: join this device to a control plane with a one-time token and the CA pin, write
// the node's kubeconfig and agent.yaml, and (with --run) go on as the agent.
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isCaPin, isPairingToken } from '../../api/pairing/token-format.js';
import { parseGoDuration } from '../../api/validation/cron-schedule.js';
import { pairDevice } from './pair-client.js';
import { renderAgentConfig, renderNodeKubeconfig, writePrivateFile, type AgentConfig } from './node-files.js';

export const DEFAULT_AGENT_CONFIG = '/etc/skiff/agent.yaml';

export const PAIR_USAGE = `Usage: skiff agent pair --server https://HOST:PORT --token ID.SECRET --ca-pin sha256:HEX [flags]

Joins this device to a Skiff control plane. Get the token and the pin on the control plane with
\`skiff pair-token create\` (or in the app). The private key is made here and never leaves the device.

  --server URL             the control plane's API (https://HOST:PORT)
  --token ID.SECRET        the one-time pairing token
  --ca-pin sha256:HEX      the pin of the cluster CA; pairing stops, sending nothing, if the server's CA differs
  --node-name NAME         the Node's name (default: the token's, else this host's name)
  --config FILE            where to write the agent's settings (default: ${DEFAULT_AGENT_CONFIG}); the
                           kubeconfig goes beside it
  --data-dir DIR           the agent's state directory, written into the settings (default: /var/lib/skiff-agent)
  --node-ip IP, --bridge NAME, --cluster-cidr CIDR, --proxy-chain-prefix P
                           written into the settings for \`skiff agent --config\`
  --approval-timeout DUR   how long to wait when the token needs an admin's approval (default: 30m)
  --run                    run the agent right after pairing (instead of exiting)`;

/** What `skiff agent` runs with after `pair --run`. */
export interface PairedSetup {
  config: AgentConfig;
  configPath: string;
}

/** Parses, pairs and writes the files; returns 0/1/2 like main(), or the setup to run with --run. */
export async function pairCommand(argv: string[]): Promise<number | PairedSetup> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        server: { type: 'string' }, token: { type: 'string' }, 'ca-pin': { type: 'string' }, 'node-name': { type: 'string' },
        config: { type: 'string', default: DEFAULT_AGENT_CONFIG }, 'data-dir': { type: 'string', default: '/var/lib/skiff-agent' },
        'node-ip': { type: 'string' }, bridge: { type: 'string' }, 'cluster-cidr': { type: 'string' }, 'proxy-chain-prefix': { type: 'string' },
        'approval-timeout': { type: 'string', default: '30m' }, run: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (values.help) {
    console.log(PAIR_USAGE);
    return 0;
  }
  if (!values.server || !values.token || !values['ca-pin']) return usage('--server, --token and --ca-pin are required');
  if (!/^https:\/\/[^/\s]+\/?$/.test(values.server)) return usage(`--server: "${values.server}" is not https://HOST:PORT`);
  if (!isPairingToken(values.token)) return usage('--token: a pairing token looks like abcdef.0123456789abcdef (6 and 16 characters of a-z, 0-9)');
  if (!isCaPin(values['ca-pin'])) return usage('--ca-pin: a CA pin looks like sha256:<64 hex digits>');
  let approvalTimeoutMs: number;
  try {
    approvalTimeoutMs = parseGoDuration(values['approval-timeout']!);
  } catch (err) {
    return usage(`--approval-timeout: ${(err as Error).message} (for example 30m or 2h)`);
  }
  if (values.run && typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.error('skiff agent pair: --run starts the agent, which must run as root (pod networking): run it with sudo');
    return 1;
  }
  const configPath = resolve(values.config!);
  const kubeconfigPath = join(dirname(configPath), 'kubeconfig');
  const started = Date.now();
  try {
    const paired = await pairDevice({
      server: values.server, token: values.token, caPin: values['ca-pin'], nodeName: values['node-name'], hostname: hostname(),
      approvalTimeoutMs, progress: (line) => process.stderr.write(`skiff agent pair: ${line}\n`),
    });
    await writePrivateFile(kubeconfigPath, renderNodeKubeconfig(paired));
    const config: AgentConfig = {
      kubeconfig: kubeconfigPath, nodeName: paired.nodeName, dataDir: resolve(values['data-dir']!), nodeIP: values['node-ip'],
      bridge: values.bridge, clusterCidr: values['cluster-cidr'], proxyChainPrefix: values['proxy-chain-prefix'],
    };
    await writePrivateFile(configPath, renderAgentConfig(config));
    process.stdout.write(`Paired: node ${paired.nodeName} with ${paired.server} in ${Date.now() - started} ms\n`);
    process.stdout.write(`Wrote ${kubeconfigPath} (this node's key, mode 0600) and ${configPath}\n`);
    if (values.run) return { config, configPath };
    process.stdout.write(`Start the agent: sudo skiff agent --config ${configPath}\n`);
    return 0;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EACCES') console.error(`skiff agent pair: cannot write ${e.path ?? configPath}: run as root (sudo), or pass --config in a directory you can write`);
    else console.error(`skiff agent pair: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

function usage(message: string): number {
  console.error(`skiff agent pair: ${message}\n\n${PAIR_USAGE}`);
  return 2;
}
