// The admin kubeconfig: one cluster, one user, one context, everything embedded so the file stands alone.
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { ensurePrivateDir, writeFileAtomic } from './atomic-write.js';

export interface KubeconfigParams {
  /** e.g. https://127.0.0.1:6443 (IPv6 hosts in brackets). */
  server: string;
  caCertPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  clusterName?: string;
  user?: string;
  context?: string;
}

export function renderKubeconfig(p: KubeconfigParams): string {
  const cluster = p.clusterName ?? 'skiff';
  const user = p.user ?? 'skiff-admin';
  const context = p.context ?? 'skiff';
  const b64 = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: p.server, 'certificate-authority-data': b64(p.caCertPem) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(p.clientCertPem), 'client-key-data': b64(p.clientKeyPem) } }],
    contexts: [{ name: context, context: { cluster, user } }],
    'current-context': context,
    preferences: {},
  }, { lineWidth: 0 });
}

/** Writes the kubeconfig 0600 (it holds a private key), atomically, creating its directory 0700 if needed. */
export async function writeKubeconfig(path: string, text: string): Promise<void> {
  await ensureParent(dirname(path));
  await writeFileAtomic(path, text, 0o600);
}

async function ensureParent(dir: string): Promise<void> {
  // An existing directory (e.g. ~/.kube) keeps its mode; only one we create is made private.
  if (await access(dir).then(() => true, () => false)) return;
  await ensurePrivateDir(dir);
}
