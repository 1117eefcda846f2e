// Test environment of the workload controller tests (ReplicationController, ReplicaSet, Deployment): a real
// control plane running the controllers under test, fake nodes, and a stand-in binder that puts every
// unscheduled pod on the fake nodes round-robin (the real scheduler is not part of these tests).
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import type { ControllerConfig, ControllerFactory } from '../../../main/controllers/index.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { PodBinder } from '../../helpers/binder.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode, type PodOutcome } from '../../helpers/fake-node.js';
import { waitFor } from '../../helpers/wait.js';

export const PODS = findResource('', 'v1', 'pods')!;
export const REPLICASETS = findResource('apps', 'v1', 'replicasets')!;
export const DEPLOYMENTS = findResource('apps', 'v1', 'deployments')!;
export const RCS = findResource('', 'v1', 'replicationcontrollers')!;

export interface WorkloadEnv {
  c: TestCluster;
  transport: InProcessTransport;
  nodes: FakeNode[];
  binder: PodBinder;
  /** Stops binder, nodes and control plane (the data dir stays when it was given). */
  stop(): Promise<void>;
}

export interface WorkloadEnvOptions {
  controllers: readonly ControllerFactory[];
  controllerConfig?: Partial<ControllerConfig>;
  nodes?: number;
  dataDir?: string;
  /** What the fake nodes do with each pod (default: Running and Ready). */
  outcome?: (pod: KubeObject) => PodOutcome;
}

export async function startWorkloadEnv(opts: WorkloadEnvOptions): Promise<WorkloadEnv> {
  const c = await startTestCluster({ controllers: opts.controllers, controllerConfig: opts.controllerConfig, dataDir: opts.dataDir });
  const transport = new InProcessTransport(c.cp.registry, 'fake-kubelet');
  const names = Array.from({ length: opts.nodes ?? 2 }, (_, i) => `node-${i + 1}`);
  const nodes = names.map((name) => new FakeNode(transport, { name, outcome: opts.outcome, leaseRenewMs: 5000 }));
  await Promise.all(nodes.map((n) => n.start()));
  const binder = new PodBinder(transport, names);
  await binder.start();
  return {
    c, transport, nodes, binder,
    async stop(): Promise<void> {
      binder.stop();
      for (const n of nodes) n.stop();
      await c.stop();
    },
  };
}

/** Lists objects of a type in a namespace straight from the API. */
export async function list(env: WorkloadEnv, rt = PODS, namespace = 'default', labelSelector?: string): Promise<KubeObject[]> {
  return (await env.transport.list(rt, namespace, { labelSelector })).items;
}

/** Active (not terminating) pods matching a selector. */
export async function activePods(env: WorkloadEnv, labelSelector: string, namespace = 'default'): Promise<KubeObject[]> {
  return (await list(env, PODS, namespace, labelSelector)).filter((p) => !p.metadata.deletionTimestamp);
}

/** Waits until every controller is idle twice in a row (nothing queued, nothing in progress). */
export async function settle(env: WorkloadEnv, timeoutMs = 10_000): Promise<void> {
  let streak = 0;
  await waitFor('controllers to settle', () => {
    streak = env.c.cp.controllers.idle ? streak + 1 : 0;
    return streak >= 3;
  }, { timeoutMs, intervalMs: 30 });
}

export const status = <T = Record<string, number | undefined>>(obj: KubeObject): T => (obj.status ?? {}) as T;
