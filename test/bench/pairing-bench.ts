// Pairing benchmarks, in one run on this machine:
//   1. time from starting `skiff agent pair --run` to the Node being Ready (the control plane's view),
//      with the pairing part (CA fetch, pin check, key, CSR, certificate) on its own — goal < 3 s;
//   2. a paired agent's resident memory, idle (no pods) — goal < 60 MB — run from the checkout
//      (`skiff agent`) and from the single-file bundle devices get (dist/agent-bundle/skiff-agent.mjs).
// The agent runs as its own process in a network namespace of the benchmark's own, as on a device.
// Usage: node dist/test/bench/pairing-bench.js [runs=3]
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { AGENT_NODE_FLAGS } from '../../main/agent-supervisor.js';
import { InProcessTransport } from '../../main/controllers/inprocess-transport.js';
import { nodeIpamController } from '../../main/controllers/node/node-ipam-controller.js';
import { startTestCluster } from '../helpers/cluster.js';
import { createTestHost } from '../helpers/netns.js';
import { repoPath } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';
import { fmt, summarize } from './stats.js';

const NODES = findResource('', 'v1', 'nodes')!;
const runs = Number(process.argv[2] ?? 3);

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
}

const ready = (n: KubeObject | undefined): boolean =>
  ((n?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True');

async function main(): Promise<void> {
  const docker = new Dockerode();
  const dir = tempDir('skiff-pairing-bench-');
  const host = createTestHost();
  const c = await startTestCluster({ host: host.hostIP, controllers: [nodeIpamController] });
  const t = new InProcessTransport(c.cp.registry, 'bench');
  const total: number[] = [];
  const pairing: number[] = [];
  const rss: Record<string, number[]> = {};
  let agent: ChildProcess | undefined;
  const bundle = repoPath('dist', 'agent-bundle', 'skiff-agent.mjs');
  try {
    // The last run uses the bundle (its time counts too: it is what a device runs).
    for (let i = 0; i <= runs; i++) {
      const node = `bench-pair-${i}`;
      const fromBundle = i === runs;
      if (fromBundle && !existsSync(bundle)) break;
      const readyAt = new Promise<number>((resolve) => {
        const h = t.watch(NODES, undefined, {}, (e) => {
          const n = e.object as KubeObject;
          if (n.metadata?.name === node && ready(n)) {
            resolve(performance.now());
            h.stop();
          }
        }, () => {});
      });
      const tok = await c.cp.pairing.createToken({ nodeName: node });
      const started = performance.now();
      // Separate bridges and iptables chains: the runs share the namespace.
      const command = fromBundle ? [bundle, 'pair'] : [repoPath('bin', 'skiff.js'), 'agent', 'pair'];
      agent = spawn('ip', ['netns', 'exec', host.netns, process.execPath, ...AGENT_NODE_FLAGS, ...command, '--run',
        '--server', c.cp.url, '--token', tok.token!, '--ca-pin', tok.caPin, '--config', join(dir.path, `${i}`, 'agent.yaml'), '--data-dir', join(dir.path, `${i}`, 'data'),
        '--node-ip', host.peerIP, '--bridge', `skp${i}`, '--proxy-chain-prefix', `PB${i}`, '--cluster-cidr', c.clusterCidr], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' } });
      let out = '';
      agent.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      const at = await Promise.race([readyAt, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`node ${node} not Ready in 60 s; agent said: ${out}`)), 60_000))]);
      total.push(at - started);
      const m = /Paired: node \S+ with \S+ in (\d+) ms/.exec(out);
      if (m) pairing.push(Number(m[1]));
      process.stderr.write(`run ${i + 1}${fromBundle ? ' (bundle)' : ''}: Ready after ${fmt(at - started, 0)} ms\n`);
      if (i >= runs - 1) {
        // Idle: no pods; let start-up garbage settle, then sample.
        await new Promise((r) => setTimeout(r, 30_000));
        const samples: number[] = (rss[fromBundle ? 'bundle' : 'checkout'] = []);
        for (let k = 0; k < 10; k++) {
          samples.push(rssMb(agent.pid!));
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      await stop(agent);
      await c.cp.pairing.unpair(node);
    }
    const s = summarize(total), p = summarize(pairing);
    console.log(`\nSkiff pairing benchmark (node ${process.version}; docker ${(await docker.version()).Version}; ${total.length} runs)`);
    console.log(`\`skiff agent pair --run\` start to Node Ready   p50 ${fmt(s.p50, 0)} ms  max ${fmt(s.max, 0)} ms   goal < 3000 ms`);
    console.log(`  of which pairing (CA, pin, key, CSR, cert)    p50 ${fmt(p.p50, 0)} ms  max ${fmt(p.max, 0)} ms   (inside the pair command: CA fetch to files written)`);
    for (const [how, samples] of Object.entries(rss)) {
      const r = summarize(samples);
      console.log(`paired agent resident memory, idle, ${how.padEnd(8)} p50 ${fmt(r.p50, 1)} MB  max ${fmt(r.max, 1)} MB   goal < 60 MB`);
    }
    console.log(`(a bare \`node -e\` here: ${fmt(bareNodeRssMb(), 0)} MB)`);
  } finally {
    if (agent) await stop(agent);
    await c.stop();
    host.destroy();
    dir.remove();
  }
}

/** The floor under any Node process on this machine, for scale. */
function bareNodeRssMb(): number {
  const out = execFileSync(process.execPath, [...AGENT_NODE_FLAGS, '-e', "setTimeout(() => console.log(/VmRSS:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]), 500)"], { encoding: 'utf8' });
  return Number(out.trim()) / 1024;
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  p.kill('SIGTERM');
  await new Promise((r) => p.once('exit', r));
}

await main();
