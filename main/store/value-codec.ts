// How values are serialised into LevelDB: the hook where encryption at rest plugs in. The store hands
// every object and every change-log record through it, with the LevelDB key the value lives under.
import type { StoreKey } from './keys.js';

export interface ValueCodec {
  /**
   * `at` is the LevelDB key the value is written under (an encrypting codec binds the ciphertext to it);
   * `subject` is the object the value holds (for a change-log record, the changed object's key).
   */
  encode(at: string, subject: StoreKey, json: string): string;
  /** Inverse of encode, from the stored value and its LevelDB key. Throws when the value cannot be read. */
  decode(at: string, raw: string): string;
  /** Whether a stored value of `subject` should be written again (plain where it should be encrypted, or under a retired key). */
  isStale(subject: StoreKey, raw: string): boolean;
}

export const identityCodec: ValueCodec = {
  encode: (_at, _subject, json) => json,
  decode: (_at, raw) => raw,
  isStale: () => false,
};
