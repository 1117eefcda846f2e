// Key rotation for Secrets at rest. A new key is written to the key file before anything is encrypted
// with it, and old keys leave the file only after every value under them was re-encrypted — so a crash
// at any point leaves a store whose every value the key file can decrypt (and the next start finishes
// the job, see open.ts).
import type { Logger } from 'pino';
import type { ReencodeProgress } from '../reencode.js';
import type { Store } from '../store.js';
import { RotationInProgressError } from './errors.js';
import type { KeyFile } from './key-file.js';
import type { KeyRing } from './keyring.js';

export interface RotationResult {
  /** The key every Secret is now encrypted with. */
  keyId: string;
  /** Keys removed from the key file. */
  removed: string[];
  /** Objects and change-log records re-encrypted. */
  progress: ReencodeProgress;
}

export interface SecretsKeysDeps {
  store: Store;
  /** The ring the store's codec reads; changed in place once the key file holds the change. */
  ring: KeyRing;
  file: KeyFile;
  log?: Logger;
}

export class SecretsKeys {
  private busy = false;

  constructor(private readonly deps: SecretsKeysDeps) {}

  get currentKeyId(): string {
    return this.deps.ring.current.id;
  }

  get keyIds(): string[] {
    return this.deps.ring.ids;
  }

  /** Makes a new key current, re-encrypts every Secret (and its change-log records) under it, drops the old keys. */
  rotate(onProgress?: (p: ReencodeProgress) => void): Promise<RotationResult> {
    return this.alone('rotate', async () => {
      const next = this.deps.ring.withNewKey();
      await this.deps.file.save(next);
      this.deps.ring.adopt(next);
      return this.reencryptAndRetire(onProgress);
    });
  }

  /** Re-encrypts whatever is not under the current key (an interrupted rotation, plain Secrets from before encryption), then drops the old keys. */
  finish(onProgress?: (p: ReencodeProgress) => void): Promise<RotationResult> {
    return this.alone('finish', () => this.reencryptAndRetire(onProgress));
  }

  private async alone(op: string, fn: () => Promise<RotationResult>): Promise<RotationResult> {
    if (this.busy) throw new RotationInProgressError();
    this.busy = true;
    const started = performance.now();
    const from = this.deps.ring.ids;
    try {
      const result = await fn();
      this.deps.log?.info({ op, from, keyId: result.keyId, removed: result.removed, objects: result.progress.objects.done, records: result.progress.records.done, ms: Math.round(performance.now() - started) }, 'secrets key rotation done');
      return result;
    } catch (err) {
      this.deps.log?.error({ op, from, keys: this.deps.ring.ids, err, ms: Math.round(performance.now() - started) }, 'secrets key rotation failed; every key is kept, run it again');
      throw err;
    } finally {
      this.busy = false;
    }
  }

  private async reencryptAndRetire(onProgress?: (p: ReencodeProgress) => void): Promise<RotationResult> {
    const progress = await this.deps.store.reencode(onProgress);
    const kept = this.deps.ring.withOnlyCurrent();
    const removed = this.deps.ring.ids.filter((id) => kept.get(id) === undefined);
    if (removed.length > 0) {
      await this.deps.file.save(kept);
      this.deps.ring.adopt(kept);
    }
    return { keyId: kept.current.id, removed, progress };
  }
}
