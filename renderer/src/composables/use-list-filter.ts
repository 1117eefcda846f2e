// Namespace, search text and label selector for a list: the same three controls on every list view.
import { computed, type ComputedRef, type Ref } from 'vue';
import { parseLabelSelector } from '@api/selectors/label-parser.js';
import type { Selector } from '@api/selectors/label-selector.js';
import type { KubeObject } from '@api/types/meta.js';
import { useUiStore, type ListFilter } from '../stores/ui.js';

export interface ListFilterResult<T> {
  filter: ListFilter;
  rows: ComputedRef<T[]>;
  /** The label selector's parse error (the list is then unfiltered by labels). */
  labelError: ComputedRef<string>;
}

export function compileLabelFilter(text: string): { selector?: Selector; error: string } {
  if (text.trim() === '') return { error: '' };
  try {
    return { selector: parseLabelSelector(text.trim()), error: '' };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Lower-cased words that must all occur in the object's name, namespace or `extra` text. */
export function matchesSearch(search: string, obj: KubeObject, extra = ''): boolean {
  const words = search.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return true;
  const hay = `${obj.metadata.name ?? ''} ${obj.metadata.namespace ?? ''} ${extra}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function useListFilter<T extends KubeObject>(
  list: string,
  items: Ref<readonly T[]>,
  opts: { namespaced?: boolean; searchText?: (o: T) => string } = {},
): ListFilterResult<T> {
  const ui = useUiStore();
  const filter = ui.filterFor(list);
  const label = computed(() => compileLabelFilter(filter.labels));
  const rows = computed(() => {
    const ns = opts.namespaced === false ? '' : ui.namespace;
    const sel = label.value.selector;
    const search = filter.search;
    return items.value.filter((o) =>
      (ns === '' || o.metadata.namespace === ns)
      && (!sel || sel.matches(o.metadata.labels ?? {}))
      && matchesSearch(search, o, opts.searchText?.(o)));
  });
  return { filter, rows, labelError: computed(() => label.value.error) };
}
