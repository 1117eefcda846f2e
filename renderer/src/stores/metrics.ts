// Node and pod CPU/memory from metrics.k8s.io, with a short history for the Overview's charts. The
// metrics API has no watch (nor has metrics-server's): while a view uses it, this store reads it every
// REFRESH_MS, the agents' stats period. Views only read the store.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { errorMessage } from '../api/api-error.js';
import { fetchMetrics, type MetricsSample, type Usage } from '../api/metrics.js';
import { useSessionStore } from './session.js';

export const REFRESH_MS = 15_000;
const HISTORY = 40;

export const useMetricsStore = defineStore('metrics', () => {
  const session = useSessionStore();
  /** undefined until the first answer. */
  const available = ref<boolean | undefined>(undefined);
  const error = ref('');
  const latest = shallowRef<MetricsSample | undefined>(undefined);
  /** Per node, then per pod ("ns/name"): the last HISTORY samples, oldest first. */
  const nodeHistory = shallowRef<ReadonlyMap<string, Usage[]>>(new Map());
  const podHistory = shallowRef<ReadonlyMap<string, Usage[]>>(new Map());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let users = 0;

  async function refresh(): Promise<void> {
    try {
      const s = await fetchMetrics(session.client);
      available.value = s !== undefined;
      error.value = '';
      if (s) record(s);
    } catch (err) {
      error.value = errorMessage(err);
    }
    if (users > 0) timer = setTimeout(() => void refresh(), REFRESH_MS);
  }

  function record(s: MetricsSample): void {
    latest.value = s;
    nodeHistory.value = appended(nodeHistory.value, s.nodes);
    podHistory.value = appended(podHistory.value, s.pods);
  }

  function acquire(): () => void {
    users++;
    if (users === 1) void refresh();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      users--;
      if (users === 0 && timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
    };
  }

  return { available, error, latest, nodeHistory, podHistory, acquire, record };
});

function appended(prev: ReadonlyMap<string, Usage[]>, now: Map<string, Usage>): Map<string, Usage[]> {
  const next = new Map<string, Usage[]>();
  for (const [key, u] of now) next.set(key, [...(prev.get(key) ?? []), u].slice(-HISTORY));
  return next;
}
