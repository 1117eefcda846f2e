// Informers over the in-process transport of a real control plane: initial list, live events,
// indexes, and recovery when the watch history is compacted underneath them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { Informer } from '../../../client/informer.js';
import type { Transport } from '../../../client/transport.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { waitFor } from '../../helpers/wait.js';

const CMS = findResource('', 'v1', 'configmaps')!;
const cm = (name: string, data: Record<string, string> = {}, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

describe('informer', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  before(async () => {
    c = await startTestCluster({ historyWindow: 20 });
    t = new InProcessTransport(c.cp.registry, 'test');
  });
  after(async () => { await c.stop(); });

  test('lists, then follows adds, updates and deletes; indexes follow too', async () => {
    await t.create(CMS, 'default', cm('pre', {}, { team: 'a' }));
    const inf = new Informer(t, CMS, { namespace: 'default' });
    const log: string[] = [];
    inf.addIndex('team', (o) => [o.metadata.labels?.team ?? '']);
    inf.addEventHandler({ onAdd: (o) => log.push(`add ${o.metadata.name}`), onUpdate: (_a, b) => log.push(`update ${b.metadata.name}`), onDelete: (o) => log.push(`delete ${o.metadata.name}`) });
    inf.start();
    await inf.waitForSync();
    await t.create(CMS, 'default', cm('live', {}, { team: 'b' }));
    await t.patch(CMS, 'default', 'live', 'merge', { metadata: { labels: { team: 'a' } } });
    await t.delete(CMS, 'default', 'pre');
    await waitFor('events', () => log.length >= 4);
    inf.stop();
    assert.deepEqual(log, ['add pre', 'add live', 'update live', 'delete pre']);
    assert.deepEqual(inf.byIndex('team', 'a').map((o) => o.metadata.name), ['live']);
    assert.deepEqual(inf.byIndex('team', 'b'), []);
  });

  test('a watch answered with 410 makes the informer relist and report what changed meanwhile', async () => {
    await t.create(findResource('', 'v1', 'namespaces')!, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gap' } });
    await t.create(CMS, 'gap', cm('a'));
    for (let i = 0; i < 30; i++) await t.create(CMS, 'default', cm(`filler-${i}`));
    // The first list claims an old revision, so the first watch starts below the history window.
    let lists = 0;
    const stale: Transport = Object.assign(Object.create(t) as Transport, {
      list: async (...args: Parameters<Transport['list']>) => {
        const l = await t.list(...args);
        if (lists++ === 0) (l.metadata as { resourceVersion?: string }).resourceVersion = '1';
        return l;
      },
    });
    const inf = new Informer(stale, CMS, { namespace: 'gap', retryMs: 10 });
    const seen: string[] = [];
    inf.addEventHandler({ onAdd: (o) => seen.push(`add ${o.metadata.name}`), onUpdate: (_a, b) => seen.push(`update ${b.metadata.name} ${String((b.data as Record<string, string>).v)}`) });
    inf.start();
    await inf.waitForSync();
    await waitFor('a relist after the 410', () => lists >= 2, { timeoutMs: 5000 });
    await t.update(CMS, 'gap', 'a', cm('a', { v: 'changed' }));
    await waitFor('the change after the relist', () => seen.includes('update a changed'), { timeoutMs: 5000 });
    inf.stop();
    assert.deepEqual(seen, ['add a', 'update a changed']);
  });
});
