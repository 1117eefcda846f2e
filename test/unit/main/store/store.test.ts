import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Store, CompactedError, KeyExistsError, KeyNotFoundError, RevisionConflictError, type Change } from '../../../../main/store/index.js';
import type { KubeObject } from '../../../../api/types/meta.js';
import { tempDir } from '../../../helpers/tmp.js';

const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });
const key = (name: string, namespace = 'default') => ({ group: '', resource: 'configmaps', namespace, name });

test('writes get increasing revisions, stamped as resourceVersion', async () => {
  const dir = tempDir();
  const store = await Store.open(join(dir.path, 'db'));
  try {
    const a = await store.create(key('a'), cm('a'));
    const b = await store.create(key('b'), cm('b'));
    assert.equal(a.metadata.resourceVersion, '1');
    assert.equal(b.metadata.resourceVersion, '2');
    assert.equal(store.revision, 2);
    assert.equal(store.get(key('a'))?.revision, 1);
    assert.deepEqual(store.list('', 'configmaps').entries.map((e) => e.key.name), ['a', 'b']);
  } finally {
    await store.close();
    dir.remove();
  }
});

test('create of an existing key, update of a missing one and stale revisions are refused', async () => {
  const dir = tempDir();
  const store = await Store.open(join(dir.path, 'db'));
  try {
    await store.create(key('a'), cm('a'));
    await assert.rejects(store.create(key('a'), cm('a')), KeyExistsError);
    await assert.rejects(store.update(key('zzz'), cm('zzz')), KeyNotFoundError);
    await store.update(key('a'), cm('a', { x: '1' }), 1);
    await assert.rejects(store.update(key('a'), cm('a', { x: '2' }), 1), RevisionConflictError);
    assert.deepEqual(store.get(key('a'))?.object.data, { x: '1' });
    await assert.rejects(store.delete(key('a'), 1), RevisionConflictError);
    await store.delete(key('a'), 2);
    assert.equal(store.get(key('a')), undefined);
  } finally {
    await store.close();
    dir.remove();
  }
});

test('concurrent writes are grouped into fewer synced batches, each with its own revision', async () => {
  const dir = tempDir();
  const store = await Store.open(join(dir.path, 'db'));
  try {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.create(key(`c${i}`), cm(`c${i}`))));
    const revs = results.map((r) => Number(r.metadata.resourceVersion)).sort((x, y) => x - y);
    assert.deepEqual(revs, Array.from({ length: 50 }, (_, i) => i + 1));
    assert.ok(store.commitStats.batches < 50, `expected group commit, got ${store.commitStats.batches} batches`);
  } finally {
    await store.close();
    dir.remove();
  }
});

test('a conflicting write in the same group fails alone', async () => {
  const dir = tempDir();
  const store = await Store.open(join(dir.path, 'db'));
  try {
    const results = await Promise.allSettled([store.create(key('x'), cm('x')), store.create(key('x'), cm('x')), store.create(key('y'), cm('y'))]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  } finally {
    await store.close();
    dir.remove();
  }
});

test('watch replays history after a revision, then streams live changes, filtered by namespace', async () => {
  const dir = tempDir();
  const store = await Store.open(join(dir.path, 'db'));
  try {
    await store.create(key('a'), cm('a'));
    await store.create(key('b', 'other'), cm('b'));
    await store.update(key('a'), cm('a', { v: '2' }));
    const seen: Change[] = [];
    const sub = store.watch({ group: '', resource: 'configmaps', namespace: 'default' }, 1, (c) => seen.push(c));
    await store.delete(key('a'));
    await store.create(key('c', 'other'), cm('c'));
    sub.cancel();
    await store.create(key('d'), cm('d'));
    assert.deepEqual(seen.map((c) => [c.type, c.key.name, c.revision]), [['MODIFIED', 'a', 3], ['DELETED', 'a', 4]]);
    assert.equal(seen[1].object.metadata.resourceVersion, '4');
    assert.deepEqual(seen[0].previous?.data, {});
  } finally {
    await store.close();
    dir.remove();
  }
});

test('a watch from before the history window is refused as compacted', async () => {
  const dir = tempDir();
  const store = await Store.open(join(dir.path, 'db'), { historyWindow: 5 });
  try {
    for (let i = 0; i < 12; i++) await store.create(key(`k${i}`), cm(`k${i}`));
    assert.throws(() => store.watch({ group: '', resource: 'configmaps' }, 2, () => {}), CompactedError);
    const seen: number[] = [];
    store.watch({ group: '', resource: 'configmaps' }, 7, (c) => seen.push(c.revision)).cancel();
    assert.deepEqual(seen, [8, 9, 10, 11, 12]);
  } finally {
    await store.close();
    dir.remove();
  }
});

test('objects, revision and watch history survive a restart', async () => {
  const dir = tempDir();
  const path = join(dir.path, 'db');
  let store = await Store.open(path);
  await store.create(key('a'), cm('a'));
  await store.update(key('a'), cm('a', { v: '1' }));
  await store.create(key('b'), cm('b'));
  await store.delete(key('b'));
  await store.close();
  store = await Store.open(path);
  try {
    assert.equal(store.revision, 4);
    assert.deepEqual(store.get(key('a'))?.object.data, { v: '1' });
    assert.equal(store.get(key('b')), undefined);
    const seen: string[] = [];
    store.watch({ group: '', resource: 'configmaps' }, 1, (c) => seen.push(`${c.type}:${c.key.name}`)).cancel();
    assert.deepEqual(seen, ['MODIFIED:a', 'ADDED:b', 'DELETED:b']);
    const next = await store.create(key('c'), cm('c'));
    assert.equal(next.metadata.resourceVersion, '5');
  } finally {
    await store.close();
    dir.remove();
  }
});

test('close waits for queued writes and later writes are refused', async () => {
  const dir = tempDir();
  const store = await Store.open(join(dir.path, 'db'));
  const pending = Array.from({ length: 20 }, (_, i) => store.create(key(`w${i}`), cm(`w${i}`)));
  await store.close();
  const results = await Promise.allSettled(pending);
  assert.ok(results.every((r) => r.status === 'fulfilled'));
  await assert.rejects(store.create(key('late'), cm('late')));
  const again = await Store.open(join(dir.path, 'db'));
  assert.equal(again.objectCount, 20);
  await again.close();
  dir.remove();
});

test('a watcher that throws is dropped without disturbing writes or other watchers', async () => {
  const dir = tempDir();
  const store = await Store.open(join(dir.path, 'db'));
  try {
    const good: string[] = [];
    let dropped: unknown;
    store.watch({ group: '', resource: 'configmaps' }, store.revision, () => { throw new Error('broken consumer'); }, (err) => { dropped = err; });
    store.watch({ group: '', resource: 'configmaps' }, store.revision, (c) => good.push(c.key.name));
    await store.create(key('a'), cm('a'));
    await store.create(key('b'), cm('b'));
    assert.deepEqual(good, ['a', 'b']);
    assert.match(String(dropped), /broken consumer/);
    assert.equal(store.watcherCount, 1);
  } finally {
    await store.close();
    dir.remove();
  }
});
