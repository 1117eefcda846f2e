export { Store, type StoreOptions, type ListResult } from './store.js';
export { identityCodec, type ValueCodec } from './value-codec.js';
export { type ReencodeProgress, type Count } from './reencode.js';
export { type StoreKey, formatKey, parseKey, resourceSlot } from './keys.js';
export { type Change, type ChangeType, type WatchFilter, type Subscription } from './events.js';
export { type Entry } from './memory-index.js';
export * from './errors.js';
