// What pairing leaves on the device: a kubeconfig holding the key made here (0600), and agent.yaml, the
// settings `skiff agent --config FILE` runs with (what a systemd unit starts).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { isObject } from '../../api/types/meta.js';

export interface AgentConfig {
  /** Path of the node's kubeconfig (relative paths are relative to the config file). */
  kubeconfig: string;
  nodeName: string;
  dataDir?: string;
  nodeIP?: string;
  bridge?: string;
  clusterCidr?: string;
  proxyChainPrefix?: string;
}

const CONFIG_KEYS: (keyof AgentConfig)[] = ['kubeconfig', 'nodeName', 'dataDir', 'nodeIP', 'bridge', 'clusterCidr', 'proxyChainPrefix'];

export function renderNodeKubeconfig(p: { server: string; caPem: string; certPem: string; keyPem: string; nodeName: string }): string {
  const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
  const user = `system:node:${p.nodeName}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'skiff', cluster: { server: p.server, 'certificate-authority-data': b64(p.caPem) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(p.certPem), 'client-key-data': b64(p.keyPem) } }],
    contexts: [{ name: 'skiff', context: { cluster: 'skiff', user } }],
    'current-context': 'skiff',
  }, { lineWidth: 0 });
}

/**
 * Puts a new client certificate and key into the kubeconfig's current user (rotation), keeping the rest.
 * Atomic: a crash leaves the old file or the new one, never half of each.
 */
export async function replaceClientCertificate(path: string, certPem: string, keyPem: string): Promise<void> {
  const doc: unknown = parse(await readFile(path, 'utf8'));
  if (!isObject(doc)) throw new Error(`${path} is not a kubeconfig`);
  const ctxName = doc['current-context'];
  const contexts = Array.isArray(doc.contexts) ? (doc.contexts as unknown[]) : [];
  const ctx = contexts.find((c) => isObject(c) && c.name === ctxName);
  const userName = isObject(ctx) && isObject(ctx.context) ? ctx.context.user : undefined;
  const users = Array.isArray(doc.users) ? (doc.users as unknown[]) : [];
  const entry = users.find((u) => isObject(u) && u.name === userName);
  if (!isObject(entry) || !isObject(entry.user)) throw new Error(`${path}: the current context's user was not found`);
  const user = entry.user;
  delete user['client-certificate'];
  delete user['client-key'];
  user['client-certificate-data'] = Buffer.from(certPem, 'utf8').toString('base64');
  user['client-key-data'] = Buffer.from(keyPem, 'utf8').toString('base64');
  await writePrivateFile(path, stringify(doc, { lineWidth: 0 }));
}

export function renderAgentConfig(c: AgentConfig): string {
  const out: Record<string, string> = {};
  for (const k of CONFIG_KEYS) if (c[k] !== undefined) out[k] = c[k]!;
  return `# Written by \`skiff agent pair\`; \`skiff agent --config <this file>\` runs the node with it.\n${stringify(out)}`;
}

/** Reads agent.yaml; relative paths in it are taken from the file's directory. */
export async function readAgentConfig(path: string): Promise<AgentConfig> {
  let doc: unknown;
  try {
    doc = parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the agent configuration ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (!isObject(doc)) throw new Error(`${path}: expected a YAML mapping of ${CONFIG_KEYS.join(', ')}`);
  const c: Partial<AgentConfig> = {};
  for (const k of Object.keys(doc)) {
    const v = doc[k];
    if (!CONFIG_KEYS.includes(k as keyof AgentConfig)) throw new Error(`${path}: unknown setting "${k}" (known: ${CONFIG_KEYS.join(', ')})`);
    if (typeof v !== 'string' || v === '') throw new Error(`${path}: "${k}" must be a non-empty string`);
    c[k as keyof AgentConfig] = v;
  }
  if (!c.kubeconfig || !c.nodeName) throw new Error(`${path}: "kubeconfig" and "nodeName" are required`);
  const base = dirname(resolve(path));
  return { ...c, kubeconfig: resolve(base, c.kubeconfig), dataDir: c.dataDir && resolve(base, c.dataDir) } as AgentConfig;
}

/** Writes a file 0600 via a temporary file, fsync and rename; creates its directory 0700 if missing. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const f = await open(tmp, 'wx', 0o600);
  try {
    try {
      await f.writeFile(text);
      await f.chmod(0o600);
      await f.sync();
    } finally {
      await f.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await chmod(path, 0o600);
}
