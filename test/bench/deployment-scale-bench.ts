// Deployment scale-up benchmark: a Deployment at 0 replicas is scaled to 1,000 with `kubectl scale`, on a real
// control plane running the ReplicaSet and Deployment controllers, with a stand-in binder and fake nodes.
// Prints the time until all pods exist (goal < 10 s), are bound, and the Deployment reports them available.
// Bounded: gives up after 60 s. Usage: node dist/test/bench/deployment-scale-bench.js [--replicas N]
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { Informer } from '../../client/informer.js';
import { deploymentController } from '../../main/controllers/deployment/deployment-controller.js';
import { replicaSetController } from '../../main/controllers/replicas/replicaset-controller.js';
import { deploymentYaml } from '../integration/controllers/deployment-env.js';
import { startWorkloadEnv } from '../integration/controllers/replicas-env.js';
import { fmt, progress } from './stats.js';

const arg = process.argv.indexOf('--replicas');
const REPLICAS = arg > 0 ? Number(process.argv[arg + 1]) : 1000;
const DEADLINE_MS = 60_000;
const GOAL_MS = 10_000;
const PODS = findResource('', 'v1', 'pods')!;
const DEPLOYMENTS = findResource('apps', 'v1', 'deployments')!;

async function main(): Promise<void> {
  const env = await startWorkloadEnv({ controllers: [replicaSetController, deploymentController], nodes: 10 });
  let exitCode = 0;
  try {
    await env.c.kubectl(['apply', '-f', '-'], { input: deploymentYaml({ name: 'bench', replicas: 0 }) });
    const created = new Set<string>(), bound = new Set<string>();
    let tExist = NaN, tBound = NaN;
    let t0 = 0;
    const watcher = new Informer(env.transport, PODS);
    const see = (p: KubeObject): void => {
      if (p.metadata.labels?.app !== 'bench' || t0 === 0) return;
      const uid = p.metadata.uid!;
      if (!created.has(uid)) {
        created.add(uid);
        progress('pods created', created.size, REPLICAS);
        if (created.size === REPLICAS) tExist = performance.now() - t0;
      }
      if ((p.spec as { nodeName?: string }).nodeName && !bound.has(uid)) {
        bound.add(uid);
        if (bound.size === REPLICAS) tBound = performance.now() - t0;
      }
    };
    watcher.addEventHandler({ onAdd: see, onUpdate: (_o, p) => see(p) });
    watcher.start();
    await watcher.waitForSync();

    t0 = performance.now();
    await env.c.k('scale', 'deployment', 'bench', `--replicas=${REPLICAS}`);
    let tAvailable = NaN;
    while (performance.now() - t0 < DEADLINE_MS) {
      const d = await env.transport.get(DEPLOYMENTS, 'default', 'bench');
      if ((d.status as { availableReplicas?: number } | undefined)?.availableReplicas === REPLICAS) {
        tAvailable = performance.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    watcher.stop();
    const line = (label: string, ms: number): string => `${label.padEnd(34)} ${Number.isFinite(ms) ? `${fmt(ms / 1000, 2)} s` : `not reached in ${DEADLINE_MS / 1000} s`}`;
    console.log(`Deployment scaled 0 → ${REPLICAS} (ReplicaSet + Deployment controllers, stand-in binder, 10 fake nodes)`);
    console.log(line('all pods exist', tExist));
    console.log(line('all pods bound', tBound));
    console.log(line('deployment reports all available', tAvailable));
    console.log(`goal: all pods exist in < ${GOAL_MS / 1000} s: ${tExist < GOAL_MS ? 'met' : 'NOT met'}`);
    if (!(tExist < GOAL_MS)) exitCode = 1;
  } finally {
    await env.stop();
  }
  process.exit(exitCode);
}

await main();
