// The HTTPS transport against a real control plane, with the admin kubeconfig: the same informer and
// verbs as in-process, plus errors turned back into StatusErrors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../../api/resources/registry.js';
import { StatusError } from '../../../api/errors/status-error.js';
import { HttpTransport } from '../../../client/http-transport.js';
import { Informer } from '../../../client/informer.js';
import { loadKubeconfig } from '../../../client/kubeconfig.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { waitFor } from '../../helpers/wait.js';

const CMS = findResource('', 'v1', 'configmaps')!;

describe('HttpTransport', () => {
  let c: TestCluster;
  let t: HttpTransport;
  before(async () => {
    c = await startTestCluster();
    t = new HttpTransport({ ...loadKubeconfig(c.kubeconfig), userAgent: 'skiff-test/1.0' });
  });
  after(async () => {
    t.close();
    await c.stop();
  });

  test('CRUD, patch types and Status errors', async () => {
    const created = await t.create(CMS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'h' }, data: { a: '1' } });
    assert.ok(created.metadata.uid);
    const patched = await t.patch(CMS, 'default', 'h', 'merge', { data: { b: '2' } });
    assert.deepEqual(patched.data, { a: '1', b: '2' });
    const applied = await t.patch(CMS, 'default', 'h', 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'h' }, data: { c: '3' } }, { fieldManager: 'tester' });
    assert.equal((applied.data as Record<string, string>).c, '3');
    await assert.rejects(t.get(CMS, 'default', 'nope'), (err: unknown) => err instanceof StatusError && err.code === 404 && err.reason === 'NotFound' && err.message === 'configmaps "nope" not found');
    await assert.rejects(t.create(CMS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'h' } }), (err: unknown) => err instanceof StatusError && err.reason === 'AlreadyExists');
    assert.equal(await t.delete(CMS, 'default', 'h'), undefined, 'a bare Status answer');
  });

  test('an informer over HTTPS follows changes', async () => {
    const inf = new Informer(t, CMS, { namespace: 'default' });
    const names: string[] = [];
    inf.addEventHandler({ onAdd: (o) => names.push(o.metadata.name!) });
    inf.start();
    await inf.waitForSync();
    await t.create(CMS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'over-https' } });
    await waitFor('the add', () => names.includes('over-https'));
    inf.stop();
  });
});
