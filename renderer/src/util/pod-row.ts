// What the Pods list shows of a pod, computed once per object version (objects are replaced on change,
// so a WeakMap keyed by the object is an exact cache): kubectl's READY and STATUS, restarts, node, IP.
import { podPrinter } from '@api/printers/pod.js';
import type { KubeObject } from '@api/types/meta.js';

export interface PodRow {
  ready: string;
  status: string;
  restarts: number;
  node: string;
  ip: string;
}

const cache = new WeakMap<KubeObject, PodRow>();
const EPOCH = new Date(0);

export function podRow(pod: KubeObject): PodRow {
  let row = cache.get(pod);
  if (!row) {
    // Ready (1) and Status (2) do not depend on the time; restarts are counted here without "(5m ago)".
    const cells = podPrinter.cells(pod, EPOCH);
    const status = pod.status as { containerStatuses?: { restartCount?: number }[]; initContainerStatuses?: { restartCount?: number }[]; podIP?: string } | undefined;
    const restarts = [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? [])].reduce((n, c) => n + (c.restartCount ?? 0), 0);
    row = {
      ready: String(cells[1]),
      status: String(cells[2]),
      restarts,
      node: (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '',
      ip: status?.podIP ?? '',
    };
    cache.set(pod, row);
  }
  return row;
}

/** Pods by phase for the Overview (Pending, Running, Succeeded, Failed, Unknown). */
export function countPhases(pods: readonly KubeObject[]): Record<string, number> {
  const out: Record<string, number> = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0, Unknown: 0 };
  for (const p of pods) {
    const phase = (p.status as { phase?: string } | undefined)?.phase ?? 'Pending';
    out[phase] = (out[phase] ?? 0) + 1;
  }
  return out;
}
