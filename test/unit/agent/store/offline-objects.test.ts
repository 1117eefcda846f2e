// Secrets and ConfigMaps kept on the node's disk: a restarted agent without the control plane still has them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError } from '../../../../api/errors/status-error.js';
import type { KubeObject } from '../../../../api/types/meta.js';
import type { Transport } from '../../../../client/transport.js';
import { ReferencedObjects } from '../../../../agent/pods/object-cache.js';
import { OfflineObjectStore } from '../../../../agent/store/offline-objects.js';
import { tempDir } from '../../../helpers/tmp.js';

/** An API that holds `objects` until `down` (connection refused) or the object is gone (404). */
function fakeApi(objects: Map<string, KubeObject>) {
  const api = { down: false, gets: 0 };
  const transport = {
    get: async (rt: { resource: string }, namespace: string, name: string): Promise<KubeObject> => {
      api.gets++;
      if (api.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
      const obj = objects.get(`${rt.resource}/${namespace}/${name}`);
      if (!obj) throw new NotFoundError(rt.resource, '', name);
      return structuredClone(obj);
    },
  } as unknown as Transport;
  return { api, transport };
}

const secret = (rv: string, value: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop', resourceVersion: rv }, data: { password: Buffer.from(value).toString('base64') } });

describe('referenced objects kept on disk', () => {
  test('a new agent (another process) reads what the last one saw while the API is unreachable', async () => {
    const dir = tempDir();
    try {
      const objects = new Map([['secrets/shop/db', secret('5', 'hunter2')]]);
      const { api, transport } = fakeApi(objects);
      await new ReferencedObjects(transport, new OfflineObjectStore(join(dir.path, 'objects'))).getSecret('shop', 'db');
      const file = join(dir.path, 'objects', 'secrets.shop.db.json');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(statSync(join(dir.path, 'objects')).mode & 0o777, 0o700);
      api.down = true;
      const restarted = new ReferencedObjects(transport, new OfflineObjectStore(join(dir.path, 'objects')));
      assert.equal((await restarted.getSecret('shop', 'db')).data?.password, Buffer.from('hunter2').toString('base64'));
      await assert.rejects(restarted.getConfigMap('shop', 'never-seen'), /ECONNREFUSED/);
    } finally {
      dir.remove();
    }
  });

  test('an object the API says is gone is forgotten on disk too; without a store nothing survives a restart', async () => {
    const dir = tempDir();
    try {
      const objects = new Map([['secrets/shop/db', secret('5', 'hunter2')]]);
      const { api, transport } = fakeApi(objects);
      const store = new OfflineObjectStore(join(dir.path, 'objects'));
      const refs = new ReferencedObjects(transport, store);
      await refs.getSecret('shop', 'db');
      objects.delete('secrets/shop/db');
      await assert.rejects(refs.getSecret('shop', 'db'), /not found/);
      api.down = true;
      await assert.rejects(new ReferencedObjects(transport, store).getSecret('shop', 'db'), /ECONNREFUSED/);
      await assert.rejects(new ReferencedObjects(transport).getSecret('shop', 'db'), /ECONNREFUSED/);
    } finally {
      dir.remove();
    }
  });

  test('a changed object is written again, an unchanged one is not', async () => {
    const dir = tempDir();
    try {
      const objects = new Map([['configmaps/shop/cfg', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop', resourceVersion: '7' }, data: { a: '1' } } as KubeObject]]);
      const { api, transport } = fakeApi(objects);
      const refs = new ReferencedObjects(transport, new OfflineObjectStore(join(dir.path, 'objects')));
      const file = join(dir.path, 'objects', 'configmaps.shop.cfg.json');
      await refs.getConfigMap('shop', 'cfg');
      const first = statSync(file).ino;
      await refs.getConfigMap('shop', 'cfg');
      assert.equal(statSync(file).ino, first, 'same resourceVersion: the file was not replaced');
      objects.set('configmaps/shop/cfg', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop', resourceVersion: '8' }, data: { a: '2' } });
      await refs.getConfigMap('shop', 'cfg');
      assert.notEqual(statSync(file).ino, first, 'a new resourceVersion is written (atomically: a new file)');
      api.down = true;
      assert.deepEqual((await new ReferencedObjects(transport, new OfflineObjectStore(join(dir.path, 'objects'))).getConfigMap('shop', 'cfg')).data, { a: '2' });
    } finally {
      dir.remove();
    }
  });
});
