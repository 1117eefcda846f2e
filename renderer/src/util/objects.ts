// Relations between objects the views draw: a workload's pods, an object's events, a node's pods.
import { selectorFromLabelSelector, selectorFromSet, type Selector } from '@api/selectors/label-selector.js';
import type { KubeObject, LabelSelector } from '@api/types/meta.js';

/** The pod selector of a workload (RCs use a plain map, the others a LabelSelector). */
export function podSelectorOf(obj: KubeObject): Selector | undefined {
  const spec = obj.spec as { selector?: LabelSelector | Record<string, string> } | undefined;
  const sel = spec?.selector;
  if (!sel) return undefined;
  if (obj.kind === 'ReplicationController') return selectorFromSet(sel as Record<string, string>);
  try {
    return selectorFromLabelSelector(sel as LabelSelector);
  } catch {
    return undefined;
  }
}

/** Pods in the workload's namespace its selector matches (for CronJobs: those of Jobs it owns, by label). */
export function podsOf(obj: KubeObject, pods: readonly KubeObject[]): KubeObject[] {
  const sel = podSelectorOf(obj);
  if (!sel) return [];
  return pods.filter((p) => p.metadata.namespace === obj.metadata.namespace && sel.matches(p.metadata.labels ?? {}));
}

export function eventsFor(obj: KubeObject, events: readonly KubeObject[]): KubeObject[] {
  const uid = obj.metadata.uid;
  return events
    .filter((e) => {
      const io = e.involvedObject as { uid?: string; kind?: string; name?: string; namespace?: string } | undefined;
      if (!io) return false;
      if (uid && io.uid) return io.uid === uid;
      return io.kind === obj.kind && io.name === obj.metadata.name && (io.namespace ?? '') === (obj.metadata.namespace ?? '');
    })
    .sort((a, b) => eventTime(b) - eventTime(a));
}

export function eventTime(e: KubeObject): number {
  const t = (e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp) as string | undefined;
  return t ? Date.parse(t) || 0 : 0;
}

/** A copy without the fields no one edits by hand (for YAML views and the editor). */
export function forDisplay(obj: KubeObject, opts: { keepStatus?: boolean } = {}): KubeObject {
  const { managedFields: _m, ...metadata } = obj.metadata;
  const out: KubeObject = { ...obj, metadata };
  if (!opts.keepStatus) delete out.status;
  return out;
}
