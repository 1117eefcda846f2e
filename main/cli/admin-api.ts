// The control plane's API as its admin, for commands that act on a running server (pair-token, node):
// the kubeconfig `skiff serve` writes to DIR/kubeconfig, or one given with --kubeconfig.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HttpTransport } from '../../client/http-transport.js';
import { loadKubeconfig } from '../../client/kubeconfig.js';
import { StatusError } from '../../api/errors/status-error.js';
import { defaultDataDir } from '../paths.js';

export const ADMIN_API_FLAGS = {
  kubeconfig: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

export const ADMIN_API_HELP = `  --kubeconfig FILE   an admin kubeconfig of the cluster (default: DIR/kubeconfig)
  --data-dir DIR      the cluster's data directory (default: ${defaultDataDir()})`;

export interface AdminApi {
  server: string;
  call(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): void;
}

export function adminApi(values: { kubeconfig?: string; 'data-dir'?: string }): AdminApi {
  const path = values.kubeconfig ? resolve(values.kubeconfig) : join(resolve(values['data-dir'] ?? defaultDataDir()), 'kubeconfig');
  if (!existsSync(path)) throw new Error(`no kubeconfig at ${path}: start the control plane (skiff serve) or pass --kubeconfig / --data-dir`);
  const creds = loadKubeconfig(path);
  const t = new HttpTransport({ ...creds, userAgent: 'skiff-cli' });
  return {
    server: creds.server,
    async call(method, p, body) {
      try {
        return await t.call(method, p, body);
      } catch (err) {
        if (err instanceof StatusError) throw err;
        throw new Error(`cannot reach the control plane at ${creds.server} (${(err as Error).message}): is \`skiff serve\` running?`, { cause: err });
      }
    },
    close: () => t.close(),
  };
}
