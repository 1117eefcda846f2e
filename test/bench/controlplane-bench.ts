// Control-plane benchmark for the controllers issue: idle CPU of `skiff serve` (all controllers and the
// scheduler, no agent) holding 1,000 objects while nothing changes. Measured from /proc over 30 s.
// Usage: node dist/test/bench/controlplane-bench.js
import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:https';
import { join } from 'node:path';
import { startServe } from '../helpers/serve-process.js';
import { tempDir } from '../helpers/tmp.js';
import { fmt } from './stats.js';

const IDLE_SECONDS = 30;

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main(): Promise<void> {
  const dir = tempDir('skiff-cp-bench-');
  const dataDir = join(dir.path, 'data');
  const p = await startServe(['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-agent']);
  const f = (n: string) => readFileSync(join(dataDir, 'pki', n), 'utf8');
  const agent = new Agent({ ca: f('ca.crt'), cert: f('admin.crt'), key: f('admin.key'), keepAlive: true, maxSockets: 8 });
  const post = (path: string, body: object) => new Promise<number>((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(new URL(path, p.url), { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    req.on('error', reject);
    req.end(text);
  });
  try {
    const objects: [string, object][] = [];
    for (let i = 0; i < 500; i++) objects.push(['/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { i: String(i) } }]);
    for (let i = 0; i < 250; i++) objects.push(['/api/v1/namespaces/default/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: `s-${i}` }, stringData: { i: String(i) } }]);
    for (let i = 0; i < 150; i++) objects.push(['/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}` }, spec: { selector: { app: `a${i}` }, ports: [{ port: 80 }] } }]);
    for (let i = 0; i < 100; i++) objects.push(['/apis/apps/v1/namespaces/default/deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `d-${i}` }, spec: { replicas: 0, selector: { matchLabels: { app: `d${i}` } }, template: { metadata: { labels: { app: `d${i}` } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }]);
    for (let i = 0; i < objects.length; i += 8) await Promise.all(objects.slice(i, i + 8).map(([path, body]) => post(path, body)));
    process.stderr.write(`created ${objects.length} objects; letting controllers settle\n`);
    await new Promise((r) => setTimeout(r, 5000));
    const pid = p.child.pid!;
    const before = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const used = cpuSeconds(pid) - before;
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    console.log(`\nSkiff control plane, idle with ${objects.length} objects (+ their Endpoints, EndpointSlices, ReplicaSets)`);
    console.log(`idle CPU over ${IDLE_SECONDS} s: ${fmt(used, 2)} s = ${fmt((used / IDLE_SECONDS) * 100, 2)}% of a core   goal < 1%   (RSS ${fmt(rss, 0)} MB)`);
  } finally {
    agent.destroy();
    p.child.kill('SIGTERM');
    await p.exited;
    dir.remove();
  }
}

await main();
