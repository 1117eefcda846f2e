// The connection to the API and whether we are signed in. Browser mode signs in through the one-time URL
// `skiff serve --ui` prints; a 401 later means the session ended.
import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowRef } from 'vue';
import { ApiClient } from '../api/client.js';
import { connectionFromHost } from '../api/connection.js';

export const useSessionStore = defineStore('session', () => {
  const unauthorized = ref(false);
  const client = shallowRef<ApiClient>(markRaw(new ApiClient({
    connection: connectionFromHost(typeof window === 'undefined' ? {} : window),
    onUnauthorized: () => { unauthorized.value = true; },
  })));
  const browserMode = client.value.connection.token === undefined;

  /** Replaces the client (tests, or Electron handing over a connection late). Call before stores start. */
  function useClient(c: ApiClient): void {
    client.value = markRaw(c);
  }

  function markUnauthorized(): void {
    unauthorized.value = true;
  }

  /** Watches that are failing, by resource, with their last error: the views' data may be stale. */
  const failing = reactive(new Map<string, string>());
  function reportSync(resource: string, error: string | undefined): void {
    if (error === undefined) failing.delete(resource);
    else failing.set(resource, error);
  }
  const connectionProblem = computed(() => (failing.size === 0 ? '' : [...failing.values()][0]));

  async function signOut(): Promise<void> {
    await fetch('/ui/logout', { method: 'POST', headers: { 'X-Skiff-CSRF': '1' }, credentials: 'same-origin' });
    unauthorized.value = true;
  }

  return { client, unauthorized, browserMode, connectionProblem, useClient, markUnauthorized, reportSync, signOut };
});
