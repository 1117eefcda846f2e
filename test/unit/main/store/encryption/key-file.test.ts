// The key file: 0600 JSON written atomically, read back intact; a file that exists but cannot be used
// is an error naming it, and is never replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyFile, KeyFileError, KeyRing } from '../../../../../main/store/encryption/index.js';
import { tempDir } from '../../../../helpers/tmp.js';

test('a saved ring is a 0600 JSON file of base64 32-byte keys, and loads back with the same keys', async () => {
  const dir = tempDir();
  try {
    const file = new KeyFile(join(dir.path, 'secrets.key'));
    assert.equal(await file.load(), undefined, 'no file yet');
    const ring = KeyRing.create(file.path).withNewKey();
    await file.save(ring);
    assert.equal(statSync(file.path).mode & 0o777, 0o600);
    const doc = JSON.parse(readFileSync(file.path, 'utf8')) as { current: string; keys: Record<string, string> };
    assert.equal(doc.current, 'key2');
    assert.deepEqual(Object.keys(doc.keys), ['key1', 'key2']);
    for (const k of Object.values(doc.keys)) assert.equal(Buffer.from(k, 'base64').length, 32);
    const loaded = await file.load();
    assert.deepEqual(loaded?.toDocument(), ring.toDocument());
  } finally {
    dir.remove();
  }
});

test('new keys are numbered after the highest one', () => {
  const ring = KeyRing.fromDocument({ current: 'key7', keys: { key7: Buffer.alloc(32, 1).toString('base64'), spare: Buffer.alloc(32, 2).toString('base64') } }, 'f');
  assert.equal(ring.withNewKey().current.id, 'key8');
  assert.deepEqual(ring.ids, ['key7', 'spare'], 'the original is unchanged');
});

test('a corrupt or invalid key file is an error that names the file, and the file is left as it was', async () => {
  const dir = tempDir();
  try {
    const path = join(dir.path, 'secrets.key');
    const cases: [string, RegExp][] = [
      ['{"current": "key1", "keys": {"key1": "c2hvcnQ="}}', /key "key1" is not 32 bytes of base64/],
      ['{"current": "key9", "keys": {}}', /current key "key9" is not among the keys/],
      ['{"current": "key1", "keys": {"key1": ', /not valid JSON/],
      ['{"current": "key1"}', /expected \{"current"/],
      ['\u0000\u0001binary', /not JSON; a key file written by the Skiff desktop app is sealed with the OS keychain/],
    ];
    for (const [content, why] of cases) {
      writeFileSync(path, content);
      await assert.rejects(new KeyFile(path).load(), (err: Error) => {
        assert.ok(err instanceof KeyFileError, String(err));
        assert.ok(err.message.includes(path), err.message);
        assert.match(err.message, why);
        assert.match(err.message, /Restore it from a backup/);
        return true;
      });
      assert.equal(readFileSync(path, 'utf8'), content);
    }
  } finally {
    dir.remove();
  }
});
