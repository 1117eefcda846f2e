// The object a list view shows in its detail pane, from the route (/pods/:namespace/:name).
import { computed, type ComputedRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { KubeObject } from '@api/types/meta.js';
import { param } from '../router.js';
import type { ResourceStore } from '../stores/resource-store.js';
import { objectKey } from '../stores/object-cache.js';

export interface Selection {
  key: ComputedRef<string | undefined>;
  object: ComputedRef<KubeObject | undefined>;
  select(obj: KubeObject): void;
  close(): void;
}

export function useSelection(routeName: string, store: () => ResourceStore | undefined, extraParams: () => Record<string, string> = () => ({})): Selection {
  const route = useRoute();
  const router = useRouter();
  const key = computed(() => {
    const name = param(route.params.name);
    if (name === '') return undefined;
    const ns = param(route.params.namespace);
    return ns ? `${ns}/${name}` : name;
  });
  const object = computed(() => (key.value === undefined ? undefined : store()?.index.get(key.value)));
  return {
    key,
    object,
    select(obj) {
      if (objectKey(obj) === key.value) return;
      const ns = obj.metadata.namespace;
      void router.replace({ name: routeName, params: { ...extraParams(), ...(ns ? { namespace: ns } : {}), name: obj.metadata.name } });
    },
    close() {
      void router.replace({ name: routeName, params: extraParams() });
    },
  };
}
