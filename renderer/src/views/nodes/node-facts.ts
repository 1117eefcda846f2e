// Facts about a Node for its row and detail pane.
import type { Node } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '@api/types/meta.js';
import { Quantity } from '@api/quantity/quantity.js';

const asNode = (o: KubeObject): Node => o as unknown as Node;

export function internalIp(o: KubeObject): string {
  return asNode(o).status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
}

/** Capacity and allocatable side by side, one row per resource. */
export function resourceRows(o: KubeObject): [string, string, string][] {
  const st = asNode(o).status;
  const names = new Set([...Object.keys(st?.capacity ?? {}), ...Object.keys(st?.allocatable ?? {})]);
  return [...names].sort().map((k) => [k, String(st?.capacity?.[k] ?? ''), String(st?.allocatable?.[k] ?? '')]);
}

/** Allocatable CPU (millicores) and memory (bytes), for usage bars. */
export function allocatable(o: KubeObject): { cpuMilli: number; memoryBytes: number } {
  const a = asNode(o).status?.allocatable ?? asNode(o).status?.capacity ?? {};
  const q = (v: unknown, scale: number): number => {
    const parsed = Quantity.tryParse(v);
    return parsed ? Number(parsed.scaledValue(scale).value) : 0;
  };
  return { cpuMilli: q(a.cpu, -3), memoryBytes: q(a.memory, 0) };
}
