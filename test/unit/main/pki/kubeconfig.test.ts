import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { parse } from 'yaml';
import {
  identityFromTlsSocket, loadOrCreateClusterPki, renderKubeconfig, writeKubeconfig, type CertIdentity,
} from '../../../../main/pki/index.js';
import { execFileAsync, listenHttps, tempDir } from './helpers.js';

const VERSION = {
  major: '1', minor: '32', gitVersion: 'v1.32.4', gitCommit: 'x', gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64',
};

test('real kubectl uses the written kubeconfig: it trusts the serving cert and presents the admin cert', async () => {
  const dir = tempDir();
  const pki = await loadOrCreateClusterPki(join(dir, 'data'), { hosts: ['localhost', '127.0.0.1'] });
  const seen: Array<{ path: string | undefined; id: CertIdentity | null }> = [];
  const srv = await listenHttps(
    { cert: pki.serving.certPem, key: pki.serving.keyPem, ca: pki.caCertPem, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const path = new URL(req.url ?? '/', 'https://x').pathname; // kubectl adds ?timeout=32s
      seen.push({ path, id: identityFromTlsSocket(req.socket as TLSSocket) });
      if (req.method === 'GET' && path === '/version') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(VERSION));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      }
    });
  try {
    const file = join(dir, 'kube', 'config');
    await writeKubeconfig(file, renderKubeconfig({
      server: `https://127.0.0.1:${srv.port}`,
      caCertPem: pki.caCertPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem,
    }));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'kube')).mode & 0o777, 0o700);

    const { stdout } = await execFileAsync('/usr/bin/kubectl', ['--kubeconfig', file, 'version', '-o', 'json'], {
      timeout: 60_000, env: { PATH: process.env.PATH, HOME: dir },
    });
    const out = JSON.parse(stdout) as { serverVersion?: { gitVersion?: string } };
    assert.equal(out.serverVersion?.gitVersion, 'v1.32.4');
    assert.ok(seen.some((s) => s.path === '/version'));
    for (const s of seen) assert.deepEqual(s.id, { user: 'skiff-admin', groups: ['system:masters'] });

    const current = await execFileAsync('/usr/bin/kubectl', ['--kubeconfig', file, 'config', 'current-context'],
      { timeout: 60_000, env: { PATH: process.env.PATH, HOME: dir } });
    assert.equal(current.stdout.trim(), 'skiff');
  } finally {
    await srv.close();
  }
});

test('the kubeconfig embeds base64 PEMs under the names kubectl reads', () => {
  const text = renderKubeconfig({
    server: 'https://[::1]:6443', caCertPem: 'CA PEM\n', clientCertPem: 'CERT PEM\n', clientKeyPem: 'KEY PEM\n',
  });
  const doc = parse(text) as Record<string, unknown>;
  assert.deepEqual(doc, {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'skiff', cluster: { server: 'https://[::1]:6443', 'certificate-authority-data': 'Q0EgUEVNCg==' } }],
    users: [{ name: 'skiff-admin', user: { 'client-certificate-data': 'Q0VSVCBQRU0K', 'client-key-data': 'S0VZIFBFTQo=' } }],
    contexts: [{ name: 'skiff', context: { cluster: 'skiff', user: 'skiff-admin' } }],
    'current-context': 'skiff',
    preferences: {},
  });
});
