// Checks of what a device sends, before anything is spent or signed.
import { BadRequestError } from '../../api/errors/status-error.js';
import { isDNS1123Subdomain } from '../../api/validation/names.js';
import { checkCsr, CsrRejectedError } from '../pki/index.js';
import { NODE_SECRET_PREFIX } from './records.js';

/** The node record's Secret name must fit too. */
const MAX_NODE_NAME = 253 - NODE_SECRET_PREFIX.length;

export async function checkCsrOrBadRequest(csr: string): Promise<void> {
  try {
    await checkCsr(csr);
  } catch (err) {
    if (err instanceof CsrRejectedError) throw new BadRequestError(err.message, [{ reason: 'FieldValueInvalid', message: err.message, field: 'csr' }]);
    throw err;
  }
}

export function checkNodeName(name: string, field: string): void {
  const errs = isDNS1123Subdomain(name);
  if (name.length > MAX_NODE_NAME) errs.push(`must be no more than ${MAX_NODE_NAME} characters`);
  if (errs.length > 0) {
    const message = `node name "${name}" is not valid: ${errs.join('; ')}`;
    throw new BadRequestError(message, [{ reason: 'FieldValueInvalid', message, field }]);
  }
}
