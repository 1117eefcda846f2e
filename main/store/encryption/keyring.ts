// The data keys Secrets are encrypted with: one current key (new writes) and any older ones still
// needed to read values written before a rotation finished. Serialised as
//   { "current": "key2", "keys": { "key1": "<base64 of 32 bytes>", "key2": "..." } }
import { randomBytes } from 'node:crypto';
import { isObject } from '../../../api/types/meta.js';
import { KEY_BYTES, KEY_ID_PATTERN, type DataKey, type KeyLookup } from './aesgcm.js';

export interface KeyRingDocument {
  current: string;
  keys: Record<string, string>;
}

export class KeyRing implements KeyLookup {
  private constructor(
    private currentId: string,
    private keys: Map<string, Buffer>,
    /** The key file, for messages. */
    readonly source: string,
  ) {}

  /** A new ring with one random key, "key1". */
  static create(source: string): KeyRing {
    return new KeyRing('key1', new Map([['key1', randomBytes(KEY_BYTES)]]), source);
  }

  /** Validates a parsed key file; the error says what is wrong with it (the caller names the file). */
  static fromDocument(doc: unknown, source: string): KeyRing {
    if (!isObject(doc) || typeof doc.current !== 'string' || !isObject(doc.keys)) {
      throw new Error('expected {"current": "<key name>", "keys": {"<key name>": "<base64 key>"}}');
    }
    const keys = new Map<string, Buffer>();
    for (const [id, value] of Object.entries(doc.keys)) {
      if (!KEY_ID_PATTERN.test(id)) throw new Error(`key name "${id}" is not valid (letters, digits, "_", "." and "-")`);
      const secret = typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
      if (!secret || secret.length !== KEY_BYTES || secret.toString('base64') !== value) throw new Error(`key "${id}" is not ${KEY_BYTES} bytes of base64`);
      keys.set(id, secret);
    }
    if (!keys.has(doc.current)) throw new Error(`the current key "${doc.current}" is not among the keys`);
    return new KeyRing(doc.current, keys, source);
  }

  toDocument(): KeyRingDocument {
    return { current: this.currentId, keys: Object.fromEntries([...this.keys].map(([id, s]) => [id, s.toString('base64')])) };
  }

  get current(): DataKey {
    return { id: this.currentId, secret: this.keys.get(this.currentId)! };
  }

  get(id: string): Buffer | undefined {
    return this.keys.get(id);
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }

  /** A copy with a new random key made current ("keyN+1"); this ring is unchanged until it adopts it. */
  withNewKey(): KeyRing {
    const n = Math.max(0, ...this.ids.map((id) => Number(/^key(\d+)$/.exec(id)?.[1] ?? 0))) + 1;
    const keys = new Map(this.keys);
    keys.set(`key${n}`, randomBytes(KEY_BYTES));
    return new KeyRing(`key${n}`, keys, this.source);
  }

  /** A copy holding only the current key. */
  withOnlyCurrent(): KeyRing {
    return new KeyRing(this.currentId, new Map([[this.currentId, this.keys.get(this.currentId)!]]), this.source);
  }

  /** Takes over another ring's keys — once they are safely on disk. */
  adopt(other: KeyRing): void {
    this.currentId = other.currentId;
    this.keys = new Map(other.keys);
  }
}
