// Seals the secrets key file (DIR/secrets.key) with the OS keychain through Electron's safeStorage; the
// caller (desktop-app.ts) passes `safeStorage` from 'electron', so this file needs no import of it and is
// unit-tested with a stand-in. The real keychain is exercised only in the desktop app.
//   startControlPlane({ ..., keyProtection: safeStorageProtection(safeStorage) })
import type { KeyProtection } from '../store/encryption/index.js';

export type { KeyProtection };

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

/**
 * Whether sealing with safeStorage protects anything. On Linux without a keyring (no GNOME Keyring or
 * KWallet) Electron falls back to "basic_text", a key built into Chromium: that hides nothing, and only
 * keeps `skiff serve` from reading the file, so the key file's 0600 mode is kept as the protection instead.
 */
export function keychainUsable(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  return backend !== 'basic_text' && backend !== 'unknown';
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
