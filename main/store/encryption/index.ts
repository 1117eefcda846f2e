// Encryption at rest for Secrets (AES-256-GCM, Kubernetes' aesgcm value format) and its key ring.
export { openEncryptedStore, KEY_FILE_NAME, type EncryptedStore, type EncryptedStoreOptions } from './open.js';
export { SecretsKeys, type RotationResult } from './secrets-keys.js';
export { KeyFile, filePermissionsOnly, type KeyProtection } from './key-file.js';
export { KeyRing, type KeyRingDocument } from './keyring.js';
export { secretsCodec, ENCRYPTED_RESOURCES } from './secrets-codec.js';
export { AESGCM_PREFIX, sealedKeyId, type DataKey } from './aesgcm.js';
export { DecryptError, KeyFileError, RotationInProgressError } from './errors.js';
