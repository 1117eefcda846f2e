// The store opened with Secrets encrypted at rest (real LevelDB in a temp dir): what reaches disk, key
// rotation in place, and what a restart does after a crash, a lost key file or a tampered value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { KeyFile, KeyFileError, KeyRing, openEncryptedStore, secretsCodec } from '../../../../../main/store/encryption/index.js';
import { Store, type Change, type ReencodeProgress } from '../../../../../main/store/index.js';
import { tempDir } from '../../../../helpers/tmp.js';

const PASSWORD = 'correct-horse-battery-staple-42';
const secretKey = (name: string) => ({ group: '', resource: 'secrets', namespace: 'default', name });
const cmKey = (name: string) => ({ group: '', resource: 'configmaps', namespace: 'default', name });
const secret = (name: string, password = PASSWORD): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default' }, data: { password: Buffer.from(password).toString('base64') } });
const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { note: 'plain-config-value' } });

/** Every value in the LevelDB at `path`, by key. */
async function rawValues(path: string): Promise<Map<string, string>> {
  const db = new Level<string, string>(path, { valueEncoding: 'utf8' });
  const out = new Map<string, string>();
  for await (const [k, v] of db.iterator()) out.set(k, v);
  await db.close();
  return out;
}

/** The storage keys of Secret objects and of change-log records of Secrets, with their raw values. */
function secretValues(raw: Map<string, string>): [string, string][] {
  return [...raw].filter(([k, v]) => k.startsWith('/registry/core/secrets/') || (k.startsWith('~log/') && (v.startsWith('k8s:enc:') || v.includes('"k":"/registry/core/secrets/'))));
}

/** Starts an encrypted store in `dataDir`, stores one Secret, and stops. */
async function storeSecret(dataDir: string, name: string): Promise<void> {
  const { store } = await openEncryptedStore({ dataDir });
  await store.create(secretKey(name), secret(name));
  await store.close();
}

function keyIdsOf(values: [string, string][]): Set<string> {
  return new Set(values.map(([, v]) => /^k8s:enc:aesgcm:v1:([^:]+):/.exec(v)?.[1] ?? 'plain'));
}

test('Secrets and their change-log records reach LevelDB encrypted; ConfigMaps stay plain; a restart reads them back', async () => {
  const dir = tempDir();
  try {
    const first = await openEncryptedStore({ dataDir: dir.path });
    await first.store.create(secretKey('db'), secret('db'));
    await first.store.update(secretKey('db'), secret('db', `${PASSWORD}-v2`));
    await first.store.create(cmKey('cfg'), cm('cfg'));
    await first.store.close();
    assert.equal(statSync(join(dir.path, 'secrets.key')).mode & 0o777, 0o600);

    const raw = await rawValues(join(dir.path, 'db'));
    const secrets = secretValues(raw);
    assert.equal(secrets.length, 3, 'one object and two change-log records');
    assert.deepEqual(keyIdsOf(secrets), new Set(['key1']));
    for (const v of raw.values()) assert.ok(!v.includes(Buffer.from(PASSWORD).toString('base64')), 'no Secret value in plain sight');
    assert.match(raw.get('/registry/core/configmaps/default/cfg')!, /plain-config-value/);

    const again = await openEncryptedStore({ dataDir: dir.path });
    try {
      assert.deepEqual(again.store.get(secretKey('db'))?.object.data, secret('db', `${PASSWORD}-v2`).data);
      const history: Change[] = [];
      again.store.watch({ group: '', resource: 'secrets' }, 0, (c) => history.push(c)).cancel();
      assert.deepEqual(history.map((c) => [c.type, c.object.data]), [
        ['ADDED', secret('db').data],
        ['MODIFIED', secret('db', `${PASSWORD}-v2`).data],
      ]);
    } finally {
      await again.store.close();
    }
  } finally {
    dir.remove();
  }
});

test('rotation re-encrypts in place under a new key, drops the old one, keeps revisions and sends watchers nothing', async () => {
  const dir = tempDir();
  try {
    const { store, keys } = await openEncryptedStore({ dataDir: dir.path });
    for (let i = 0; i < 150; i++) await store.create(secretKey(`s${i}`), secret(`s${i}`));
    await store.create(cmKey('cfg'), cm('cfg'));
    const revision = store.revision;
    const seen: Change[] = [];
    const watch = store.watch({ group: '', resource: 'secrets' }, revision, (c) => seen.push(c));
    const steps: ReencodeProgress[] = [];
    const result = await keys.rotate((p) => steps.push(p));
    assert.equal(result.keyId, 'key2');
    assert.deepEqual(result.removed, ['key1']);
    assert.deepEqual(keys.keyIds, ['key2']);
    assert.deepEqual(steps.at(-1), { objects: { done: 150, total: 150 }, records: { done: 150, total: 150 } });
    assert.ok(steps.length > 2, 'progress is reported as it goes');
    assert.equal(store.revision, revision, 'no new revision');
    assert.equal(seen.length, 0, 'no watch event');
    assert.equal(store.get(secretKey('s7'))?.object.metadata.resourceVersion, '8');
    await store.create(secretKey('after'), secret('after'));
    assert.deepEqual(seen.map((c) => [c.type, c.key.name]), [['ADDED', 'after']], 'the watch goes on');
    watch.cancel();
    await store.close();
    assert.deepEqual(Object.keys((JSON.parse(readFileSync(join(dir.path, 'secrets.key'), 'utf8')) as { keys: object }).keys), ['key2']);
    const raw = await rawValues(join(dir.path, 'db'));
    assert.deepEqual(keyIdsOf(secretValues(raw)), new Set(['key2']));
    assert.ok(raw.get('/registry/core/configmaps/default/cfg')!.startsWith('{'));
  } finally {
    dir.remove();
  }
});

test('writes racing a rotation all end up under the new key', async () => {
  const dir = tempDir();
  try {
    const { store, keys } = await openEncryptedStore({ dataDir: dir.path });
    for (let i = 0; i < 100; i++) await store.create(secretKey(`s${i}`), secret(`s${i}`));
    // Writers keep batches in flight all through the rotation, including the moment the new key takes over.
    let rotating = true;
    const writer = async (w: number): Promise<void> => {
      for (let i = w; rotating; i = (i + 4) % 100) await store.update(secretKey(`s${i}`), secret(`s${i}`, `${PASSWORD}-${i}`));
    };
    const writers = [0, 1, 2, 3].map(writer);
    await keys.rotate();
    rotating = false;
    await Promise.all(writers);
    await store.close();
    assert.deepEqual(keyIdsOf(secretValues(await rawValues(join(dir.path, 'db')))), new Set(['key2']));
    const again = await openEncryptedStore({ dataDir: dir.path });
    assert.deepEqual(again.store.get(secretKey('s3'))?.object.data, secret('s3', `${PASSWORD}-3`).data);
    await again.store.close();
  } finally {
    dir.remove();
  }
});

test('after a rotation cut short (two keys in the file, values under both), everything reads and the next start finishes it', async () => {
  const dir = tempDir();
  try {
    await storeSecret(dir.path, 'old');
    // The first step of a rotation: the new key is saved as current, nothing re-encrypted yet...
    const file = new KeyFile(join(dir.path, 'secrets.key'));
    const ring = (await file.load())!.withNewKey();
    await file.save(ring);
    // ...and a write under the new key before the crash.
    const half = await Store.open(join(dir.path, 'db'), { codec: secretsCodec(ring) });
    await half.create(secretKey('new'), secret('new'));
    await half.close();
    assert.deepEqual(keyIdsOf(secretValues(await rawValues(join(dir.path, 'db')))), new Set(['key1', 'key2']));

    const again = await openEncryptedStore({ dataDir: dir.path });
    assert.deepEqual(again.keys.keyIds, ['key2']);
    assert.ok(again.store.get(secretKey('old')) && again.store.get(secretKey('new')));
    await again.store.close();
    assert.deepEqual(keyIdsOf(secretValues(await rawValues(join(dir.path, 'db')))), new Set(['key2']));
  } finally {
    dir.remove();
  }
});

test('Secrets stored before encryption was on are encrypted at the first start with it', async () => {
  const dir = tempDir();
  try {
    const plain = await Store.open(join(dir.path, 'db'));
    await plain.create(secretKey('legacy'), secret('legacy'));
    await plain.close();
    const { store } = await openEncryptedStore({ dataDir: dir.path });
    assert.deepEqual(store.get(secretKey('legacy'))?.object.data, secret('legacy').data);
    await store.close();
    assert.deepEqual(keyIdsOf(secretValues(await rawValues(join(dir.path, 'db')))), new Set(['key1']));
    const leftovers = readdirSync(join(dir.path, 'db')).filter((f) => readFileSync(join(dir.path, 'db', f)).includes(Buffer.from(PASSWORD).toString('base64')));
    assert.deepEqual(leftovers, [], 'the plain values are gone from the LevelDB files too');
  } finally {
    dir.remove();
  }
});

test('a lost key file with encrypted Secrets in the store: a clear error, and no new key file', async () => {
  const dir = tempDir();
  try {
    await storeSecret(dir.path, 'db');
    const path = join(dir.path, 'secrets.key');
    rmSync(path);
    await assert.rejects(openEncryptedStore({ dataDir: dir.path }), (err: Error) => {
      assert.ok(err instanceof KeyFileError);
      assert.equal(err.message, `the secrets key file ${path} is missing, but the store holds Secrets encrypted with key "key1" (/registry/core/secrets/default/db): restore the file from a backup`);
      return true;
    });
    assert.throws(() => statSync(path), /ENOENT/);
  } finally {
    dir.remove();
  }
});

test('a tampered Secret in LevelDB stops the start with an error naming its key', async () => {
  const dir = tempDir();
  try {
    await storeSecret(dir.path, 'db');
    const db = new Level<string, string>(join(dir.path, 'db'), { valueEncoding: 'utf8' });
    const at = '/registry/core/secrets/default/db';
    const sealed = await db.get(at);
    const prefix = 'k8s:enc:aesgcm:v1:key1:';
    const body = Buffer.from(sealed!.slice(prefix.length), 'base64');
    body[body.length - 1] ^= 0xff;
    await db.put(at, prefix + body.toString('base64'));
    await db.close();
    await assert.rejects(openEncryptedStore({ dataDir: dir.path }), /cannot load the store .*\/registry\/core\/secrets\/default\/db fails authentication with key "key1"/);
  } finally {
    dir.remove();
  }
});

test('the key ring of a fresh data dir is saved once the store opened', async () => {
  const dir = tempDir();
  try {
    const { store, keys } = await openEncryptedStore({ dataDir: dir.path });
    await store.close();
    assert.deepEqual(keys.keyIds, ['key1']);
    assert.deepEqual((await new KeyFile(join(dir.path, 'secrets.key')).load())?.toDocument(), KeyRing.fromDocument(JSON.parse(readFileSync(join(dir.path, 'secrets.key'), 'utf8')), '').toDocument());
  } finally {
    dir.remove();
  }
});
