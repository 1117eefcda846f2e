import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ApiClient } from '../../api/client.js';
import { FakeApi, pod } from '../../api/__tests__/fake-api.js';
import { BATCH_MS, useResourceStore } from '../resource-store.js';
import { useSessionStore } from '../session.js';
import { WatchPool } from '../watch-pool.js';

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
};

describe('resource store (list + watch, batched)', () => {
  let api: FakeApi;
  beforeEach(() => {
    setActivePinia(createPinia());
    api = new FakeApi();
    useSessionStore().useClient(new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch }));
  });

  it('holds the listed objects, then applies watch events in one batch per BATCH_MS', async () => {
    api.lists.set('/api/v1/pods', { items: [pod('a-1', '1'), pod('a-2', '2')], resourceVersion: '2' });
    const store = useResourceStore('pods');
    const release = store.acquire();
    const w = await api.watchOpened(1);
    expect(store.synced).toBe(true);
    expect(store.items.map((p) => p.metadata.name).sort()).toEqual(['a-1', 'a-2']);

    const published: number[] = [];
    const before = store.items;
    w.push({ type: 'MODIFIED', object: pod('a-1', '3', { status: { phase: 'Failed' } }) });
    w.push({ type: 'ADDED', object: pod('b-1', '4') });
    w.push({ type: 'DELETED', object: pod('a-2', '5') });
    await settle();
    // Not applied yet: events wait for the batch.
    expect(store.items).toBe(before);
    await new Promise((r) => setTimeout(r, BATCH_MS + 20));
    published.push(store.items.length);
    expect(store.items).not.toBe(before);
    expect(store.items.map((p) => p.metadata.name).sort()).toEqual(['a-1', 'b-1']);
    expect((store.get('default', 'a-1')?.status as { phase: string }).phase).toBe('Failed');
    expect(store.get('default', 'a-2')).toBeUndefined();
    release();
  });

  it('says when the API cannot be reached, and stops saying it once the watch runs', async () => {
    api.answers.set('GET /api/v1/pods', [{ status: 503, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'ServiceUnavailable', code: 503, message: 'the API server is shutting down' } }]);
    const session = useSessionStore();
    const store = useResourceStore('pods');
    const release = store.acquire();
    for (let i = 0; i < 50 && session.connectionProblem === ''; i++) await settle();
    expect(session.connectionProblem).toBe('the API server is shutting down');
    release();
  });

  it('stores objects raw (not deep reactive proxies), so 1,000 pods stay cheap', async () => {
    api.lists.set('/api/v1/pods', { items: Array.from({ length: 1000 }, (_, i) => pod(`p-${i}`, String(i))), resourceVersion: '1000' });
    const store = useResourceStore('pods');
    const release = store.acquire();
    await api.watchOpened(1);
    expect(store.items).toHaveLength(1000);
    const { isReactive, isProxy } = await import('vue');
    expect(isReactive(store.items[0])).toBe(false);
    expect(isProxy(store.items[0])).toBe(false);
    release();
  });
});

describe('watch pool', () => {
  it('keeps released watches lingering, and parks the oldest when a new one needs room', () => {
    vi.useFakeTimers();
    try {
      const pool = new WatchPool(2, 60_000);
      const parked: string[] = [];
      const w = (name: string) => ({ park: () => parked.push(name) });
      const [a, b, c] = [w('a'), w('b'), w('c')];
      pool.use(a);
      pool.use(b);
      pool.release(a);
      expect(parked).toEqual([]);
      pool.use(c);
      expect(parked).toEqual(['a']);
      pool.release(b);
      vi.advanceTimersByTime(60_001);
      expect(parked).toEqual(['a', 'b']);
      expect(pool.open).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a store used again before its linger ends keeps its watch (no new list)', async () => {
    setActivePinia(createPinia());
    const api = new FakeApi();
    useSessionStore().useClient(new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch }));
    api.lists.set('/api/v1/nodes', { items: [], resourceVersion: '1' });
    const store = useResourceStore('nodes');
    store.acquire()();
    await api.watchOpened(1);
    const release = store.acquire();
    await settle();
    expect(api.watches).toHaveLength(1);
    expect(api.requests.filter((r) => r.url === '/api/v1/nodes')).toHaveLength(1);
    release();
  });
});
