// What the user picked and expects to find again: namespace, theme, each list's search and label filter.
import { defineStore } from 'pinia';
import { reactive, ref, watch } from 'vue';

export type Theme = 'light' | 'dark';

export interface ListFilter {
  search: string;
  labels: string;
}

const STORAGE_KEY = 'skiff.ui';

interface Saved {
  namespace?: string;
  theme?: Theme;
}

function load(): Saved {
  try {
    const v: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '{}');
    return typeof v === 'object' && v !== null ? (v as Saved) : {};
  } catch {
    return {};
  }
}

function systemTheme(): Theme {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const useUiStore = defineStore('ui', () => {
  const saved = load();
  /** '' shows all namespaces. */
  const namespace = ref(saved.namespace ?? '');
  const theme = ref<Theme>(saved.theme ?? systemTheme());
  const filters = reactive<Record<string, ListFilter>>({});
  const showHelp = ref(false);

  watch([namespace, theme], () => {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify({ namespace: namespace.value, theme: theme.value }));
    } catch {
      // storage full or disabled: the choice lasts for this tab only
    }
  });

  function filterFor(list: string): ListFilter {
    filters[list] ??= { search: '', labels: '' };
    return filters[list];
  }

  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }

  return { namespace, theme, filters, showHelp, filterFor, toggleTheme };
});
