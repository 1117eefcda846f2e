// Scheduler throughput: 1,000 nodes and 10,000 pending pods in an in-process control plane (LevelDB
// store, registry, in-process transport, the controller manager running only the scheduler). Measured from
// the scheduler's start, with every pod already pending, to the last pod seen bound through a watch.
// Also checks the placements are sane: nothing over-committed, pods spread over nodes, zones and owners.
// Bounded at 120 s. Usage: node dist/test/bench/scheduler-bench.js [--quick]
import { join } from 'node:path';
import { cpus } from 'node:os';
import { k8sSchemas } from '../../api/schema/registry.js';
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { Informer } from '../../client/informer.js';
import { ControllerManager } from '../../main/controllers/manager.js';
import { InProcessTransport } from '../../main/controllers/inprocess-transport.js';
import { createLogger } from '../../main/logger.js';
import { ensureSystemNamespaces } from '../../main/registry/bootstrap.js';
import { ResourceRegistry } from '../../main/registry/resource-registry.js';
import { schedulerController } from '../../main/scheduler/index.js';
import { Store } from '../../main/store/index.js';
import { tempDir } from '../helpers/tmp.js';
import { fmt, progress } from './stats.js';

const quick = process.argv.includes('--quick');
const NODES = quick ? 200 : 1_000;
const PODS = quick ? 2_000 : 10_000;
const OWNERS = 50;
const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const DEADLINE_MS = 120_000;
const NODE_CPU_MILLI = 8_000;
const POD_CPU_MILLI = 100;

const PODS_RT = findResource('', 'v1', 'pods')!;
const NODES_RT = findResource('', 'v1', 'nodes')!;

function node(i: number): KubeObject {
  const name = `node-${String(i).padStart(4, '0')}`;
  const allocatable = { cpu: `${NODE_CPU_MILLI / 1000}`, memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': ZONES[i % ZONES.length] } },
    spec: {},
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'bench' }] },
  };
}

function pod(i: number): KubeObject {
  const owner = i % OWNERS;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `web-${owner}-${i}`, namespace: 'default', labels: { app: `web-${owner}` },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `web-${owner}`, uid: `00000000-0000-0000-0000-${String(owner).padStart(12, '0')}`, controller: true }],
    },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: `${POD_CPU_MILLI}m`, memory: '128Mi' } } }] },
  };
}

async function createAll(count: number, make: (i: number) => KubeObject, create: (o: KubeObject) => Promise<unknown>, label: string): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await create(make(i));
      if ((i + 1) % Math.max(1, Math.floor(count / 5)) === 0) progress(label, i + 1, count);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

async function main(): Promise<void> {
  const dir = tempDir('skiff-sched-bench-');
  const log = createLogger('bench', process.env.SKIFF_LOG_LEVEL ?? 'warn');
  const store = await Store.open(join(dir.path, 'db'), {});
  const registry = new ResourceRegistry({ store, schemas: k8sSchemas, clock: () => new Date() });
  let manager: ControllerManager | undefined;
  let watcher: Informer | undefined;
  try {
    await ensureSystemNamespaces(registry);
    const transport = new InProcessTransport(registry, 'bench');
    await createAll(NODES, node, (o) => transport.create(NODES_RT, undefined, o), 'nodes');
    await createAll(PODS, pod, (o) => transport.create(PODS_RT, 'default', o), 'pending pods');

    const placed = new Map<string, string>();
    let lastBound = 0;
    let done!: () => void;
    const allBound = new Promise<void>((r) => { done = r; });
    watcher = new Informer(transport, PODS_RT, { namespace: 'default' });
    watcher.addEventHandler({
      onUpdate: (_o, p) => {
        const nodeName = (p.spec as { nodeName?: string }).nodeName;
        if (!nodeName || placed.has(p.metadata.name!)) return;
        placed.set(p.metadata.name!, nodeName);
        lastBound = performance.now();
        if (placed.size % (PODS / 5) === 0) progress('bound', placed.size, PODS);
        if (placed.size === PODS) done();
      },
    });
    watcher.start();
    await watcher.waitForSync();

    const started = performance.now();
    manager = new ControllerManager({ registry, log, controllers: [schedulerController] });
    await manager.start();
    const synced = performance.now();
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), DEADLINE_MS).unref());
    const outcome = await Promise.race([allBound.then(() => 'ok' as const), timeout]);
    const seconds = ((outcome === 'ok' ? lastBound : performance.now()) - started) / 1000;
    const rate = placed.size / seconds;

    // Sanity of the placements.
    const perNode = new Map<string, number>();
    const perZone = new Map<string, number>();
    const perOwnerNode = new Map<string, number>();
    for (const [name, n] of placed) {
      perNode.set(n, (perNode.get(n) ?? 0) + 1);
      const zone = ZONES[Number(n.slice(5)) % ZONES.length];
      perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
      const owner = name.split('-')[1];
      perOwnerNode.set(`${owner}/${n}`, (perOwnerNode.get(`${owner}/${n}`) ?? 0) + 1);
    }
    const counts = [...perNode.values()];
    const maxPerNode = Math.max(...counts);
    const overCommitted = counts.filter((c) => c > 110 || c * POD_CPU_MILLI > NODE_CPU_MILLI).length;
    const maxOwnerOnNode = Math.max(...perOwnerNode.values());
    const sane = outcome === 'ok' && overCommitted === 0 && perNode.size >= NODES * 0.9;

    const rows: [string, string, string][] = [
      [`pods/s (${NODES} nodes, ${PODS} pending pods)`, `${fmt(rate, 0)}/s`, `goal ≥ 300/s; ${placed.size}/${PODS} bound in ${fmt(seconds, 2)} s (informer sync ${fmt((synced - started) / 1000, 2)} s)${outcome === 'timeout' ? ' — TIMED OUT' : ''}`],
      ['pods per node min / avg / max', `${Math.min(...counts)} / ${fmt(placed.size / NODES, 1)} / ${maxPerNode}`, `${perNode.size} of ${NODES} nodes used; ${overCommitted} over-committed`],
      ['pods per zone', ZONES.map((z) => perZone.get(z) ?? 0).join(' / '), `${ZONES.length} zones`],
      ['most pods of one owner on one node', String(maxOwnerOnNode), `${OWNERS} owners of ${PODS / OWNERS} pods each`],
      ['placements sane', sane ? 'yes' : 'NO', 'all bound, nothing over-committed, ≥ 90% of nodes used'],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length)), w1 = Math.max(...rows.map((r) => r[1].length));
    console.log(`\nSkiff scheduler benchmark (${quick ? 'quick' : 'full'}; node ${process.version}; ${cpus().length} cores)`);
    for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
    if (!sane || (!quick && rate < 300)) process.exitCode = 1;
  } finally {
    watcher?.stop();
    await manager?.stop();
    await store.close();
    dir.remove();
  }
}

await main();
