// UNTESTED HERE: loaded only in Electron's main process (the Electron binary is absent in headless
// builds and CI). Seals the secrets key file (DIR/secrets.key) with the OS keychain through Electron's
// safeStorage; the caller passes `safeStorage` from 'electron', so this file needs no import of it.
//   startControlPlane({ ..., keyProtection: safeStorageProtection(safeStorage) })
import type { KeyProtection } from '../store/encryption/index.js';

export type { KeyProtection };

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function safeStorageProtection(safeStorage: SafeStorageLike): KeyProtection {
  // Call after app 'ready' (safeStorage needs it); on Linux without a keyring it is unavailable.
  if (!safeStorage.isEncryptionAvailable()) throw new Error('the OS keychain is not available (Electron safeStorage); cannot protect the secrets key file');
  return {
    description: 'the OS keychain (Electron safeStorage)',
    seal: (text) => safeStorage.encryptString(text),
    // A plain JSON file (written by headless `skiff serve`) is read as is; the next save (rotation) seals it.
    unseal: (stored) => (/^\s*\{/.test(stored.toString('latin1', 0, 64)) ? stored.toString('utf8') : safeStorage.decryptString(stored)),
  };
}
