import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '@api/types/meta.js';
import { ApiClient } from '../client.js';
import { KINDS } from '../kinds.js';
import { ListWatch, type SyncState } from '../list-watch.js';
import { FakeApi, pod } from './fake-api.js';

function harness(api: FakeApi) {
  const replaced: { items: KubeObject[]; rv: string }[] = [];
  const events: WatchEvent[] = [];
  const states: SyncState['phase'][] = [];
  const lw = new ListWatch({
    client: new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch }),
    rt: KINDS.pods,
    handlers: { replace: (items, rv) => replaced.push({ items, rv }), event: (e) => events.push(e), state: (s) => states.push(s.phase) },
    sleep: () => new Promise((r) => setTimeout(r, 1)),
  });
  return { lw, replaced, events, states };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
};

describe('ListWatch', () => {
  it('lists, then watches from the list resourceVersion with bookmarks, reading lines split across chunks', async () => {
    const api = new FakeApi();
    api.lists.set('/api/v1/pods', { items: [pod('a-1', '5')], resourceVersion: '7' });
    const h = harness(api);
    h.lw.start();
    const w = await api.watchOpened(1);
    expect(w.url).toBe('/api/v1/pods?watch=1&resourceVersion=7&allowWatchBookmarks=true');
    expect(h.replaced).toHaveLength(1);
    expect(h.replaced[0].items.map((p) => p.metadata.name)).toEqual(['a-1']);
    w.push({ type: 'ADDED', object: pod('b-1', '8') });
    w.push({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '9' } } });
    await until(() => h.events.length === 1);
    expect(h.events[0].object.metadata.name).toBe('b-1');
    // The server ends the watch: the next one starts from the bookmark's version, without listing again.
    w.end();
    const w2 = await api.watchOpened(2);
    expect(w2.url).toContain('resourceVersion=9');
    expect(h.replaced).toHaveLength(1);
    h.lw.stop();
  });

  it('lists again when the watch says its version is gone (410 in an ERROR event)', async () => {
    const api = new FakeApi();
    api.lists.set('/api/v1/pods', { items: [], resourceVersion: '3' });
    const h = harness(api);
    h.lw.start();
    const w = await api.watchOpened(1);
    api.lists.set('/api/v1/pods', { items: [pod('c-1', '40')], resourceVersion: '41' });
    w.push({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version: 3 (35)' } });
    const w2 = await api.watchOpened(2);
    expect(w2.url).toContain('resourceVersion=41');
    expect(h.replaced.map((r) => r.items.length)).toEqual([0, 1]);
    h.lw.stop();
  });

  it('resumes a stopped watch from where it stopped (no list)', async () => {
    const api = new FakeApi();
    api.lists.set('/api/v1/pods', { items: [], resourceVersion: '3' });
    const h = harness(api);
    h.lw.start();
    const w = await api.watchOpened(1);
    w.push({ type: 'ADDED', object: pod('d-1', '12') });
    await until(() => h.events.length === 1);
    h.lw.stop();
    h.lw.start(h.lw.resourceVersion);
    const w2 = await api.watchOpened(2);
    expect(w2.url).toContain('resourceVersion=12');
    expect(api.requests.filter((r) => !r.url.includes('watch=1'))).toHaveLength(1);
    h.lw.stop();
  });

  it('reports a 401 as unauthorized and retries', async () => {
    const api = new FakeApi();
    api.answers.set('GET /api/v1/pods', [{ status: 401, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401, message: 'Unauthorized' } }]);
    const h = harness(api);
    h.lw.start();
    await until(() => h.states.includes('retrying'));
    h.lw.stop();
  });
});
