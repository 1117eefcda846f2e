// `skiff serve`: the control plane without the desktop shell.
import { resolve } from 'node:path';
import { hostname } from 'node:os';
import { nodeNameFromHostname } from '../../api/workloads/node-name.js';
import { AgentSupervisor } from '../agent-supervisor.js';
import { startControlPlane } from '../control-plane.js';
import { createLogger } from '../logger.js';
import { defaultDataDir } from '../paths.js';
import { ADMIN_GROUPS, ADMIN_USER } from '../pki/index.js';
import { BrowserUi } from '../ui/index.js';
import { parseFlags, parseListen } from './args.js';

export const SERVE_USAGE = `Usage: skiff serve [--data-dir DIR] [--listen HOST:PORT] [--kubeconfig FILE] [--no-agent] [--node-name NAME] [--token-auth-file FILE]

  --data-dir DIR          where the cluster keeps its state (default: ${defaultDataDir()})
  --listen HOST:PORT      address of the Kubernetes API (default: 127.0.0.1:6443)
  --kubeconfig FILE       also write the admin kubeconfig here (it is always written to DIR/kubeconfig)
  --no-agent              run the control plane only, without a local node agent
  --node-name NAME        the local agent's Node name (default: this host's name)
  --token-auth-file FILE  accept the bearer tokens listed in FILE (token,user,uid,"group1,group2")
  --ui                    serve the GUI at https://HOST:PORT/ui/ and print a one-time login URL`;

export async function serve(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    'data-dir': { type: 'string' },
    listen: { type: 'string', default: '127.0.0.1:6443' },
    kubeconfig: { type: 'string' },
    'no-agent': { type: 'boolean', default: false },
    'node-name': { type: 'string' },
    'token-auth-file': { type: 'string' },
    ui: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  }, SERVE_USAGE);
  if (values.help) {
    console.log(SERVE_USAGE);
    return 0;
  }
  const { host, port } = parseListen(values.listen!);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const log = createLogger('skiff');
  const cp = await startControlPlane({
    dataDir,
    host,
    port,
    kubeconfigPath: values.kubeconfig ? resolve(values.kubeconfig) : undefined,
    tokenAuthFile: values['token-auth-file'],
    log,
  });
  const agent = values['no-agent'] ? undefined : new AgentSupervisor({ dataDir, apiUrl: cp.url, pki: cp.pki, nodeName: values['node-name'] ?? nodeNameFromHostname(hostname()), log });
  await agent?.start();
  process.stdout.write(`API: ${cp.url}\n`);
  if (values.ui) {
    // The GUI's local shell (main/ui/local-shell.ts) runs with KUBECONFIG=DATA_DIR/kubeconfig.
    const ui = new BrowserUi({ user: { name: ADMIN_USER, groups: ADMIN_GROUPS }, log, localShell: { kubeconfig: cp.kubeconfigPath } });
    cp.api.attachUi(ui);
    if (!(await ui.available())) log.warn({}, 'the GUI is not built (npm run build:renderer): /ui/ answers 503 until it is');
    process.stdout.write(`UI: ${ui.loginUrl(cp.url)}   (one-time login link, valid ${Math.round(ui.sessions.loginTtlMs / 60_000)} min)\n`);
  }
  process.stdout.write(`Kubeconfig: ${cp.kubeconfigPath}   (try: kubectl --kubeconfig ${cp.kubeconfigPath} get ns)\n`);
  return await new Promise<number>((resolveExit) => {
    const stop = (signal: string): void => {
      log.info({ signal }, 'shutting down');
      (agent ? agent.stop() : Promise.resolve()).then(() => cp.stop()).then(() => resolveExit(0), (err) => {
        log.error({ err }, 'shutdown failed');
        resolveExit(1);
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
