// Agent benchmarks (issue 4), in one run on this machine:
//   1. pod startup latency, creation to Ready as a watch sees it, for 1 pod (5 times) and 30 pods at once,
//      beside a bare start of the same pause + app container pairs through the Docker API;
//   2. the agent's resident memory with 30 running pods (the agent runs as its own process, as `skiff serve`
//      runs it: the single-file bundle when it is built, else `skiff agent`).
// Bounded in time. Usage: node dist/test/bench/agent-bench.js
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { isPodReady } from '../../api/workloads/pods.js';
import { InProcessTransport } from '../../main/controllers/inprocess-transport.js';
import { ALL_CONTROLLERS } from '../../main/controllers/index.js';
import { issueClientCert, renderKubeconfig, writeKubeconfig } from '../../main/pki/index.js';
import { removeBridgeForwarding } from '../../agent/cni/forwarding.js';
import { PAUSE_COMMAND, PAUSE_IMAGE } from '../../agent/runtime/pause-image.js';
import { AGENT_NODE_FLAGS, defaultAgentCommand } from '../../main/agent-supervisor.js';
import { startTestCluster } from '../helpers/cluster.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../helpers/images.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';
import { fmt, summarize } from './stats.js';

const PODS = findResource('', 'v1', 'pods')!;
const docker = new Dockerode();

async function barePairs(n: number): Promise<number[]> {
  const run = async (): Promise<number> => {
    const t = performance.now();
    const pause = await docker.createContainer({ Image: PAUSE_IMAGE, Cmd: PAUSE_COMMAND, Labels: { 'skiff.bench': 'bare' }, HostConfig: { NetworkMode: 'none', IpcMode: 'shareable' } });
    await pause.start();
    const app = await docker.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['sleep', '3600'], Labels: { 'skiff.bench': 'bare' }, HostConfig: { NetworkMode: `container:${pause.id}`, IpcMode: `container:${pause.id}` } });
    await app.start();
    return performance.now() - t;
  };
  const out = await Promise.all(Array.from({ length: n }, run));
  for (const c of await docker.listContainers({ all: true, filters: { label: ['skiff.bench=bare'] } })) await docker.getContainer(c.Id).remove({ force: true });
  return out;
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
}

async function main(): Promise<void> {
  await ensureBusyboxImage(docker);
  const dir = tempDir('skiff-agent-bench-');
  const id = randomUUID().slice(0, 6);
  const node = `bench-${id}`;
  const bridge = `skb${id}`;
  const c = await startTestCluster({ controllers: ALL_CONTROLLERS });
  const t = new InProcessTransport(c.cp.registry, 'bench');
  const cert = await issueClientCert(c.cp.pki.ca, { commonName: `system:node:${node}`, organizations: ['system:nodes'] });
  const kubeconfig = join(dir.path, 'kubeconfig');
  await writeKubeconfig(kubeconfig, renderKubeconfig({ server: c.cp.url, caCertPem: c.cp.pki.caCertPem, clientCertPem: cert.certPem, clientKeyPem: cert.keyPem }));
  // The agent as `skiff serve` runs it: the single-file bundle devices run, when it is up to date.
  const how = defaultAgentCommand();
  const agent = spawn(how.execPath, [...AGENT_NODE_FLAGS, ...how.args, '--kubeconfig', kubeconfig, '--node-name', node, '--data-dir', join(dir.path, 'agent'), '--bridge', bridge, '--proxy-chain-prefix', `K${id.toUpperCase()}`, '--cluster-cidr', c.clusterCidr], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' } });
  try {
    await waitFor('the node to be Ready', async () => ((await t.get(findResource('', 'v1', 'nodes')!, undefined, node).catch(() => undefined))?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'), { timeoutMs: 60_000 });
    // Warm both paths once (image metadata, first CNI run).
    await barePairs(1);
    const readyAt = new Map<string, number>();
    const createdAt = new Map<string, number>();
    const handle = t.watch(PODS, 'default', {}, (e) => {
      const obj = e.object as KubeObject;
      if (isPodReady(obj) && !readyAt.has(obj.metadata.name!)) readyAt.set(obj.metadata.name!, performance.now());
    }, () => {});
    const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: BUSYBOX_IMAGE, command: ['sleep', '3600'] }] } });
    const startPods = async (names: string[]): Promise<number[]> => {
      await Promise.all(names.map(async (n) => { createdAt.set(n, performance.now()); await t.create(PODS, 'default', pod(n)); }));
      await waitFor(`${names.length} pods Ready`, () => names.every((n) => readyAt.has(n)), { timeoutMs: 120_000 });
      return names.map((n) => readyAt.get(n)! - createdAt.get(n)!);
    };
    await startPods(['warm']);
    const single: number[] = [];
    for (let i = 0; i < 5; i++) single.push(...(await startPods([`one-${i}`])));
    const bareSingle: number[] = [];
    for (let i = 0; i < 5; i++) bareSingle.push(...(await barePairs(1)));
    const thirty = await startPods(Array.from({ length: 30 }, (_, i) => `many-${i}`));
    await new Promise((r) => setTimeout(r, 3000));
    const rss = rssMb(agent.pid!);
    const bareThirty = await barePairs(30);
    handle.stop();
    const s1 = summarize(single), b1 = summarize(bareSingle), s30 = summarize(thirty), b30 = summarize(bareThirty);
    console.log(`\nSkiff agent benchmark (node ${process.version}; docker ${(await docker.version()).Version})`);
    console.log(`1 pod, creation to Ready (5 runs)     p50 ${fmt(s1.p50, 0)} ms  p99 ${fmt(s1.p99, 0)} ms   bare pause+app p50 ${fmt(b1.p50, 0)} ms p99 ${fmt(b1.p99, 0)} ms   ratio p99 ${fmt(s1.p99 / b1.p99, 2)}×   goal: Ready < 500 ms`);
    console.log(`30 pods at once, creation to Ready    p50 ${fmt(s30.p50, 0)} ms  p99 ${fmt(s30.p99, 0)} ms   bare 30 pairs p50 ${fmt(b30.p50, 0)} ms p99 ${fmt(b30.p99, 0)} ms   ratio p99 ${fmt(s30.p99 / b30.p99, 2)}×   goal ≤ 1.3×`);
    console.log(`agent resident memory, 36 pods running ${fmt(rss, 0)} MB   goal < 80 MB   (${how.args.map((a) => a.replace(/^.*\//, '')).join(' ')})`);
    for (const p of (await t.list(PODS, 'default')).items) await t.delete(PODS, 'default', p.metadata.name!, { gracePeriodSeconds: 0 });
    await waitFor('pods gone', async () => (await docker.listContainers({ all: true, filters: { label: [`io.skiff.node=${node}`] } })).length === 0, { timeoutMs: 120_000 }).catch(() => {});
  } finally {
    agent.kill('SIGTERM');
    await new Promise((r) => agent.once('exit', r));
    for (const x of await docker.listContainers({ all: true, filters: { label: [`io.skiff.node=${node}`] } })) await docker.getContainer(x.Id).remove({ force: true });
    try { execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' }); } catch { /* gone */ }
    await removeBridgeForwarding(bridge);
    await c.stop();
    dir.remove();
  }
}

await main();
