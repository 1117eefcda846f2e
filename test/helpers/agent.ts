// A real node agent for integration tests, run in the test process against a test cluster: its own
// client certificate (CN=system:node:NAME, O=system:nodes), data dir and bridge, and fast back-offs.
import { randomUUID } from 'node:crypto';
import type Dockerode from 'dockerode';
import { join } from 'node:path';
import { runAgent, type RunningAgent } from '../../agent/agent.js';
import { createAgentLogger } from '../../agent/logger.js';
import { issueClientCert, renderKubeconfig, writeKubeconfig } from '../../main/pki/index.js';
import type { TestCluster } from './cluster.js';
import { tempDir } from './tmp.js';

export interface TestAgent {
  agent: RunningAgent;
  nodeName: string;
  /** The node's address (a loopback address of its own). */
  nodeIP: string;
  bridge: string;
  dataDir: string;
  kubeconfig: string;
  /** Stops the agent (its pods keep running); `restart()` starts it again on the same data dir. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops it and removes every container and network it made. */
  destroy(): Promise<void>;
}

export async function startTestAgent(c: TestCluster, opts: { nodeName?: string; backoffMs?: number; nodeIP?: string; statsIntervalMs?: number; proxy?: boolean; docker?: Dockerode } = {}): Promise<TestAgent> {
  const id = randomUUID().slice(0, 6);
  const nodeName = opts.nodeName ?? `node-${id}`;
  const bridge = `sk${id}`;
  const dir = tempDir('skiff-agent-');
  const cert = await issueClientCert(c.cp.pki.ca, { commonName: `system:node:${nodeName}`, organizations: ['system:nodes'] });
  const kubeconfig = join(dir.path, 'kubeconfig');
  await writeKubeconfig(kubeconfig, renderKubeconfig({ server: c.cp.url, caCertPem: c.cp.pki.caCertPem, clientCertPem: cert.certPem, clientKeyPem: cert.keyPem }));
  const dataDir = join(dir.path, 'data');
  // A loopback address of its own as the node's address: tests reach "the node" without touching the
  // machine's real interfaces (all of 127.0.0.0/8 is local).
  const bytes = randomUUID().replace(/-/g, '').slice(0, 6);
  const nodeIP = opts.nodeIP ?? `127.${parseInt(bytes.slice(0, 2), 16)}.${parseInt(bytes.slice(2, 4), 16)}.${(parseInt(bytes.slice(4, 6), 16) % 250) + 2}`;
  const chainPrefix = `T${id.toUpperCase().replace(/[^A-Z0-9]/g, '0')}`;
  const start = () => runAgent({
    kubeconfig, nodeName, dataDir, bridge, nodeIP, proxyChainPrefix: chainPrefix, clusterCidr: c.clusterCidr, proxy: opts.proxy, log: createAgentLogger('test-agent', process.env.SKIFF_LOG_LEVEL ?? 'warn'),
    backoff: { initialMs: opts.backoffMs ?? 500, maxMs: (opts.backoffMs ?? 500) * 8, resetAfterMs: 600_000 }, resyncMs: 2000, leaseRenewMs: 1000,
    statsIntervalMs: opts.statsIntervalMs, docker: opts.docker,
  });
  const t: TestAgent = {
    agent: await start(),
    nodeName, nodeIP, bridge, dataDir, kubeconfig,
    stop: () => t.agent.stop(),
    async restart() { t.agent = await start(); },
    async destroy() {
      await t.agent.stop().catch(() => {});
      const { default: Engine } = await import('dockerode');
      const { DockerRuntime } = await import('../../agent/runtime/docker-runtime.js');
      const rt = new DockerRuntime(opts.docker ?? new Engine(), nodeName);
      for (const ctr of await rt.list()) await rt.removeContainer(ctr.id);
      const { execFileSync } = await import('node:child_process');
      try { execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' }); } catch { /* gone */ }
      const { removeBridgeForwarding } = await import('../../agent/cni/forwarding.js');
      await removeBridgeForwarding(bridge);
      // Memory emptyDirs of pods never deleted are tmpfs mounts under the data dir.
      dir.dispose();
    },
  };
  return t;
}
