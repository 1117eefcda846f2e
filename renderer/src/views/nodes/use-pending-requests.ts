// Devices waiting for an admin's approval. The pairing API has no watch, so this polls: often while the
// pairing dialog is open (someone is pairing right now), rarely otherwise, and not while the page is hidden.
import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { CertificateRequest } from '@api/pairing/protocol.js';
import { errorMessage } from '../../api/api-error.js';
import { useSessionStore } from '../../stores/session.js';
import { pendingRequests } from './pairing-api.js';

export const FAST_POLL_MS = 2000;
export const SLOW_POLL_MS = 15_000;

export interface PendingRequests {
  items: Ref<CertificateRequest[]>;
  error: Ref<string>;
  refresh(): Promise<void>;
}

export function usePendingRequests(fast: Ref<boolean>): PendingRequests {
  const session = useSessionStore();
  const items = shallowRef<CertificateRequest[]>([]);
  const error = ref('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: AbortController | undefined;
  let disposed = false;

  async function refresh(): Promise<void> {
    inflight?.abort();
    const ctl = new AbortController();
    inflight = ctl;
    try {
      items.value = await pendingRequests(session.client, ctl.signal);
      error.value = '';
    } catch (err) {
      if (!ctl.signal.aborted) error.value = errorMessage(err);
    }
  }

  function schedule(): void {
    clearTimeout(timer);
    if (disposed) return;
    timer = setTimeout(async () => {
      if (typeof document === 'undefined' || document.visibilityState !== 'hidden') await refresh();
      schedule();
    }, fast.value ? FAST_POLL_MS : SLOW_POLL_MS);
  }

  void refresh();
  schedule();
  watch(fast, (now) => {
    if (now) void refresh();
    schedule();
  });
  onScopeDispose(() => {
    disposed = true;
    clearTimeout(timer);
    inflight?.abort();
  });
  return { items, error, refresh };
}
