// Opening the store with Secrets encrypted at rest: the key ring from DIR/secrets.key (made on first
// start), the store at DIR/db with the secrets codec, and the completion of anything a crash left
// half-done (a rotation cut short, or plain Secrets in a store from before encryption).
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Store } from '../store.js';
import { DecryptError, KeyFileError } from './errors.js';
import { KeyFile, filePermissionsOnly, type KeyProtection } from './key-file.js';
import { KeyRing } from './keyring.js';
import { secretsCodec } from './secrets-codec.js';
import { SecretsKeys } from './secrets-keys.js';

export const KEY_FILE_NAME = 'secrets.key';

export interface EncryptedStoreOptions {
  dataDir: string;
  /** How the key file's content is protected (default: its 0600 mode only). */
  protection?: KeyProtection;
  historyWindow?: number;
  log?: Logger;
}

export interface EncryptedStore {
  store: Store;
  keys: SecretsKeys;
}

export async function openEncryptedStore(opts: EncryptedStoreOptions): Promise<EncryptedStore> {
  const file = new KeyFile(join(opts.dataDir, KEY_FILE_NAME), opts.protection ?? filePermissionsOnly);
  const loaded = await file.load();
  const ring = loaded ?? KeyRing.create(file.path);
  let store: Store;
  try {
    store = await Store.open(join(opts.dataDir, 'db'), { historyWindow: opts.historyWindow, codec: secretsCodec(ring) });
  } catch (err) {
    // A new ring is saved only after the store opened: a missing key file must not be "replaced" by a
    // new key while the store holds values encrypted with the lost one.
    const cause = (err as Error).cause;
    if (!loaded && cause instanceof DecryptError) {
      throw new KeyFileError(file.path, `the secrets key file ${file.path} is missing, but the store holds Secrets encrypted with key "${cause.keyId}" (${cause.at}): restore the file from a backup`, { cause: err });
    }
    throw err;
  }
  try {
    if (!loaded) await file.save(ring);
    const keys = new SecretsKeys({ store, ring, file, log: opts.log });
    if (store.staleAtOpen > 0 || ring.ids.length > 1) {
      opts.log?.info({ stale: store.staleAtOpen, keys: ring.ids }, 'finishing the encryption of Secrets at rest (an interrupted key rotation, or Secrets stored before encryption)');
      await keys.finish();
    }
    return { store, keys };
  } catch (err) {
    await store.close();
    throw err;
  }
}
