// Cluster DNS throughput and latency: the ClusterDns server (1,000 services, 50 headless ones with 5
// endpoints, 2,000 pods in its informer caches) on 127.0.0.4, queried over UDP by a child process (the
// other core) with a mix of what pods ask: service A, headless A and SRV, PTR, pod A, search-path misses
// (NXDOMAIN) and a forwarded name served from the cache.
//   1. saturation: 64 queries in flight until N answers → queries/s
//   2. paced at 5,000 queries/s for a few seconds → p50/p99/max latency at the goal's load, beside the
//      server's event-loop delay and the same load on a bare UDP echo (the floor the machine sets)
// Goal: ≥ 5,000 qps with p99 < 5 ms. Every loop is bounded in count and time.
// Usage: node dist/test/bench/dns-bench.js [--quick]
import { fork } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ClusterDns } from '../../agent/dns/index.js';
import { createAgentLogger } from '../../agent/logger.js';
import { RCode, RRType } from '../../agent/dns/message.js';
import type { KubeObject } from '../../api/types/meta.js';
import { aRecord, answer, FakeUpstreamServer } from '../unit/agent/dns/fake-upstream.js';
import { pod, queryWire, service, slice, StaticTransport } from '../unit/agent/dns/fixtures.js';
import { fmt, summarize } from './stats.js';

const quick = process.argv.includes('--quick');
const SERVICES = 1_000;
const HEADLESS = 50;
const PODS = 2_000;
const SATURATION_QUERIES = quick ? 15_000 : 60_000;
const IN_FLIGHT = 64;
const PACED_QPS = 5_000;
const PACED_SECONDS = quick ? 2 : 5;
const QUERY_TIMEOUT_MS = 1_000;
const PHASE_DEADLINE_MS = 30_000;

interface PhaseResult { sent: number; answered: number; lost: number; wrong: number; seconds: number; latenciesMs: number[] }

/** What each query asks and the rcode it must get. */
function workload(): { wire: Buffer; rcode: number }[] {
  const out: { wire: Buffer; rcode: number }[] = [];
  const add = (name: string, type: number, rcode: number, weight: number): void => {
    for (let i = 0; i < weight; i++) out.push({ wire: queryWire(name, type), rcode });
  };
  for (let i = 0; i < 40; i++) add(`svc-${(i * 37) % SERVICES}.default.svc.cluster.local`, RRType.A, RCode.NOERROR, 1);
  for (let i = 0; i < 15; i++) add(`hl-${(i * 7) % HEADLESS}.db.svc.cluster.local`, RRType.A, RCode.NOERROR, 1);
  for (let i = 0; i < 10; i++) add(`_http._tcp.hl-${i}.db.svc.cluster.local`, RRType.SRV, RCode.NOERROR, 1);
  for (let i = 0; i < 10; i++) add(`${i + 2}.0.96.10.in-addr.arpa`, RRType.PTR, RCode.NOERROR, 1);
  for (let i = 0; i < 10; i++) add(`10-244-${i % 8}-${i + 2}.default.pod.cluster.local`, RRType.A, RCode.NOERROR, 1);
  for (let i = 0; i < 10; i++) add(`svc-${i}.default.svc.cluster.local.svc.cluster.local`, RRType.A, RCode.NXDOMAIN, 1);
  add('www.example.org', RRType.A, RCode.NOERROR, 5);
  return out;
}

/** The client (child process): fires queries over one UDP socket and reports latencies. */
async function client(host: string, port: number, mode: 'saturate' | 'paced'): Promise<PhaseResult> {
  const sock = createSocket('udp4');
  const work = workload();
  const total = mode === 'saturate' ? SATURATION_QUERIES : PACED_QPS * PACED_SECONDS;
  // Preallocated bookkeeping by query id, so the client itself makes no garbage to collect mid-run.
  const sentAt = new Float64Array(0x10000);
  const expect = new Int8Array(0x10000).fill(-1);
  const latencies = new Float64Array(total);
  let sent = 0, answered = 0, lost = 0, wrong = 0, inFlight = 0, cursor = 0;
  let onDrain: (() => void) | undefined;
  const send = (): void => {
    const w = work[cursor++ % work.length];
    const id = sent & 0xffff;
    if (expect[id] >= 0) { lost++; inFlight--; }
    const buf = Buffer.from(w.wire);
    buf.writeUInt16BE(id, 0);
    expect[id] = w.rcode;
    sentAt[id] = performance.now();
    sent++;
    inFlight++;
    sock.send(buf, port, host);
  };
  sock.on('message', (buf) => {
    const id = buf.readUInt16BE(0);
    if (expect[id] < 0) return;
    latencies[answered++] = performance.now() - sentAt[id];
    if ((buf[3] & 0x0f) !== expect[id]) wrong++;
    expect[id] = -1;
    inFlight--;
    if (mode === 'saturate' && sent < total) send();
    onDrain?.();
  });
  // Queries unanswered for too long are counted lost (and, when saturating, replaced).
  const sweeper = setInterval(() => {
    const now = performance.now();
    for (let id = 0; id < 0x10000; id++) {
      if (expect[id] < 0 || now - sentAt[id] < QUERY_TIMEOUT_MS) continue;
      expect[id] = -1;
      lost++;
      inFlight--;
      if (mode === 'saturate' && sent < total) send();
    }
    onDrain?.();
  }, 100);
  const started = performance.now();
  const deadline = started + PHASE_DEADLINE_MS;
  if (mode === 'saturate') {
    for (let i = 0; i < IN_FLIGHT; i++) send();
  } else {
    // Open loop: every millisecond, send what the rate says should have gone by now.
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * PACED_QPS));
        while (sent < due) send();
        if (sent >= total || performance.now() > deadline) return resolve();
        setTimeout(tick, 1);
      };
      tick();
    });
  }
  await new Promise<void>((resolve) => {
    onDrain = () => { if ((sent >= total && inFlight === 0) || performance.now() > deadline) resolve(); };
    onDrain();
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sweeper);
  sock.close();
  return { sent, answered, lost: lost + inFlight, wrong, seconds, latenciesMs: [...latencies.subarray(0, answered)] };
}

function runClient(host: string, port: number, mode: 'saturate' | 'paced'): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--client', host, String(port), mode, ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as PhaseResult));
    child.once('exit', (code) => code !== 0 && reject(new Error(`bench client exited ${code}`)));
  });
}

function cluster(): Record<string, KubeObject[]> {
  const services: KubeObject[] = [];
  const endpointslices: KubeObject[] = [];
  const pods: KubeObject[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const ip = `10.96.${Math.floor((i + 1) / 250)}.${((i + 1) % 250) + 1}`;
    services.push(service('default', `svc-${i}`, { clusterIP: ip, clusterIPs: [ip], ports: [{ name: 'http', port: 80 }] }));
  }
  for (let i = 0; i < HEADLESS; i++) {
    services.push(service('db', `hl-${i}`, { clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'http', port: 80 }] }));
    endpointslices.push(slice('db', `hl-${i}`, 'bench', [{ name: 'http', port: 8080 }], Array.from({ length: 5 }, (_, k) => ({ ip: `10.244.100.${(i * 5 + k) % 250 + 1}`, hostname: `hl-${i}-${k}` }))));
  }
  for (let i = 0; i < PODS; i++) pods.push(pod('default', `pod-${i}`, `10.244.${i % 8}.${Math.floor(i / 8) + 2}`));
  return { services, endpointslices, pods };
}

/** The paced phase against a UDP echo in this process: what the client, the kernel and the machine cost. */
async function echoFloor(): Promise<PhaseResult> {
  const sock = createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind({ address: '127.0.0.4', port: 0 }, resolve));
  sock.on('message', (m, r) => {
    m[2] |= 0x80;
    sock.send(m, r.port, r.address);
  });
  try {
    return await runClient('127.0.0.4', sock.address().port, 'paced');
  } finally {
    sock.close();
  }
}

async function main(): Promise<void> {
  const log = createAgentLogger('dns-bench', process.env.SKIFF_LOG_LEVEL ?? 'warn');
  const upstream = new FakeUpstreamServer('127.0.0.5', (m) => answer(m, RCode.NOERROR, [aRecord(m.questions[0].name, '93.184.216.34', 300)]));
  await upstream.start();
  const dns = new ClusterDns({ transport: new StaticTransport(cluster()), listen: [{ host: '127.0.0.4', port: 0 }], upstreams: [upstream.address], log });
  try {
    await dns.start();
    await dns.waitForSync();
    const { host, port } = dns.addresses[0];
    const floor = summarize((await echoFloor()).latenciesMs);
    const sat = await runClient(host, port, 'saturate');
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const paced = await runClient(host, port, 'paced');
    loop.disable();
    const qps = sat.answered / sat.seconds;
    const s1 = summarize(sat.latenciesMs);
    const s2 = summarize(paced.latenciesMs);
    const ok = qps >= PACED_QPS && s2.p99 < 5 && paced.lost === 0 && sat.wrong + paced.wrong === 0;
    const rows: [string, string, string][] = [
      [`saturation (${IN_FLIGHT} in flight, ${sat.sent} queries)`, `${fmt(qps, 0)} qps`, `p50 ${fmt(s1.p50, 2)} ms, p99 ${fmt(s1.p99, 2)} ms; lost ${sat.lost}, wrong rcode ${sat.wrong}`],
      [`paced at ${PACED_QPS} qps for ${PACED_SECONDS} s`, `p50 ${fmt(s2.p50, 2)} ms`, `p99 ${fmt(s2.p99, 2)} ms, max ${fmt(s2.max, 2)} ms; ${paced.answered}/${paced.sent} answered in ${fmt(paced.seconds, 2)} s, lost ${paced.lost}, wrong rcode ${paced.wrong}`],
      ['  server event-loop delay meanwhile', `p99 ${fmt(loop.percentile(99) / 1e6, 2)} ms`, `max ${fmt(loop.max / 1e6, 2)} ms (time the server could not run: GC, or the machine's other work)`],
      [`  floor: same load on a bare UDP echo`, `p50 ${fmt(floor.p50, 2)} ms`, `p99 ${fmt(floor.p99, 2)} ms, max ${fmt(floor.max, 2)} ms (the harness and the machine, without DNS; load average ${loadavg()[0].toFixed(1)})`],
      ['goal: ≥ 5,000 qps, p99 < 5 ms', ok ? 'met' : 'NOT MET', `server stats ${JSON.stringify(dns.stats)}`],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length)), w1 = Math.max(...rows.map((r) => r[1].length));
    console.log(`\nSkiff cluster DNS benchmark (${quick ? 'quick' : 'full'}; node ${process.version}; ${cpus().length} cores)`);
    for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
    if (!ok && !quick) process.exitCode = 1;
  } finally {
    await dns.stop();
    await upstream.stop();
  }
}

const at = process.argv.indexOf('--client');
if (at >= 0) {
  const res = await client(process.argv[at + 1], Number(process.argv[at + 2]), process.argv[at + 3] === 'paced' ? 'paced' : 'saturate');
  process.send!(res, () => process.exit(0));
} else {
  await main();
}
