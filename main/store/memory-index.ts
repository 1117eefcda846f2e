// The store's in-memory image of LevelDB: every current object, by resource slot, namespace and name.
// Reads are served from here; it changes only after a batch is durably written.
import type { KubeObject } from '../../api/types/meta.js';
import { resourceSlot, type StoreKey } from './keys.js';

export interface Entry {
  key: StoreKey;
  /** The revision of the last write to this key (the object's resourceVersion). */
  revision: number;
  /** Treat as immutable: callers that change an object copy it first. */
  object: KubeObject;
}

export class MemoryIndex {
  private readonly slots = new Map<string, Map<string, Map<string, Entry>>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: StoreKey): Entry | undefined {
    return this.slots.get(resourceSlot(key.group, key.resource))?.get(key.namespace)?.get(key.name);
  }

  set(entry: Entry): void {
    const slotName = resourceSlot(entry.key.group, entry.key.resource);
    let slot = this.slots.get(slotName);
    if (!slot) this.slots.set(slotName, (slot = new Map()));
    let ns = slot.get(entry.key.namespace);
    if (!ns) slot.set(entry.key.namespace, (ns = new Map()));
    if (!ns.has(entry.key.name)) this.count++;
    ns.set(entry.key.name, entry);
  }

  delete(key: StoreKey): void {
    const slot = this.slots.get(resourceSlot(key.group, key.resource));
    const ns = slot?.get(key.namespace);
    if (ns?.delete(key.name)) {
      this.count--;
      if (ns.size === 0) slot?.delete(key.namespace);
    }
  }

  /**
   * Entries of one resource, optionally one namespace, in key order (namespace, then name) —
   * the order Kubernetes lists in, which makes `continue` tokens stable.
   */
  list(group: string, resource: string, namespace?: string): Entry[] {
    const slot = this.slots.get(resourceSlot(group, resource));
    if (!slot) return [];
    const namespaces = namespace === undefined ? [...slot.keys()].sort() : [namespace];
    const out: Entry[] = [];
    for (const ns of namespaces) {
      const names = slot.get(ns);
      if (!names) continue;
      for (const name of [...names.keys()].sort()) out.push(names.get(name)!);
    }
    return out;
  }

  /** Number of objects of one resource (optionally in one namespace) without building a list. */
  countOf(group: string, resource: string, namespace?: string): number {
    const slot = this.slots.get(resourceSlot(group, resource));
    if (!slot) return 0;
    if (namespace !== undefined) return slot.get(namespace)?.size ?? 0;
    let n = 0;
    for (const names of slot.values()) n += names.size;
    return n;
  }
}
