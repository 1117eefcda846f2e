// Test-only readers for DaemonSet tests (the binder that plays the scheduler's part for daemon pods is
// test/helpers/binder.ts).
import { findResource } from '../../../api/resources/registry.js';
import { Informer } from '../../../client/informer.js';
import type { Transport } from '../../../client/transport.js';
import type { TestCluster } from '../../helpers/cluster.js';
import { waitFor } from '../../helpers/wait.js';

const PODS = findResource('', 'v1', 'pods')!;

interface PodShape {
  spec?: { nodeName?: string };
}

/** Live (not terminating) pods matching `selector`, as node name → phases, keys sorted ("" for unbound). */
export async function podsByNodeName(t: Transport, namespace: string, selector: string): Promise<Record<string, string[]>> {
  const pods = (await t.list(PODS, namespace, { labelSelector: selector })).items.filter((p) => p.metadata.deletionTimestamp === undefined);
  const out: Record<string, string[]> = {};
  for (const p of pods.sort((a, b) => ((a as PodShape).spec?.nodeName ?? '').localeCompare((b as PodShape).spec?.nodeName ?? ''))) {
    const node = (p as PodShape).spec?.nodeName ?? '';
    (out[node] ??= []).push((p.status as { phase?: string } | undefined)?.phase ?? '');
  }
  return out;
}

/** Waits until the controllers are idle and `check` holds. */
export async function settled(c: TestCluster, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  await waitFor('controllers idle and the expected state', async () => c.cp.controllers.idle && await check(), { timeoutMs });
}

export interface PodSnapshot {
  /** Live pods per node: [pod name, image, ready]. */
  byNode: Map<string, { name: string; image: string; ready: boolean }[]>;
  live: number;
}

/**
 * Watches a DaemonSet's pods and hands every state the cache passes through to `onState`, so a test sees
 * each step of a rollout, not just the states a poll happens to catch.
 */
export class PodSampler {
  private readonly informer: Informer;
  private active = false;

  constructor(transport: Transport, namespace: string, selector: string, private readonly onState: (s: PodSnapshot) => void) {
    this.informer = new Informer(transport, PODS, { namespace, labelSelector: selector });
    const fire = (): void => { if (this.active) this.onState(this.snapshot()); };
    this.informer.addEventHandler({ onAdd: fire, onUpdate: fire, onDelete: fire });
  }

  async start(): Promise<void> {
    this.informer.start();
    await this.informer.waitForSync();
    this.active = true;
  }

  stop(): void {
    this.active = false;
    this.informer.stop();
  }

  snapshot(): PodSnapshot {
    const byNode = new Map<string, { name: string; image: string; ready: boolean }[]>();
    let live = 0;
    for (const p of this.informer.list()) {
      if (p.metadata.deletionTimestamp !== undefined) continue;
      live++;
      const spec = p.spec as { nodeName?: string; containers: { image: string }[] };
      const ready = ((p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      const list = byNode.get(spec.nodeName ?? '') ?? [];
      list.push({ name: p.metadata.name!, image: spec.containers[0].image, ready });
      byNode.set(spec.nodeName ?? '', list);
    }
    return { byNode, live };
  }
}

/** Nodes among `nodes` without a live, ready pod in the snapshot. */
export function nodesWithoutReadyPod(s: PodSnapshot, nodes: readonly string[]): number {
  return nodes.filter((n) => !(s.byNode.get(n) ?? []).some((p) => p.ready)).length;
}
