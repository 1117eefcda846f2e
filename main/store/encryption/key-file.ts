// The key ring on disk: DIR/secrets.key, 0600, replaced atomically. Headless, the file's permissions
// are its protection; under Electron its content is sealed with the OS keychain (safeStorage, see
// main/electron/key-protection.ts). A file that exists but cannot be read is never replaced: the
// store's Secrets are encrypted with the keys it held.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../pki/index.js';
import { KeyFileError } from './errors.js';
import { KeyRing } from './keyring.js';

/** How the key file's content is protected beyond its 0600 mode. */
export interface KeyProtection {
  /** For messages: "file permissions", "the OS keychain (Electron safeStorage)". */
  readonly description: string;
  seal(text: string): Buffer;
  /** Throws when the bytes cannot be unsealed here. */
  unseal(stored: Buffer): string;
}

/** Headless mode: the JSON as is; only the file mode (0600) protects it. */
export const filePermissionsOnly: KeyProtection = {
  description: 'file permissions',
  seal: (text) => Buffer.from(text, 'utf8'),
  unseal: (stored) => {
    if (!/^\s*\{/.test(stored.toString('latin1', 0, 64))) {
      throw new Error('its content is not JSON; a key file written by the Skiff desktop app is sealed with the OS keychain and only the desktop app can read it');
    }
    return stored.toString('utf8');
  },
};

export class KeyFile {
  constructor(readonly path: string, private readonly protection: KeyProtection = filePermissionsOnly) {}

  /** The ring in the file, or undefined when there is no file. */
  async load(): Promise<KeyRing | undefined> {
    let stored: Buffer;
    try {
      stored = await readFile(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new KeyFileError(this.path, `cannot read the secrets key file ${this.path}: ${(err as Error).message}`);
    }
    try {
      let text: string;
      try {
        text = this.protection.unseal(stored);
      } catch (err) {
        throw new Error(`cannot unseal it with ${this.protection.description}: ${(err as Error).message}`, { cause: err });
      }
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (err) {
        throw new Error(`it is not valid JSON (${(err as Error).message})`, { cause: err });
      }
      return KeyRing.fromDocument(doc, this.path);
    } catch (err) {
      throw new KeyFileError(this.path, `the secrets key file ${this.path} is unusable: ${(err as Error).message}. ` +
        'Restore it from a backup; Skiff does not replace it, because the Secrets in the store are encrypted with the keys it held.');
    }
  }

  async save(ring: KeyRing): Promise<void> {
    await writeFileAtomic(this.path, this.protection.seal(`${JSON.stringify(ring.toDocument(), null, 2)}\n`), 0o600);
  }
}
