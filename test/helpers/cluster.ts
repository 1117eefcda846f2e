// A real control plane for integration tests: started in-process on 127.0.0.1 with a fresh data dir,
// and a runner for the real kubectl against it (with its own discovery cache).
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../main/control-plane.js';
import type { ControllerConfig, ControllerFactory } from '../../main/controllers/index.js';
import type { AdmissionPlugin } from '../../main/registry/admission.js';
import type { Store } from '../../main/store/index.js';
import { createLogger } from '../../main/logger.js';
import { claimTestClusterCidr } from './cidr.js';
import { tempDir } from './tmp.js';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestCluster {
  cp: ControlPlane;
  dataDir: string;
  /** The cluster CIDR node podCIDRs come from (unique per concurrently running test cluster). */
  clusterCidr: string;
  kubeconfig: string;
  kubectl(args: string[], opts?: { input?: string; timeoutMs?: number; env?: Record<string, string> }): Promise<KubectlResult>;
  /** kubectl that must succeed; returns stdout. */
  k(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface TestClusterOptions {
  historyWindow?: number;
  dataDir?: string;
  /** A fixed port (to restart a cluster where agents expect it); default: any free port. */
  port?: number;
  /** The address the API listens on (default 127.0.0.1; a test network's address for agents in other namespaces). */
  host?: string;
  /** Controllers to run (default: none, so API tests see exactly what they wrote). */
  controllers?: readonly ControllerFactory[];
  controllerConfig?: Partial<ControllerConfig>;
  /** Admission plug-ins (default: none), built from the opened store. */
  admission?: (store: Store) => AdmissionPlugin[];
  /** Device pairing settings (short node certificate lifetimes to exercise rotation). */
  pairing?: ControlPlaneOptions['pairing'];
}

export async function startTestCluster(opts: TestClusterOptions = {}): Promise<TestCluster> {
  const dir = tempDir('skiff-it-');
  const dataDir = opts.dataDir ?? join(dir.path, 'data');
  const home = join(dir.path, 'home');
  mkdirSync(home, { recursive: true });
  // Each test cluster hands its nodes podCIDRs from a /16 of its own (see cidr.ts).
  const network = opts.controllerConfig?.clusterCidr ? undefined : claimTestClusterCidr();
  const controllerConfig = { ...opts.controllerConfig, clusterCidr: opts.controllerConfig?.clusterCidr ?? network!.cidr };
  const cp = await startControlPlane({
    dataDir, host: opts.host ?? '127.0.0.1', port: opts.port ?? 0, log: createLogger('test', process.env.SKIFF_LOG_LEVEL ?? 'warn'), historyWindow: opts.historyWindow,
    controllers: opts.controllers ?? [], controllerConfig, admission: opts.admission, pairing: opts.pairing,
  });
  const kubectl = (args: string[], o: { input?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = execFile('kubectl', ['--kubeconfig', cp.kubeconfigPath, ...args], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECACHEDIR: join(home, 'cache'), ...o.env },
        timeout: o.timeoutMs ?? 30_000,
        maxBuffer: 32 * 1024 * 1024,
      }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      if (o.input !== undefined) child.stdin?.end(o.input);
    });
  return {
    cp,
    dataDir,
    clusterCidr: controllerConfig.clusterCidr,
    kubeconfig: cp.kubeconfigPath,
    kubectl,
    async k(...args: string[]): Promise<string> {
      const r = await kubectl(args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    async stop(): Promise<void> {
      await cp.stop();
      network?.release();
      if (!opts.dataDir) dir.remove();
    },
  };
}
