// Errors of encryption at rest. They name the file or the stored key involved, and what to do.
import { StoreError } from '../errors.js';

/** The key file is missing where data needs it, unreadable, or not a valid key ring. */
export class KeyFileError extends StoreError {
  constructor(readonly path: string, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A stored value that cannot be decrypted: unknown key, altered bytes, or copied from another key. */
export class DecryptError extends StoreError {
  /** `keyId`: the key named in the value's prefix ("" when the prefix is malformed). */
  constructor(readonly at: string, readonly keyId: string, message: string) {
    super(message);
  }
}

/** A second `rotate-key` while one is running. */
export class RotationInProgressError extends StoreError {
  constructor() {
    super('a secrets key rotation is already running; wait for it to finish');
  }
}
