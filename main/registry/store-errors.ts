// The one place store errors become API errors.
import { AlreadyExistsError, ConflictError, GoneError, InternalError, NotFoundError, ServiceUnavailableError, StatusError } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import { CompactedError, KeyExistsError, KeyNotFoundError, RevisionConflictError, StoreClosedError } from '../store/index.js';

export const MODIFIED_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

export function translateStoreError(err: unknown, rt: ResourceType, name: string): StatusError {
  if (err instanceof StatusError) return err;
  if (err instanceof KeyExistsError) return new AlreadyExistsError(rt.resource, rt.group, name);
  if (err instanceof KeyNotFoundError) return new NotFoundError(rt.resource, rt.group, name);
  if (err instanceof RevisionConflictError) return new ConflictError(rt.resource, rt.group, name, MODIFIED_MESSAGE);
  if (err instanceof CompactedError) return new GoneError(err.message);
  if (err instanceof StoreClosedError) return new ServiceUnavailableError('the server is shutting down');
  return new InternalError(err instanceof Error ? err.message : String(err));
}
