// One generic store per resource type, fed by list + watch (api/list-watch.ts). Views read `items` and
// `index`; they never fetch. Watch events are applied in batches (every BATCH_MS) so 100 changes a second
// cost a few renders, not a hundred.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { KubeObject, WatchEvent } from '@api/types/meta.js';
import { KINDS, type KindName } from '../api/kinds.js';
import { ListWatch, type SyncState } from '../api/list-watch.js';
import { ObjectCache } from './object-cache.js';
import { useSessionStore } from './session.js';
import { watchPool } from './watch-pool.js';

export const BATCH_MS = 100;

function define(kind: KindName) {
  return defineStore(`resources/${kind}`, () => {
    const session = useSessionStore();
    const rt = KINDS[kind];
    const cache = new ObjectCache();
    const items = shallowRef<readonly KubeObject[]>([]);
    const index = shallowRef<ReadonlyMap<string, KubeObject>>(new Map());
    /** The first list has arrived. */
    const synced = ref(false);
    const sync = shallowRef<SyncState>({ phase: 'stopped' });
    let pending: WatchEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;

    const publish = (): void => {
      items.value = Object.freeze(cache.values());
      index.value = cache.snapshot();
    };

    /** Applies the watch events received so far (the batch timer calls it; tests may too). */
    function flush(): void {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const batch = pending;
      pending = [];
      if (cache.apply(batch) > 0) publish();
    }

    const lw = new ListWatch({
      client: session.client,
      rt,
      handlers: {
        replace(list) {
          pending = [];
          cache.replace(list);
          publish();
          synced.value = true;
        },
        event(e) {
          pending.push(e);
          timer ??= setTimeout(flush, BATCH_MS);
        },
        state(s) {
          sync.value = s;
          if (s.phase === 'retrying' && s.unauthorized) session.markUnauthorized();
          if (s.phase === 'retrying') session.reportSync(kind, s.error);
          else if (s.phase === 'watching' || s.phase === 'stopped') session.reportSync(kind, undefined);
        },
      },
    });

    const pooled = {
      park(): void {
        flush();
        lw.stop();
      },
    };
    let users = 0;

    /** Keeps the store in sync while the returned function has not been called (one per view). */
    function acquire(): () => void {
      users++;
      if (users === 1) {
        watchPool.use(pooled);
        if (!lw.running) lw.start(lw.resourceVersion);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        users--;
        if (users === 0) watchPool.release(pooled);
      };
    }

    function get(namespace: string | undefined, name: string): KubeObject | undefined {
      return index.value.get(namespace ? `${namespace}/${name}` : name);
    }

    return { kind, rt, items, index, synced, sync, acquire, flush, get };
  });
}

const definitions = new Map<KindName, ReturnType<typeof define>>();

export function useResourceStore(kind: KindName) {
  let def = definitions.get(kind);
  if (!def) {
    def = define(kind);
    definitions.set(kind, def);
  }
  return def();
}

export type ResourceStore = ReturnType<typeof useResourceStore>;
