// Test environment of the scheduler tests: a real control plane running only the scheduler (with short
// back-offs), fake nodes that mark bound pods Running, and helpers that read what kubectl shows.
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { schedulerWith } from '../../../main/scheduler/index.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode, type FakeNodeOptions } from '../../helpers/fake-node.js';
import { waitFor } from '../../helpers/wait.js';

export const PODS = findResource('', 'v1', 'pods')!;
export const NODES = findResource('', 'v1', 'nodes')!;

export interface PodSketch {
  name: string;
  cpu?: string;
  memory?: string;
  /** Extra lines under `spec:`, indented as in a pod template (four spaces), e.g. a nodeSelector. */
  spec?: string;
  /** Extra lines under `metadata:` (indented two spaces). */
  metadata?: string;
  hostPort?: number;
}

export function podYaml(p: PodSketch): string {
  const spec = (p.spec ?? '').replace(/^ {2}/gm, '');
  const requests = p.cpu || p.memory ? `    resources:\n      requests:\n${p.cpu ? `        cpu: ${p.cpu}\n` : ''}${p.memory ? `        memory: ${p.memory}\n` : ''}` : '';
  const ports = p.hostPort ? `    ports:\n    - containerPort: 80\n      hostPort: ${p.hostPort}\n` : '';
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${p.name}
${p.metadata ?? ''}spec:
${spec}  containers:
  - name: app
    image: nginx:1.27
${requests}${ports}`;
}

export class SchedulerEnv {
  readonly nodes: FakeNode[] = [];

  private constructor(readonly c: TestCluster, readonly t: InProcessTransport) {}

  static async start(): Promise<SchedulerEnv> {
    const c = await startTestCluster({ controllers: [schedulerWith({ initialBackoffMs: 100, maxBackoffMs: 1000, podMaxInUnschedulableMs: 60_000 })] });
    return new SchedulerEnv(c, new InProcessTransport(c.cp.registry, 'test'));
  }

  async addNode(opts: FakeNodeOptions): Promise<FakeNode> {
    const n = new FakeNode(this.t, opts);
    await n.start();
    this.nodes.push(n);
    return n;
  }

  /** Deletes every pod and node, so the next test counts only its own nodes. */
  async reset(): Promise<void> {
    for (const p of (await this.t.list(PODS, 'default')).items) await this.t.delete(PODS, 'default', p.metadata.name!, { gracePeriodSeconds: 0 }).catch(() => undefined);
    for (const n of this.nodes.splice(0)) {
      n.stop();
      await this.t.delete(NODES, undefined, n.name).catch(() => undefined);
    }
    await waitFor('pods gone', async () => (await this.t.list(PODS, 'default')).items.length === 0);
  }

  async stop(): Promise<void> {
    for (const n of this.nodes) n.stop();
    await this.c.stop();
  }

  async create(...pods: PodSketch[]): Promise<void> {
    const r = await this.c.kubectl(['apply', '-f', '-'], { input: pods.map(podYaml).join('---\n') });
    if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
  }

  async pod(name: string): Promise<KubeObject> {
    return this.t.get(PODS, 'default', name);
  }

  async nodeOf(name: string): Promise<string | undefined> {
    return ((await this.pod(name)).spec as { nodeName?: string }).nodeName;
  }

  /** Waits until the pod is bound and returns its node. */
  waitBound(name: string, timeoutMs = 10_000): Promise<string> {
    return waitFor(`${name} bound`, () => this.nodeOf(name), { timeoutMs });
  }

  /** The PodScheduled condition the scheduler wrote, once it is False. */
  waitUnschedulable(name: string): Promise<{ reason?: string; message?: string }> {
    return waitFor(`${name} unschedulable`, async () => {
      const conds = ((await this.pod(name)).status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] }).conditions ?? [];
      return conds.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    });
  }

  /** Waits until the scheduler has nothing to do right now. */
  settled(): Promise<boolean> {
    return waitFor('scheduler idle', () => this.c.cp.controllers.idle);
  }
}
