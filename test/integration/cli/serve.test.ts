// `skiff serve` as a user runs it: first start creates the PKI and kubeconfig, a restart keeps
// everything, SIGTERM exits 0, an acknowledged write survives kill -9, and TLS refuses strangers.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { repoPath } from '../../helpers/paths.js';
import { startServe } from '../../helpers/serve-process.js';
import { tempDir } from '../../helpers/tmp.js';

const kubectl = (kubeconfig: string, home: string, ...args: string[]): string =>
  execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { env: { PATH: process.env.PATH ?? '', HOME: home, KUBECACHEDIR: join(home, 'cache') }, encoding: 'utf8' });

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('skiff serve', () => {
  const dir = tempDir('skiff-serve-');
  const dataDir = join(dir.path, 'data');
  const extraKubeconfig = join(dir.path, 'admin.kubeconfig');
  after(() => dir.remove());

  test('first start: PKI and kubeconfig in the data dir, API line printed, kubectl works', async () => {
    const p = await startServe(['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--kubeconfig', extraKubeconfig, '--no-agent']);
    try {
      assert.match(p.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      for (const f of ['pki/ca.key', 'pki/apiserver.key', 'pki/admin.key', 'kubeconfig']) assert.equal(mode(join(dataDir, f)), 0o600, f);
      assert.equal(mode(extraKubeconfig), 0o600);
      assert.equal(readFileSync(extraKubeconfig, 'utf8'), readFileSync(join(dataDir, 'kubeconfig'), 'utf8'));
      assert.match(kubectl(extraKubeconfig, dir.path, 'get', 'ns'), /\ndefault\s+Active\s+/);
      kubectl(extraKubeconfig, dir.path, 'create', 'configmap', 'keep-me', '--from-literal=a=1');
    } finally {
      p.child.kill('SIGTERM');
    }
    assert.equal(await p.exited, 0, 'SIGTERM exits 0');
  });

  test('restart reuses the CA and keeps every object', async () => {
    const ca = readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8');
    const p = await startServe(['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-agent']);
    try {
      assert.equal(readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8'), ca);
      assert.equal(kubectl(join(dataDir, 'kubeconfig'), dir.path, 'get', 'cm', 'keep-me', '-o', 'jsonpath={.data.a}'), '1');
    } finally {
      p.child.kill('SIGINT');
    }
    assert.equal(await p.exited, 0, 'SIGINT exits 0');
  });

  test('an acknowledged write survives kill -9', async () => {
    const p = await startServe(['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-agent']);
    kubectl(join(dataDir, 'kubeconfig'), dir.path, 'create', 'configmap', 'durable', '--from-literal=b=2');
    p.child.kill('SIGKILL');
    await p.exited;
    const again = await startServe(['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-agent']);
    try {
      assert.equal(kubectl(join(dataDir, 'kubeconfig'), dir.path, 'get', 'cm', 'durable', '-o', 'jsonpath={.data.b}'), '2');
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });

  test('a client certificate from another CA never reaches HTTP; no certificate gets 401', async () => {
    const p = await startServe(['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-agent']);
    try {
      const other = join(dir.path, 'other');
      execFileSync('sh', ['-c', `mkdir -p ${other} && cd ${other} && openssl ecparam -name prime256v1 -genkey -noout -out ca.key && openssl req -x509 -new -key ca.key -subj /CN=evil-ca -days 1 -out ca.crt && openssl ecparam -name prime256v1 -genkey -noout -out c.key && openssl req -new -key c.key -subj /CN=mallory/O=system:masters -out c.csr && openssl x509 -req -in c.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -out c.crt`], { stdio: 'ignore' });
      const ca = readFileSync(join(dataDir, 'pki', 'ca.crt'));
      const get = (opts: { cert?: Buffer; key?: Buffer }) => new Promise<{ status?: number; error?: string }>((resolve) => {
        const req = request(`${p.url}/api/v1/namespaces`, { ca, ...opts }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode }));
        });
        req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
        req.end();
      });
      const stranger = await get({ cert: readFileSync(join(other, 'c.crt')), key: readFileSync(join(other, 'c.key')) });
      assert.equal(stranger.status, undefined, 'no HTTP response for a foreign certificate');
      assert.ok(stranger.error, 'the connection fails');
      const anonymous = await get({});
      assert.equal(anonymous.status, 401);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  });

  test('bad flags get a clear message and exit 2', () => {
    let status = 0, stderr = '';
    try {
      execFileSync(process.execPath, [repoPath('bin', 'skiff.js'), 'serve', '--listen', 'nonsense'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: string }).stderr);
    }
    assert.equal(status, 2);
    assert.match(stderr, /--listen: "nonsense" is not HOST:PORT/);
  });
});
