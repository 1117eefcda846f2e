// A view's stores, kept in sync while the view is shown (acquired in setup, released when it goes).
import { onScopeDispose } from 'vue';
import type { KindName } from '../api/kinds.js';
import { useResourceStore, type ResourceStore } from '../stores/resource-store.js';

export function useWatched<K extends KindName>(...kinds: K[]): { [P in K]: ResourceStore } {
  const out = {} as { [P in K]: ResourceStore };
  const releases: (() => void)[] = [];
  for (const k of kinds) {
    const store = useResourceStore(k);
    releases.push(store.acquire());
    out[k] = store;
  }
  onScopeDispose(() => releases.forEach((r) => r()));
  return out;
}
