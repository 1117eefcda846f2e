// Service proxy benchmark, one run on this machine's real iptables, a real control plane and a real agent:
//   1. requests/s and p99 latency to one pod: direct to its IP, through its ClusterIP, through a NodePort on
//      127.0.0.1 — keep-alive off (a connection per request, so NAT and conntrack work each time) and on
//   2. endpoint ready → traffic: an EndpointSlice endpoint is flipped to ready through the API and the
//      ClusterIP polled until a request gets through; p50/p99 over many flips
// Goals: through the proxy ≥ 0.8× direct; ready → traffic p99 < 1 s. The pod's server is a Node HTTP server
// run in the pod's network namespace (busybox httpd cannot keep connections alive).
// Every loop is bounded in count and in time. Usage: node dist/test/bench/service-bench.js [--quick]
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { findResource } from '../../api/resources/registry.js';
import { HttpTransport } from '../../client/http-transport.js';
import { loadKubeconfig } from '../../client/kubeconfig.js';
import { systemIptables, ServiceProxy } from '../../agent/proxy/index.js';
import { createAgentLogger } from '../../agent/logger.js';
import { endpointSliceController } from '../../main/controllers/endpoints/index.js';
import { InProcessTransport } from '../../main/controllers/inprocess-transport.js';
import { nodeIpamController } from '../../main/controllers/node/node-ipam-controller.js';
import { startTestAgent } from '../helpers/agent.js';
import { startTestCluster } from '../helpers/cluster.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../helpers/images.js';
import { waitFor } from '../helpers/wait.js';
import { fmt, progress, summarize } from './stats.js';

const quick = process.argv.includes('--quick');
const REQUESTS = quick ? 1_000 : 3_000;
const ROUNDS = quick ? 3 : 5;
const CONCURRENCY = 8;
const LOAD_DEADLINE_MS = 20_000;
const FLIPS = quick ? 15 : 50;
const FLIP_DEADLINE_MS = 5_000;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;

/** The pod's HTTP server: answers "ok", keeps connections alive when asked. */
const SERVER = `require('http').createServer((q, s) => s.end('ok')).listen(8080, '0.0.0.0', () => console.log('listening'))`;

interface LoadResult { rps: number; p50: number; p99: number; errors: number; n: number }

async function load(url: string, keepAlive: boolean): Promise<LoadResult> {
  const agent = new Agent({ keepAlive, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let next = 0, errors = 0;
  const started = performance.now();
  const one = (): Promise<void> => new Promise((resolve) => {
    const t = performance.now();
    const req = request(url, { agent, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => { latencies.push(performance.now() - t); resolve(); });
    });
    req.on('error', () => { errors++; resolve(); });
    req.on('timeout', () => req.destroy());
    req.end();
  });
  const worker = async (): Promise<void> => {
    while (next < REQUESTS && performance.now() - started < LOAD_DEADLINE_MS) {
      next++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const s = summarize(latencies);
  return { rps: latencies.length / seconds, p50: s.p50, p99: s.p99, errors, n: latencies.length };
}

/** Resolves true when a request gets an answer, false when refused or timed out. */
const answers = (url: string, timeoutMs: number): Promise<boolean> => new Promise((resolve) => {
  const req = request(url, { agent: false, timeout: timeoutMs }, (res) => { res.resume(); res.on('end', () => resolve(true)); });
  req.on('error', () => resolve(false));
  req.on('timeout', () => { req.destroy(); resolve(false); });
  req.end();
});

async function main(): Promise<void> {
  await ensureBusyboxImage();
  const c = await startTestCluster({ controllers: [nodeIpamController, endpointSliceController] });
  const a = await startTestAgent(c, { proxy: false }); // the bench runs its own proxy instance
  const admin = new InProcessTransport(c.cp.registry, 'bench');
  let server: ChildProcess | undefined;
  let proxy: ServiceProxy | undefined;
  try {
    const node = JSON.parse(await c.k('get', 'node', a.nodeName, '-o', 'json')) as { spec: { podCIDR: string }; status: { addresses: { type: string; address: string }[] } };
    const nodeIP = node.status.addresses.find((x) => x.type === 'InternalIP')!.address;
    const restores: number[] = [];
    proxy = new ServiceProxy({
      transport: new HttpTransport({ ...loadKubeconfig(a.kubeconfig), userAgent: 'service-bench' }),
      nodeName: a.nodeName, nodeIPs: [nodeIP], podCidr: node.spec.podCIDR, chainPrefix: `BN${randomBytes(3).toString('hex').toUpperCase()}`,
      log: createAgentLogger('service-bench', process.env.SKIFF_LOG_LEVEL ?? 'warn'),
      iptables: { save: () => systemIptables.save(), restore: async (text) => { const t = performance.now(); await systemIptables.restore(text); restores.push(performance.now() - t); } },
    });
    await proxy.start();

    const r = await c.kubectl(['apply', '-f', '-'], { input: `apiVersion: v1
kind: Pod
metadata: {name: bench, labels: {app: bench}}
spec:
  nodeName: ${a.nodeName}
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: bench}
spec:
  type: NodePort
  selector: {app: bench}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: flip}
spec:
  ports: [{name: http, port: 80, targetPort: 8080}]
` });
    if (r.code !== 0) throw new Error(r.stderr);
    const podIP = await waitFor('the pod running', async () => (JSON.parse(await c.k('get', 'pod', 'bench', '-o', 'json')) as { status: { podIP?: string } }).status.podIP, { timeoutMs: 60_000 });
    const sandbox = execFileSync('docker', ['ps', '-q', '--filter', 'label=io.skiff.pod.name=bench', '--filter', `label=io.skiff.node=${a.nodeName}`, '--filter', 'label=io.skiff.container.role=sandbox']).toString().trim();
    const pid = execFileSync('docker', ['inspect', '--format', '{{.State.Pid}}', sandbox]).toString().trim();
    server = spawn('nsenter', ['-t', pid, '-n', process.execPath, '-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => { server!.stdout!.once('data', () => resolve()); server!.once('exit', (code) => reject(new Error(`pod server exited (${code})`))); });
    const svc = JSON.parse(await c.k('get', 'svc', 'bench', '-o', 'json')) as { spec: { clusterIP: string; ports: { nodePort: number }[] } };
    const targets = { direct: `http://${podIP}:8080/`, clusterIP: `http://${svc.spec.clusterIP}/`, nodePort: `http://127.0.0.1:${svc.spec.ports[0].nodePort}/` };
    await waitFor('the service answering', () => answers(targets.clusterIP, 1000), { timeoutMs: 20_000 });

    console.log(`Service proxy, ${CONCURRENCY} concurrent clients in this process, median of ${ROUNDS} rounds of ${REQUESTS} requests (node ${a.nodeName}, pod ${podIP})`);
    console.log(`${'path'.padEnd(12)} ${'keep-alive'.padEnd(10)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'vs direct'.padStart(9)} errors`);
    // Paths are measured in turns, several rounds each, and the median round reported: the client shares
    // this process (and the machine's 2 cores) with the control plane and the agent.
    let ratioMin = Infinity;
    for (const keepAlive of [false, true]) {
      const rounds = new Map<string, LoadResult[]>(Object.keys(targets).map((k) => [k, []]));
      for (const url of Object.values(targets)) await load(url, keepAlive); // warm-up: conntrack, ARP, JIT
      for (let round = 0; round < ROUNDS; round++) for (const [name, url] of Object.entries(targets)) rounds.get(name)!.push(await load(url, keepAlive));
      const median = (name: string): LoadResult => [...rounds.get(name)!].sort((x, y) => x.rps - y.rps)[Math.floor(ROUNDS / 2)];
      const direct = median('direct').rps;
      for (const name of Object.keys(targets)) {
        const res = median(name);
        if (name !== 'direct') ratioMin = Math.min(ratioMin, res.rps / direct);
        const errors = rounds.get(name)!.reduce((n, x) => n + x.errors, 0);
        console.log(`${name.padEnd(12)} ${(keepAlive ? 'on' : 'off').padEnd(10)} ${fmt(res.rps, 0).padStart(8)} ${fmt(res.p50, 2).padStart(7)} ${fmt(res.p99, 2).padStart(7)} ${(name === 'direct' ? '' : `${fmt(res.rps / direct, 2)}×`).padStart(9)} ${errors}`);
      }
    }

    // Endpoint ready → traffic, through the API, the proxy's watch, one sync.
    await admin.create(SLICES, 'default', {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
      metadata: { name: 'flip-1', labels: { 'kubernetes.io/service-name': 'flip' } },
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: [{ addresses: [podIP], conditions: { ready: false } }],
    } as never);
    const flipURL = `http://${(JSON.parse(await c.k('get', 'svc', 'flip', '-o', 'json')) as { spec: { clusterIP: string } }).spec.clusterIP}/`;
    const setReady = (ready: boolean) => admin.patch(SLICES, 'default', 'flip-1', 'json', [{ op: 'replace', path: '/endpoints/0/conditions/ready', value: ready }]);
    const readyTimes: number[] = [];
    const syncsBefore = proxy.syncs;
    for (let i = 0; i < FLIPS; i++) {
      await setReady(false);
      await waitFor('refusal', async () => !(await answers(flipURL, 200)), { timeoutMs: FLIP_DEADLINE_MS, intervalMs: 5 });
      await new Promise((res) => setTimeout(res, 20 + Math.random() * 80));
      await setReady(true);
      const t0 = performance.now();
      while (!(await answers(flipURL, 200)) && performance.now() - t0 < FLIP_DEADLINE_MS) await new Promise((res) => setTimeout(res, 2));
      readyTimes.push(performance.now() - t0);
      progress('ready flips', i + 1, FLIPS);
    }
    const ready = summarize(readyTimes);
    const sync = summarize(restores);
    console.log(`endpoint ready → traffic over ${ready.n} flips: p50 ${fmt(ready.p50, 0)} ms, p99 ${fmt(ready.p99, 0)} ms, max ${fmt(ready.max, 0)} ms (${proxy.syncs - syncsBefore} syncs)`);
    console.log(`iptables-restore per sync over ${sync.n} syncs: p50 ${fmt(sync.p50, 1)} ms, p99 ${fmt(sync.p99, 1)} ms`);
    console.log(`goal: through the proxy ≥ 0.8× direct: ${ratioMin >= 0.8 ? 'met' : 'NOT met'} (worst ${fmt(ratioMin, 2)}×)`);
    console.log(`goal: ready → traffic p99 < 1 s: ${ready.p99 < 1000 ? 'met' : 'NOT met'}`);
    process.exitCode = ratioMin >= 0.8 && ready.p99 < 1000 ? 0 : 1;
  } finally {
    server?.kill();
    await proxy?.stop().catch(() => {});
    await a.destroy();
    await c.stop();
  }
}

await main();
process.exit();
