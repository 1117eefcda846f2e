// Reading a kubeconfig file (the current context's cluster and user) into HTTPS credentials.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { isObject } from '../api/types/meta.js';
import type { HttpCredentials } from './http-transport.js';

export class KubeconfigError extends Error {}

interface Named<T> { name?: unknown; [k: string]: unknown; value?: T }

export function loadKubeconfig(path: string, context?: string): HttpCredentials & { context: string } {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(err as Error).message}`);
  }
  if (!isObject(doc)) throw new KubeconfigError(`${path} is not a kubeconfig (expected a YAML mapping)`);
  const ctxName = context ?? (typeof doc['current-context'] === 'string' ? doc['current-context'] : undefined);
  if (!ctxName) throw new KubeconfigError(`${path} has no current-context; pass a context name`);
  const find = (list: string, name: string, field: string): Record<string, unknown> => {
    const items = Array.isArray(doc[list]) ? (doc[list] as Named<unknown>[]) : [];
    const hit = items.find((i) => i.name === name);
    if (!hit || !isObject(hit[field])) throw new KubeconfigError(`${path}: ${list.slice(0, -1)} "${name}" not found`);
    return hit[field] as Record<string, unknown>;
  };
  const ctx = find('contexts', ctxName, 'context');
  const cluster = find('clusters', String(ctx.cluster), 'cluster');
  const user = find('users', String(ctx.user), 'user');
  const dir = dirname(path);
  const pem = (data: unknown, file: unknown, what: string): string | undefined => {
    if (typeof data === 'string') return Buffer.from(data, 'base64').toString('utf8');
    if (typeof file === 'string') {
      try {
        return readFileSync(isAbsolute(file) ? file : join(dir, file), 'utf8');
      } catch (err) {
        throw new KubeconfigError(`${path}: cannot read ${what} ${file}: ${(err as Error).message}`);
      }
    }
    return undefined;
  };
  const server = cluster.server;
  if (typeof server !== 'string' || !server.startsWith('https://')) throw new KubeconfigError(`${path}: cluster server must be an https:// URL`);
  const caPem = pem(cluster['certificate-authority-data'], cluster['certificate-authority'], 'certificate-authority');
  if (!caPem) throw new KubeconfigError(`${path}: the cluster needs certificate-authority-data (Skiff verifies the server)`);
  return {
    context: ctxName,
    server,
    caPem,
    certPem: pem(user['client-certificate-data'], user['client-certificate'], 'client-certificate'),
    keyPem: pem(user['client-key-data'], user['client-key'], 'client-key'),
    token: typeof user.token === 'string' ? user.token : undefined,
  };
}
