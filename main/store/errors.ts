// Store errors are named classes; the API server turns them into metav1.Status in one place
// (main/apiserver/store-errors.ts).
import type { StoreKey } from './keys.js';

export class StoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** create() of a key that exists. */
export class KeyExistsError extends StoreError {
  constructor(readonly key: StoreKey) { super(`key exists: ${key.name}`); }
}

/** update()/delete() of a key that does not exist. */
export class KeyNotFoundError extends StoreError {
  constructor(readonly key: StoreKey) { super(`key not found: ${key.name}`); }
}

/** A write whose expected revision is not the current one (optimistic concurrency). */
export class RevisionConflictError extends StoreError {
  constructor(readonly key: StoreKey, readonly expected: number, readonly actual: number) {
    super(`revision conflict on ${key.name}: expected ${expected}, current ${actual}`);
  }
}

/** A watch or read from a revision the change log no longer holds. */
export class CompactedError extends StoreError {
  constructor(readonly requested: number, readonly oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

/** Any use after close(). */
export class StoreClosedError extends StoreError {
  constructor() { super('store is closed'); }
}

/** open() of a data dir whose LevelDB another process holds (a running `skiff serve`). */
export class StoreLockedError extends StoreError {
  constructor(readonly path: string) {
    super(`cannot open the store at ${path}: another skiff process is using this data dir; stop it first`);
  }
}
