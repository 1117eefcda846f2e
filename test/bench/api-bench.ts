// Control-plane benchmarks (issue 2), measured in one run against a real `skiff serve` child process:
//   1. ConfigMap creates/s through the API, 16 concurrent HTTPS clients, beside raw synced LevelDB batches
//   2. p50/p99 latency of those creates
//   3. watch delivery latency with 100 concurrent watchers
//   4. resident memory of the server with 10,000 stored objects
//   5. cold start of `skiff serve` to the first answered request (empty data dir, and with 10,000 objects)
// Every loop is bounded in count and in time. Usage: node dist/test/bench/api-bench.js [--quick]
import { request, Agent } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { tempDir } from '../helpers/tmp.js';
import { fmt, progress, summarize } from './stats.js';

const quick = process.argv.includes('--quick');
const CREATES = quick ? 2_000 : 10_000;
const CLIENTS = 16;
const WATCHERS = 100;
const WATCH_EVENTS = quick ? 100 : 300;
const DEADLINE_MS = 60_000;

interface Identity { ca: string; cert: string; key: string }

function pkiOf(dataDir: string): Identity {
  const f = (n: string) => readFileSync(join(dataDir, 'pki', n), 'utf8');
  return { ca: f('ca.crt'), cert: f('admin.crt'), key: f('admin.key') };
}

function call(agent: Agent, base: string, method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, agent, headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const configMap = (name: string, extra: Record<string, string> = {}): string => JSON.stringify({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { bench: 'true' } },
  data: { 'app.properties': 'color=blue\nsize=10\nmode=fast\n', index: name, ...extra },
});

async function createLoad(agent: Agent, base: string, total: number, prefix: string): Promise<{ seconds: number; latencies: number[]; errors: number }> {
  let next = 0, errors = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total && performance.now() - started < DEADLINE_MS) {
      const i = next++;
      const t = performance.now();
      const r = await call(agent, base, 'POST', '/api/v1/namespaces/default/configmaps', configMap(`${prefix}-${i}`));
      latencies.push(performance.now() - t);
      if (r.status !== 201) errors++;
      if (latencies.length % 1000 === 0) progress('creates', latencies.length, total);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  return { seconds: (performance.now() - started) / 1000, latencies, errors };
}

async function rawLevel(dir: string, total: number): Promise<number> {
  const db = new Level<string, string>(join(dir, 'raw'), { valueEncoding: 'utf8' });
  await db.open();
  const started = performance.now();
  let i = 0;
  // The same values, in synced batches of CLIENTS (what group commit sees under 16 clients).
  while (i < total) {
    const ops = [];
    for (let j = 0; j < CLIENTS && i < total; j++, i++) ops.push({ type: 'put' as const, key: `/registry/core/configmaps/default/raw-${i}`, value: configMap(`raw-${i}`) });
    await db.batch(ops, { sync: true });
  }
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  return total / seconds;
}

async function watchLatency(agent: Agent, base: string): Promise<number[]> {
  const delays: number[] = [];
  const streams: { destroy(): void }[] = [];
  let ready = 0;
  await new Promise<void>((resolve, reject) => {
    for (let w = 0; w < WATCHERS; w++) {
      const req = request(new URL('/api/v1/namespaces/default/configmaps?watch=true&labelSelector=bench%3Dwatch&resourceVersion=0', base), { agent }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          buf += d;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            const ev = JSON.parse(line) as { type: string; object: { data?: { sent?: string } } };
            if (ev.type === 'ADDED' && ev.object.data?.sent) delays.push(performance.timeOrigin + performance.now() - Number(ev.object.data.sent));
          }
        });
        if (++ready === WATCHERS) resolve();
      });
      req.on('error', reject);
      req.end();
      streams.push(req);
    }
  });
  for (let i = 0; i < WATCH_EVENTS; i++) {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `w-${i}`, labels: { bench: 'watch' } }, data: { sent: String(performance.timeOrigin + performance.now()) } });
    await call(agent, base, 'POST', '/api/v1/namespaces/default/configmaps', body);
    if ((i + 1) % 100 === 0) progress('watched creates', i + 1, WATCH_EVENTS);
  }
  const deadline = performance.now() + 10_000;
  while (delays.length < WATCHERS * WATCH_EVENTS && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const s of streams) s.destroy();
  return delays;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function coldStart(dataDir: string): Promise<{ ms: number; proc: ServeProcess }> {
  const t = performance.now();
  const proc = await startServe(['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-agent']);
  const id = pkiOf(dataDir);
  const agent = new Agent({ ...id, keepAlive: false });
  const r = await call(agent, proc.url, 'GET', '/api/v1/namespaces/default/configmaps?limit=1');
  if (r.status !== 200) throw new Error(`first request answered ${r.status}`);
  return { ms: performance.now() - t, proc };
}

async function stop(p: ServeProcess): Promise<void> {
  p.child.kill('SIGTERM');
  await p.exited;
}

async function main(): Promise<void> {
  const dir = tempDir('skiff-bench-');
  const dataDir = join(dir.path, 'data');
  try {
    const first = await coldStart(dataDir);
    const coldEmpty = first.ms;
    const agent = new Agent({ ...pkiOf(dataDir), keepAlive: true, maxSockets: CLIENTS });
    const baseRss = rssMb(first.proc.child.pid!);
    const load = await createLoad(agent, first.proc.url, CREATES, 'cm');
    const rate = load.latencies.length / load.seconds;
    const lat = summarize(load.latencies);
    const watchAgent = new Agent({ ...pkiOf(dataDir), keepAlive: true, maxSockets: WATCHERS + 4 });
    const delays = summarize(await watchLatency(watchAgent, first.proc.url));
    watchAgent.destroy();
    // Top up to exactly 10,000 objects for the memory figure.
    const have = load.latencies.length - load.errors + WATCH_EVENTS;
    if (have < 10_000) await createLoad(agent, first.proc.url, 10_000 - have, 'fill');
    await new Promise((r) => setTimeout(r, 500));
    const rss = rssMb(first.proc.child.pid!);
    agent.destroy();
    await stop(first.proc);
    const second = await coldStart(dataDir);
    const coldFull = second.ms;
    await stop(second.proc);
    const raw = await rawLevel(dir.path, CREATES);

    const rows: [string, string, string][] = [
      ['ConfigMap creates/s (16 HTTPS clients)', `${fmt(rate, 0)}/s`, `goal ≥ 2000/s; raw synced LevelDB batches of 16: ${fmt(raw, 0)}/s (API = ${fmt((rate / raw) * 100, 0)}% of raw)`],
      ['create latency p50 / p99', `${fmt(lat.p50)} / ${fmt(lat.p99)} ms`, `goal p99 < 50 ms; ${load.errors} errors of ${lat.n}`],
      [`watch delivery p50 / p99 (${WATCHERS} watchers)`, `${fmt(delays.p50)} / ${fmt(delays.p99)} ms`, `goal p99 < 100 ms; ${delays.n} of ${WATCHERS * WATCH_EVENTS} events`],
      ['server RSS, 10,000 objects', `${fmt(rss, 0)} MB`, `goal < 200 MB; ${fmt(baseRss, 0)} MB when empty`],
      ['cold start to first answer', `${fmt(coldEmpty, 0)} ms empty / ${fmt(coldFull, 0)} ms with 10k objects`, 'goal < 1500 ms'],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length)), w1 = Math.max(...rows.map((r) => r[1].length));
    console.log(`\nSkiff control-plane benchmark (${quick ? 'quick' : 'full'}; node ${process.version}; ${(await import('node:os')).cpus().length} cores)`);
    for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
  } finally {
    dir.remove();
  }
}

await main();
