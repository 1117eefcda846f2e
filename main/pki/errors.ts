/** Base class of the errors this folder throws. */
export class PkiError extends Error {
  override name = 'PkiError';
}

/** A file under the PKI directory is missing its partner, unreadable or corrupted; the message names it and the fix. */
export class PkiFileError extends PkiError {
  override name = 'PkiFileError';
  constructor(readonly path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A certificate signing request was refused (unparsable, bad signature, unsupported key). */
export class CsrRejectedError extends PkiError {
  override name = 'CsrRejectedError';
}
