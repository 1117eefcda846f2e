// The objects of one resource type, by namespace/name, kept current from a list and watch events.
import { markRaw } from 'vue';
import type { KubeObject, WatchEvent } from '@api/types/meta.js';

export function objectKey(obj: Pick<KubeObject, 'metadata'>): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : name ?? '';
}

export class ObjectCache {
  private readonly map = new Map<string, KubeObject>();

  replace(items: readonly KubeObject[]): void {
    this.map.clear();
    for (const o of items) this.map.set(objectKey(o), raw(o));
  }

  /** Applies events in order; returns how many changed the cache. */
  apply(events: readonly WatchEvent[]): number {
    let changed = 0;
    for (const e of events) {
      const key = objectKey(e.object);
      if (e.type === 'DELETED') {
        if (this.map.delete(key)) changed++;
      } else if (e.type === 'ADDED' || e.type === 'MODIFIED') {
        this.map.set(key, raw(e.object));
        changed++;
      }
    }
    return changed;
  }

  values(): KubeObject[] {
    return [...this.map.values()];
  }

  /** A snapshot of the index (views look objects up by key without scanning). */
  snapshot(): ReadonlyMap<string, KubeObject> {
    return new Map(this.map);
  }
}

// Objects are replaced, never mutated: Vue need not make them deeply reactive (1,000 pods stay cheap).
function raw(o: KubeObject): KubeObject {
  return markRaw(o);
}
