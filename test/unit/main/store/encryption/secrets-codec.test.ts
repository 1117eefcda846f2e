// The secrets codec: Secrets (objects and their change-log records) are sealed in Kubernetes' aesgcm
// format and bound to their storage key; everything else stays plain JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecryptError, KeyRing, secretsCodec } from '../../../../../main/store/encryption/index.js';

const secret = { group: '', resource: 'secrets', namespace: 'default', name: 'db' };
const configMap = { group: '', resource: 'configmaps', namespace: 'default', name: 'db' };
const AT = '/registry/core/secrets/default/db';
const JSON_VALUE = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { password: Buffer.from('hunter2-very-secret').toString('base64') } });

test('a Secret round-trips, sealed under the current key with the aesgcm prefix and a fresh nonce each write', () => {
  const codec = secretsCodec(KeyRing.create('/data/secrets.key'));
  const a = codec.encode(AT, secret, JSON_VALUE);
  const b = codec.encode(AT, secret, JSON_VALUE);
  assert.match(a, /^k8s:enc:aesgcm:v1:key1:[A-Za-z0-9+/]+=*$/);
  assert.notEqual(a, b, 'random nonce per write');
  assert.ok(!a.includes('hunter2') && !a.includes(Buffer.from('hunter2-very-secret').toString('base64')));
  assert.equal(codec.decode(AT, a), JSON_VALUE);
  assert.equal(codec.decode(AT, b), JSON_VALUE);
});

test('a change-log record of a Secret is sealed too, bound to its log key', () => {
  const codec = secretsCodec(KeyRing.create('/data/secrets.key'));
  const record = JSON.stringify({ t: 'A', k: AT, o: JSON.parse(JSON_VALUE) });
  const sealed = codec.encode('~log/0000000000000007', secret, record);
  assert.match(sealed, /^k8s:enc:aesgcm:v1:key1:/);
  assert.equal(codec.decode('~log/0000000000000007', sealed), record);
  assert.throws(() => codec.decode('~log/0000000000000008', sealed), DecryptError);
});

test('other resources stay plain JSON, and plain values (stored before encryption) decode as they are', () => {
  const codec = secretsCodec(KeyRing.create('/data/secrets.key'));
  assert.equal(codec.encode('/registry/core/configmaps/default/db', configMap, '{"a":1}'), '{"a":1}');
  assert.equal(codec.decode(AT, JSON_VALUE), JSON_VALUE);
  assert.equal(codec.isStale(configMap, '{"a":1}'), false);
  assert.equal(codec.isStale(secret, JSON_VALUE), true, 'a plain Secret is to be encrypted');
});

test('a value under a key the ring does not hold fails with an error naming the key and the key file', () => {
  const codec = secretsCodec(KeyRing.create('/data/secrets.key'));
  const other = secretsCodec(KeyRing.create('/data/secrets.key').withNewKey());
  const sealed = other.encode(AT, secret, JSON_VALUE);
  assert.match(sealed, /^k8s:enc:aesgcm:v1:key2:/);
  assert.throws(() => codec.decode(AT, sealed), (err: Error) => {
    assert.ok(err instanceof DecryptError);
    assert.match(err.message, /encrypted with key "key2", which \/data\/secrets\.key does not hold/);
    assert.match(err.message, new RegExp(AT));
    return true;
  });
});

test('the same key name with different key bytes fails authentication instead of returning garbage', () => {
  const sealed = secretsCodec(KeyRing.create('/a')).encode(AT, secret, JSON_VALUE);
  assert.throws(() => secretsCodec(KeyRing.create('/b')).decode(AT, sealed), /fails authentication with key "key1"/);
});

test('tampered ciphertext, a truncated value and a malformed prefix are refused with a clear error', () => {
  const codec = secretsCodec(KeyRing.create('/data/secrets.key'));
  const sealed = codec.encode(AT, secret, JSON_VALUE);
  const prefix = 'k8s:enc:aesgcm:v1:key1:';
  const body = Buffer.from(sealed.slice(prefix.length), 'base64');
  body[20] ^= 0x01;
  assert.throws(() => codec.decode(AT, prefix + body.toString('base64')), /fails authentication with key "key1": it was altered/);
  assert.throws(() => codec.decode(AT, `${prefix}AAAA`), /is truncated/);
  assert.throws(() => codec.decode(AT, 'k8s:enc:aesgcm:v1:no-terminator'), /malformed encryption prefix/);
});

test('a Secret copied under another storage key does not decrypt (authenticated data is the key)', () => {
  const codec = secretsCodec(KeyRing.create('/data/secrets.key'));
  const sealed = codec.encode(AT, secret, JSON_VALUE);
  assert.throws(() => codec.decode('/registry/core/secrets/default/other', sealed), /fails authentication.*copied from another key/);
});

test('after the ring adopts a new key, new writes use it, old values still read, and they count as stale', () => {
  const ring = KeyRing.create('/data/secrets.key');
  const codec = secretsCodec(ring);
  const old = codec.encode(AT, secret, JSON_VALUE);
  assert.equal(codec.isStale(secret, old), false);
  ring.adopt(ring.withNewKey());
  const fresh = codec.encode(AT, secret, JSON_VALUE);
  assert.match(fresh, /^k8s:enc:aesgcm:v1:key2:/);
  assert.equal(codec.isStale(secret, old), true);
  assert.equal(codec.isStale(secret, fresh), false);
  assert.equal(codec.decode(AT, old), JSON_VALUE);
  ring.adopt(ring.withOnlyCurrent());
  assert.deepEqual(ring.ids, ['key2']);
  assert.throws(() => codec.decode(AT, old), /encrypted with key "key1"/);
});
