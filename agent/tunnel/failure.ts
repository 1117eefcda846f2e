// Errors going back to the API server as metav1.Status (the server replays them to the client).
import { StatusError, toStatus } from '../../api/errors/status-error.js';
import type { Status } from '../../api/types/meta.js';

export function failureStatus(err: unknown): Status {
  if (err instanceof StatusError) return toStatus(err);
  // Engine errors carry their own text in `json.message` (dockerode) or the message.
  const msg = (err as { json?: { message?: string } }).json?.message ?? (err instanceof Error ? err.message : String(err));
  return toStatus(new StatusError(500, 'InternalError', msg));
}
