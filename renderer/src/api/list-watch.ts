// Keeps one resource type in sync, as client-go's reflector does: list, then watch from the list's
// resourceVersion; when a watch ends, watch again from the last version seen; when that version is too old
// (410 Gone), list again. Failures back off (1 s doubling to 30 s). No polling: the watch carries all changes.
import type { ResourceType } from '@api/resources/registry.js';
import type { KubeObject, Status, WatchEvent } from '@api/types/meta.js';
import { ApiError, errorMessage } from './api-error.js';
import type { ApiClient } from './client.js';

export type SyncState =
  | { phase: 'listing' }
  | { phase: 'watching' }
  | { phase: 'retrying'; error: string; unauthorized: boolean; retryInMs: number }
  | { phase: 'stopped' };

export interface ListWatchHandlers {
  /** A complete list: everything not in it is gone. */
  replace(items: KubeObject[], resourceVersion: string): void;
  /** ADDED, MODIFIED or DELETED, in order. */
  event(e: WatchEvent): void;
  state(s: SyncState): void;
}

export interface ListWatchDeps {
  client: ApiClient;
  rt: ResourceType;
  handlers: ListWatchHandlers;
  /** Waits between retries (tests pass a fake). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

export class ListWatch {
  private abort: AbortController | undefined;
  private rv: string | undefined;

  constructor(private readonly deps: ListWatchDeps) {}

  /** The last resourceVersion seen (resume a later start() from here). */
  get resourceVersion(): string | undefined {
    return this.rv;
  }

  get running(): boolean {
    return this.abort !== undefined;
  }

  /** Starts syncing; with `resumeFrom` it watches from there instead of listing first. */
  start(resumeFrom?: string): void {
    if (this.abort) return;
    this.rv = resumeFrom;
    const abort = new AbortController();
    this.abort = abort;
    void this.run(abort.signal);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.deps.handlers.state({ phase: 'stopped' });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { client, rt, handlers } = this.deps;
    let backoff = MIN_BACKOFF_MS;
    while (!signal.aborted) {
      try {
        if (this.rv === undefined) {
          handlers.state({ phase: 'listing' });
          const list = await client.list(rt, {}, signal);
          if (signal.aborted) return;
          this.rv = list.metadata.resourceVersion ?? '0';
          handlers.replace(list.items, this.rv);
        }
        handlers.state({ phase: 'watching' });
        const watchStarted = Date.now();
        for await (const ev of client.watch(rt, this.rv, signal)) {
          if (ev.type === 'ERROR') throw new ApiError((ev.object as unknown as Status).code ?? 500, ev.object as unknown as Status);
          const rv = ev.object.metadata?.resourceVersion;
          if (rv) this.rv = rv;
          if (ev.type !== 'BOOKMARK') handlers.event(ev);
          backoff = MIN_BACKOFF_MS;
        }
        // The server ended the watch (its timeout): watch again from where it stopped, at once unless the
        // watch ended as soon as it began (a server shutting down), which waits like a failure.
        if (Date.now() - watchStarted < MIN_BACKOFF_MS && !signal.aborted) {
          await (this.deps.sleep ?? sleep)(backoff, signal);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof ApiError && (err.code === 410 || err.reason === 'Expired' || err.reason === 'Gone')) {
          this.rv = undefined;
          continue;
        }
        const unauthorized = err instanceof ApiError && err.code === 401;
        handlers.state({ phase: 'retrying', error: errorMessage(err), unauthorized, retryInMs: backoff });
        await (this.deps.sleep ?? sleep)(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
