import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keychainUsable, safeStorageProtection, type SafeStorageLike } from '../../../../main/electron/key-protection.js';

/** safeStorage with a reversible stand-in cipher: what matters here is which file form is read how. */
function storage(available: boolean, backend?: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (t) => Buffer.from(`sealed:${Buffer.from(t).toString('base64')}`),
    decryptString: (b) => Buffer.from(b.toString().replace(/^sealed:/, ''), 'base64').toString(),
    getSelectedStorageBackend: backend === undefined ? undefined : () => backend,
  };
}

describe('secrets key protection in the desktop app', () => {
  test('the keychain is used where it protects something: not with Linux basic_text or before ready', () => {
    assert.equal(keychainUsable(storage(true, 'gnome_libsecret'), 'linux'), true);
    assert.equal(keychainUsable(storage(true, 'kwallet6'), 'linux'), true);
    assert.equal(keychainUsable(storage(true, 'basic_text'), 'linux'), false);
    assert.equal(keychainUsable(storage(true, 'unknown'), 'linux'), false);
    assert.equal(keychainUsable(storage(false, 'gnome_libsecret'), 'linux'), false);
    assert.equal(keychainUsable(storage(true), 'darwin'), true);
    assert.equal(keychainUsable(storage(false), 'win32'), false);
  });

  test('a key file written by headless `skiff serve` (plain JSON) is still read; a sealed one is unsealed', () => {
    const p = safeStorageProtection(storage(true, 'gnome_libsecret'));
    const json = '{"keys":[{"id":"k1"}]}';
    assert.equal(p.unseal(Buffer.from(`  ${json}`)), `  ${json}`);
    assert.equal(p.unseal(p.seal(json)), json);
    assert.throws(() => safeStorageProtection(storage(false)), /OS keychain is not available/);
  });
});
