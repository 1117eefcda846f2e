// API semantics kubectl and controllers rely on, checked at the HTTP level: pagination, watch history
// and 410, bookmarks, Table watches, status/spec separation, generation, finalizers, graceful pod
// deletion, binding, dry-run, deletecollection, bearer tokens and namespace termination.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { apiClient } from '../../helpers/http.js';

interface Obj { metadata: { name: string; resourceVersion: string; generation?: number; deletionTimestamp?: string; finalizers?: string[]; uid?: string }; spec?: Record<string, unknown>; status?: Record<string, unknown> }
interface List { metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; items: Obj[] }

describe('API semantics', () => {
  let c: TestCluster;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    c = await startTestCluster({ historyWindow: 50 });
    api = apiClient(c.cp);
  });
  after(async () => {
    api.close();
    await c.stop();
  });

  const json = (body: unknown) => ({ body: JSON.stringify(body) });
  const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { k: name } });
  const cms = '/api/v1/namespaces/default/configmaps';

  /** Opens a watch and collects its lines until `until` holds or 5 s pass. */
  function watchLines(path: string, until: (lines: Record<string, unknown>[]) => boolean, accept = 'application/json'): Promise<Record<string, unknown>[]> {
    return new Promise((resolve, reject) => {
      const lines: Record<string, unknown>[] = [];
      const req = request(new URL(path, c.cp.url), { ca: c.cp.pki.caCertPem, cert: c.cp.pki.admin.certPem, key: c.cp.pki.admin.keyPem, headers: { Accept: accept } }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        const finish = (): void => { clearTimeout(timer); req.destroy(); resolve(lines); };
        const timer = setTimeout(finish, 5000);
        res.on('data', (d: string) => {
          buf += d;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            lines.push(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
            buf = buf.slice(nl + 1);
          }
          if (until(lines)) finish();
        });
        res.on('end', finish);
      });
      req.on('error', (e) => (lines.length > 0 ? resolve(lines) : reject(e)));
      req.end();
    });
  }

  test('limit and continue page through a list in key order', async () => {
    for (let i = 0; i < 7; i++) await api.request('POST', cms, json(cm(`page-${i}`, { paged: 'yes' })));
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = (await api.request('GET', `${cms}?labelSelector=paged%3Dyes&limit=3${token ? `&continue=${encodeURIComponent(token)}` : ''}`)).json<List>();
      names.push(...r.items.map((i) => i.metadata.name));
      token = r.metadata.continue;
      pages++;
    } while (token && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(names, Array.from({ length: 7 }, (_, i) => `page-${i}`));
    const bad = await api.request('GET', `${cms}?limit=2&continue=garbage!`);
    assert.equal(bad.status, 400);
  });

  test('a watch from a listed resourceVersion sees only later changes; one from before the window gets 410 in-stream', async () => {
    const list = (await api.request('GET', cms)).json<List>();
    const watching = watchLines(`${cms}?watch=true&resourceVersion=${list.metadata.resourceVersion}`, (l) => l.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    await api.request('POST', cms, json(cm('after-list')));
    const lines = await watching;
    assert.equal(lines[0].type, 'ADDED');
    assert.equal((lines[0].object as Obj).metadata.name, 'after-list');
    for (let i = 0; i < 60; i++) await api.request('PUT', `${cms}/after-list`, json({ ...cm('after-list'), data: { n: String(i) } }));
    const gone = await watchLines(`${cms}?watch=true&resourceVersion=1`, (l) => l.length >= 1);
    assert.equal(gone[0].type, 'ERROR');
    assert.deepEqual([(gone[0].object as { code: number }).code, (gone[0].object as { reason: string }).reason], [410, 'Expired']);
  });

  test('watch with resourceVersion=0 starts with the current objects; bookmarks mark the end of initial events', async () => {
    const lines = await watchLines(`${cms}?watch=true&labelSelector=paged%3Dyes&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`, (l) => l.some((x) => x.type === 'BOOKMARK'));
    assert.equal(lines.filter((l) => l.type === 'ADDED').length, 7);
    const bookmark = lines.find((l) => l.type === 'BOOKMARK')!.object as { metadata: { annotations: Record<string, string> } };
    assert.equal(bookmark.metadata.annotations['k8s.io/initial-events-end'], 'true');
  });

  test('a label-filtered watch sees an object enter (ADDED) and leave (DELETED) the selection', async () => {
    await api.request('POST', cms, json(cm('mover')));
    const rv = (await api.request('GET', cms)).json<List>().metadata.resourceVersion;
    const watching = watchLines(`${cms}?watch=true&labelSelector=stage%3Dlive&resourceVersion=${rv}`, (l) => l.length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    await api.request('PATCH', `${cms}/mover`, { body: '{"metadata":{"labels":{"stage":"live"}}}', contentType: 'application/merge-patch+json' });
    await api.request('PATCH', `${cms}/mover`, { body: '{"metadata":{"labels":{"stage":"old"}}}', contentType: 'application/merge-patch+json' });
    assert.deepEqual((await watching).map((l) => l.type), ['ADDED', 'DELETED']);
  });

  test('a Table watch sends one-row Tables, column definitions first only', async () => {
    const rv = (await api.request('GET', cms)).json<List>().metadata.resourceVersion;
    const watching = watchLines(`${cms}?watch=true&resourceVersion=${rv}`, (l) => l.length >= 2, 'application/json;as=Table;v=v1;g=meta.k8s.io');
    await new Promise((r) => setTimeout(r, 100));
    await api.request('POST', cms, json(cm('t1')));
    await api.request('POST', cms, json(cm('t2')));
    const [a, b] = (await watching).map((l) => l.object as { kind: string; columnDefinitions: unknown[]; rows: { cells: unknown[] }[] });
    assert.equal(a.kind, 'Table');
    assert.ok(a.columnDefinitions.length >= 3);
    assert.equal(b.columnDefinitions.length, 0);
    assert.equal(b.rows[0].cells[0], 't2');
  });

  test('spec writes ignore status and bump generation; status writes ignore spec', async () => {
    const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'gen' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } };
    const path = '/apis/apps/v1/namespaces/default/deployments';
    const created = (await api.request('POST', path, json({ ...base, status: { replicas: 99 } }))).json<Obj>();
    assert.equal(created.metadata.generation, 1);
    assert.deepEqual(created.status, {});
    const same = (await api.request('PUT', `${path}/gen`, json({ ...base, status: { replicas: 5 } }))).json<Obj>();
    assert.equal(same.metadata.generation, 1, 'status in a spec write is ignored, so nothing changed');
    assert.equal(same.metadata.resourceVersion, created.metadata.resourceVersion, 'an update that changes nothing is not written');
    const st = (await api.request('PUT', `${path}/gen/status`, json({ ...base, spec: { ...base.spec, replicas: 7 }, status: { replicas: 3, observedGeneration: 1 } }))).json<Obj>();
    assert.equal(st.status?.replicas, 3);
    assert.equal(st.spec?.replicas, 1, 'spec in a status write is ignored');
    assert.equal(st.metadata.generation, 1);
    const bumped = (await api.request('PATCH', `${path}/gen`, { body: '{"spec":{"replicas":4}}', contentType: 'application/merge-patch+json' })).json<Obj>();
    assert.equal(bumped.metadata.generation, 2);
    assert.equal(bumped.status?.replicas, 3);
  });

  test('finalizers hold a deleted object until the last one is removed', async () => {
    await api.request('POST', cms, json({ ...cm('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } }));
    const del = await api.request('DELETE', `${cms}/held`);
    assert.equal(del.status, 200);
    const marked = (await api.request('GET', `${cms}/held`)).json<Obj>();
    assert.ok(marked.metadata.deletionTimestamp, 'marked for deletion');
    const refused = await api.request('PATCH', `${cms}/held`, { body: '{"metadata":{"finalizers":["example.com/hold","new"]}}', contentType: 'application/merge-patch+json' });
    assert.equal(refused.status, 422);
    await api.request('PATCH', `${cms}/held`, { body: '{"metadata":{"finalizers":null}}', contentType: 'application/merge-patch+json' });
    assert.equal((await api.request('GET', `${cms}/held`)).status, 404);
  });

  test('a bound pod is deleted gracefully: marked first, removed by a zero-grace delete', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    await api.request('POST', pods, json({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bound' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }));
    await api.request('POST', '/api/v1/nodes', json({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }));
    const bind = await api.request('POST', `${pods}/bound/binding`, json({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bound' }, target: { kind: 'Node', name: 'n1' } }));
    assert.equal(bind.status, 201);
    const again = await api.request('POST', `${pods}/bound/binding`, json({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bound' }, target: { kind: 'Node', name: 'n2' } }));
    assert.equal(again.status, 409);
    const pod = (await api.request('GET', `${pods}/bound`)).json<{ spec: { nodeName: string }; status: { conditions: { type: string; status: string }[] } }>();
    assert.equal(pod.spec.nodeName, 'n1');
    assert.deepEqual(pod.status.conditions.map((x) => [x.type, x.status]), [['PodScheduled', 'True']]);
    const graceful = (await api.request('DELETE', `${pods}/bound`)).json<Obj & { metadata: { deletionGracePeriodSeconds: number } }>();
    assert.equal(graceful.metadata.deletionGracePeriodSeconds, 30);
    assert.equal((await api.request('GET', `${pods}/bound`)).status, 200, 'still there for its node to stop');
    await api.request('DELETE', `${pods}/bound`, json({ gracePeriodSeconds: 0 }));
    assert.equal((await api.request('GET', `${pods}/bound`)).status, 404);
  });

  test('dryRun=All creates and deletes nothing; deletecollection removes the selection', async () => {
    const dry = await api.request('POST', `${cms}?dryRun=All`, json(cm('dry')));
    assert.equal(dry.status, 201);
    assert.equal((await api.request('GET', `${cms}/dry`)).status, 404);
    const dryDel = await api.request('DELETE', `${cms}/page-0`, json({ dryRun: ['All'] }));
    assert.equal(dryDel.status, 200);
    assert.equal((await api.request('GET', `${cms}/page-0`)).status, 200);
    const all = await api.request('DELETE', `${cms}?labelSelector=paged%3Dyes`);
    assert.equal(all.status, 200);
    assert.equal((await api.request('GET', `${cms}?labelSelector=paged%3Dyes`)).json<List>().items.length, 0);
  });

  test('a bearer token authenticates; a wrong one is 401', async () => {
    const token = c.cp.tokens.issue({ name: 'gui', groups: ['system:masters'] }, 60);
    const ok = await api.request('GET', '/api/v1/namespaces', { as: 'none', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    const bad = await api.request('GET', '/api/v1/namespaces', { as: 'none', headers: { Authorization: 'Bearer nope' } });
    assert.equal(bad.status, 401);
    const viewer = c.cp.tokens.issue({ name: 'viewer', groups: [] }, 60);
    const forbidden = await api.request('GET', '/api/v1/namespaces/default/secrets', { as: 'none', headers: { Authorization: `Bearer ${viewer}` } });
    assert.equal(forbidden.status, 403);
    assert.match(forbidden.json<{ message: string }>().message, /User "viewer" cannot list resource "secrets" in API group "" in the namespace "default"/);
  });

  test('deleting a namespace turns it Terminating and refuses new content', async () => {
    await api.request('POST', '/api/v1/namespaces', json({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } }));
    const del = await api.request('DELETE', '/api/v1/namespaces/doomed');
    assert.equal(del.status, 200);
    const ns = (await api.request('GET', '/api/v1/namespaces/doomed')).json<{ status: { phase: string }; spec: { finalizers: string[] } }>();
    assert.equal(ns.status.phase, 'Terminating');
    assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
    const refused = await api.request('POST', '/api/v1/namespaces/doomed/configmaps', json(cm('late')));
    assert.equal(refused.status, 403);
    assert.match(refused.json<{ message: string }>().message, /because it is being terminated/);
    const fin = await api.request('PUT', '/api/v1/namespaces/doomed/finalize', json({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' }, spec: { finalizers: [] } }));
    assert.equal(fin.status, 200);
    assert.equal((await api.request('GET', '/api/v1/namespaces/doomed')).status, 404);
  });
});
