// A failed API call, carrying the server's metav1.Status (reason, causes with field paths).
import type { Status, StatusCause } from '@api/types/meta.js';
import { isObject } from '@api/types/meta.js';

export class ApiError extends Error {
  constructor(readonly code: number, readonly status: Status) {
    super(status.message || `HTTP ${code}`);
    this.name = 'ApiError';
  }

  get reason(): string {
    return this.status.reason ?? '';
  }

  get causes(): StatusCause[] {
    return this.status.details?.causes ?? [];
  }
}

/** The network failed or the connection dropped: no Status from the server. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

/** Builds the ApiError for a non-2xx response from its body (a Status when the API answered). */
export async function apiErrorFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let status: Status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: res.status, message: text.trim() || res.statusText };
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed) && parsed.kind === 'Status') status = parsed as Status;
  } catch {
    // not JSON: keep the text as the message
  }
  return new ApiError(res.status, status);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
