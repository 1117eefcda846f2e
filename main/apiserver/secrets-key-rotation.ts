// POST /apis/skiff.dev/v1/secrets/rotate-key: `skiff secrets rotate-key` against a running server (the
// CLI cannot open LevelDB while the server holds it). Cluster admins only — node agents, which the
// authorizer otherwise trusts, may not. The answer streams one JSON line per progress step, then a
// "Done" or "Error" line, so the CLI can show "N of M secrets" as it goes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ForbiddenError, MethodNotAllowedError, ServiceUnavailableError, StatusError } from '../../api/errors/status-error.js';
import type { UserInfo } from '../registry/context.js';
import type { ReencodeProgress } from '../store/index.js';
import { RotationInProgressError, type RotationResult } from '../store/encryption/index.js';
import type { ServerDeps } from './handlers/context.js';

export const ROTATE_KEY_PATH = '/apis/skiff.dev/v1/secrets/rotate-key';

/** What the endpoint needs of the control plane's SecretsKeys. */
export interface SecretsKeyRotator {
  rotate(onProgress?: (p: ReencodeProgress) => void): Promise<RotationResult>;
}

/** One line of the response body. */
export type RotateKeyLine =
  | ({ type: 'Progress' } & ReencodeProgress)
  | ({ type: 'Done'; keyId: string; removed: string[] } & ReencodeProgress)
  | { type: 'Error'; message: string };

export function isRotateKeyPath(pathname: string): boolean {
  return pathname.replace(/\/+$/, '') === ROTATE_KEY_PATH;
}

export async function rotateSecretsKey(req: IncomingMessage, res: ServerResponse, user: UserInfo, deps: ServerDeps): Promise<void> {
  if (!user.groups.includes('system:masters')) {
    throw new ForbiddenError(`forbidden: User "${user.name}" cannot rotate the secrets encryption key (cluster admins only)`);
  }
  if (req.method !== 'POST') throw new MethodNotAllowedError(`${req.method} is not supported here; POST starts a secrets key rotation`);
  if (!deps.secretsKeys) throw new ServiceUnavailableError('this server does not encrypt Secrets at rest');
  req.resume(); // the request has no body to read
  const write = (line: RotateKeyLine): void => {
    if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache, private' });
    res.write(`${JSON.stringify(line)}\n`);
  };
  try {
    // The rotation goes on if the client goes away: stopping midway would only leave it to the next start.
    const result = await deps.secretsKeys.rotate((p) => write({ type: 'Progress', ...p }));
    write({ type: 'Done', keyId: result.keyId, removed: result.removed, ...result.progress });
    res.end();
  } catch (err) {
    if (!res.headersSent) throw err instanceof RotationInProgressError ? new StatusError(409, 'Conflict', err.message) : err;
    write({ type: 'Error', message: (err as Error).message });
    res.end();
  }
}
