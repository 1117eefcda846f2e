// The one place that loads @peculiar/x509: its DI container (tsyringe) needs the Reflect polyfill
// loaded first, and the library needs a WebCrypto provider. Import x509 from here, never directly.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

/** Node's WebCrypto key type (the DOM's global CryptoKey is not in this project's libs). */
export type CryptoKey = webcrypto.CryptoKey;

export { x509, webcrypto };
