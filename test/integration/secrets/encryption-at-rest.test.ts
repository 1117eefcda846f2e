// Secrets at rest, as a user sees them: created with the real kubectl, they are nowhere in LevelDB's
// files in plain text (ConfigMaps are), a restart reads them back, `skiff secrets rotate-key` works while
// the server runs and while it does not, and a damaged key file stops the start with a clear error.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { startControlPlane } from '../../../main/control-plane.js';
import { createLogger } from '../../../main/logger.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { apiClient } from '../../helpers/http.js';
import { repoPath } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const canary = (what: string): string => `skiff-canary-${what}-${randomBytes(8).toString('hex')}`;
const PASSWORD = canary('password');
const TOKEN = canary('token');
const CONFIG = canary('config');

/** Every file under `dir`, raw bytes (LevelDB's .log, .ldb, MANIFEST...). */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

function filesContaining(dir: string, text: string): string[] {
  return filesUnder(dir).filter((f) => f.bytes.includes(Buffer.from(text))).map((f) => f.path);
}

/** The key names in the stored prefixes of every Secret object and change-log record of a Secret. */
async function storedSecretKeyIds(dbDir: string): Promise<Set<string>> {
  const db = new Level<string, string>(dbDir, { valueEncoding: 'utf8' });
  const ids = new Set<string>();
  try {
    for await (const [k, v] of db.iterator()) {
      const isSecret = k.startsWith('/registry/core/secrets/') || (k.startsWith('~log/') && (v.startsWith('k8s:enc:') || v.includes('"k":"/registry/core/secrets/')));
      if (isSecret) ids.add(/^k8s:enc:aesgcm:v1:([^:]+):/.exec(v)?.[1] ?? 'plain');
    }
  } finally {
    await db.close();
  }
  return ids;
}

function keyFileIds(dataDir: string): string[] {
  return Object.keys((JSON.parse(readFileSync(join(dataDir, 'secrets.key'), 'utf8')) as { keys: object }).keys);
}

function skiff(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [repoPath('bin', 'skiff.js'), ...args], { env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('Secrets encrypted at rest', () => {
  const dir = tempDir('skiff-secrets-');
  const dataDir = join(dir.path, 'data');
  const home = join(dir.path, 'home');
  mkdirSync(home);
  let c: TestCluster | undefined;
  after(async () => {
    await c?.stop();
    dir.remove();
  });

  const decoded = async (name: string, field: string): Promise<string> =>
    Buffer.from(await c!.k('get', 'secret', name, '-o', `jsonpath={.data.${field}}`), 'base64').toString('utf8');

  /** Runs `fn` against a control plane on `dataDir`, stopped afterwards whatever happens. */
  const withCluster = async (fn: (cluster: TestCluster) => Promise<void>): Promise<void> => {
    c = await startTestCluster({ dataDir });
    try {
      await fn(c);
    } finally {
      await c.stop();
      c = undefined;
    }
  };

  test('kubectl-created Secrets are in no LevelDB file in plain text or base64; ConfigMaps are', async () => {
    await withCluster(async (cluster) => {
      await cluster.k('create', 'secret', 'generic', 'app-creds', `--from-literal=password=${PASSWORD}`, `--from-literal=token=${TOKEN}`);
      await cluster.k('create', 'secret', 'generic', 'second', `--from-literal=password=${PASSWORD}`);
      await cluster.k('label', 'secret', 'app-creds', 'tier=backend'); // a MODIFIED change-log record too
      await cluster.k('create', 'configmap', 'app-config', `--from-literal=setting=${CONFIG}`);
    });
    const db = join(dataDir, 'db');
    assert.ok(filesUnder(db).some((f) => f.path.endsWith('.log')), 'the scan covers the LevelDB write-ahead log');
    for (const value of [PASSWORD, TOKEN]) {
      assert.deepEqual(filesContaining(db, value), [], `plain ${value}`);
      assert.deepEqual(filesContaining(db, Buffer.from(value).toString('base64')), [], `base64 of ${value}`);
    }
    assert.notDeepEqual(filesContaining(db, CONFIG), [], 'a ConfigMap value is stored in plain text (the scan finds what is there)');
    assert.deepEqual(await storedSecretKeyIds(db), new Set(['key1']));
    assert.equal(statSync(join(dataDir, 'secrets.key')).mode & 0o777, 0o600);
  });

  test('a restart reads the Secrets back', async () => {
    await withCluster(async (cluster) => {
      assert.equal(await decoded('app-creds', 'password'), PASSWORD);
      assert.equal(await decoded('app-creds', 'token'), TOKEN);
      assert.equal(await cluster.k('get', 'secret', 'app-creds', '-o', 'jsonpath={.metadata.labels.tier}'), 'backend');
    });
  });

  test('`skiff secrets rotate-key` while the server runs: new key in the stored prefix, old key gone, reads and watches go on', async () => {
    await withCluster(async (cluster) => {
      const watchersBefore = cluster.cp.store.watcherCount;
      const watcher = spawn('kubectl', ['--kubeconfig', cluster.kubeconfig, 'get', 'secrets', '--watch-only', '-o', 'name'], { env: { PATH: process.env.PATH ?? '', HOME: home, KUBECACHEDIR: join(home, 'cache') } });
      let watched = '';
      watcher.stdout.on('data', (d: Buffer) => { watched += d.toString(); });
      try {
        await waitFor('the kubectl watch', () => cluster.cp.store.watcherCount > watchersBefore, { timeoutMs: 15_000 });
        const r = await skiff('secrets', 'rotate-key', '--data-dir', dataDir);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^Rotating through the running server at https:\/\/127\.0\.0\.1:\d+$/m);
        assert.match(r.stdout, /^re-encrypted 2 of 2 secrets, \d+ of \d+ change-log records$/m);
        assert.match(r.stdout, /^Every Secret is now encrypted with key "key2"; deleted "key1"\.$/m);
        assert.deepEqual(keyFileIds(dataDir), ['key2']);
        assert.equal(await decoded('app-creds', 'password'), PASSWORD);
        await cluster.k('create', 'secret', 'generic', 'after-rotation', `--from-literal=password=${PASSWORD}`);
        await waitFor('the watch event of a Secret created after the rotation', () => watched.includes('secret/after-rotation'), { timeoutMs: 15_000 });
        assert.ok(!watched.includes('secret/app-creds'), `the rotation itself sends no watch events: ${watched}`);
      } finally {
        watcher.kill();
      }
    });
    assert.deepEqual(await storedSecretKeyIds(join(dataDir, 'db')), new Set(['key2']));
    assert.deepEqual(filesContaining(join(dataDir, 'db'), 'k8s:enc:aesgcm:v1:key1:'), [], 'values under the old key are purged from the files');
    assert.deepEqual(filesContaining(join(dataDir, 'db'), Buffer.from(PASSWORD).toString('base64')), []);
  });

  test('rotate-key is for cluster admins only: a node is refused', async () => {
    await withCluster(async (cluster) => {
      const token = cluster.cp.tokens.issue({ name: 'system:node:edge-1', groups: ['system:nodes'] });
      const api = apiClient(cluster.cp);
      try {
        const r = await api.request('POST', '/apis/skiff.dev/v1/secrets/rotate-key', { as: 'none', headers: { Authorization: `Bearer ${token}` } });
        assert.equal(r.status, 403, r.text);
        assert.match(r.json<{ message: string }>().message, /cannot rotate the secrets encryption key/);
      } finally {
        api.close();
      }
    });
    assert.deepEqual(keyFileIds(dataDir), ['key2']);
  });

  test('rotate-key with the server stopped opens the store itself', async () => {
    const r = await skiff('secrets', 'rotate-key', '--data-dir', dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Rotating in .* \(no server running\)$/m);
    assert.match(r.stdout, /^re-encrypted 3 of 3 secrets, /m);
    assert.match(r.stdout, /now encrypted with key "key3"; deleted "key2"/);
    assert.deepEqual(keyFileIds(dataDir), ['key3']);
    assert.deepEqual(await storedSecretKeyIds(join(dataDir, 'db')), new Set(['key3']));
    await withCluster(async () => {
      assert.equal(await decoded('after-rotation', 'password'), PASSWORD);
    });
  });

  test('a corrupted key file stops the start with an error naming it, and is left as it was', async () => {
    const path = join(dataDir, 'secrets.key');
    const damaged = readFileSync(path, 'utf8').slice(0, 40);
    writeFileSync(path, damaged, { mode: 0o600 });
    await assert.rejects(
      startControlPlane({ dataDir, host: '127.0.0.1', port: 0, log: createLogger('test', 'silent'), controllers: [] }),
      (err: Error) => err.message.includes(`the secrets key file ${path} is unusable`) && /Restore it from a backup/.test(err.message),
    );
    assert.equal(readFileSync(path, 'utf8'), damaged, 'never replaced by a new key');
    const r = await skiff('serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-agent');
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`the secrets key file ${path} is unusable`), r.stderr);
  });
});
