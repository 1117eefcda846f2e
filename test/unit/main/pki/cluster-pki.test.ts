import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { caPin, loadOrCreateClusterPki, PkiFileError, type ClusterPkiOptions } from '../../../../main/pki/index.js';
import { openssl, tempDir } from './helpers.js';

// Fixed hosts so the tests do not depend on this machine's interfaces.
const base: ClusterPkiOptions = { hosts: ['localhost', '127.0.0.1'] };
const mode = (path: string): number => statSync(path).mode & 0o777;

test('first start creates the PKI files with private modes; a restart reuses them unchanged', async () => {
  const data = join(tempDir(), 'data');
  const first = await loadOrCreateClusterPki(data, base);
  assert.deepEqual(first.written, { ca: true, serving: true, admin: true });
  const pki = join(data, 'pki');
  assert.deepEqual(readdirSync(pki).sort(), ['admin.crt', 'admin.key', 'apiserver.crt', 'apiserver.key', 'ca.crt', 'ca.key']);
  assert.equal(mode(pki), 0o700);
  for (const key of ['ca.key', 'apiserver.key', 'admin.key']) assert.equal(mode(join(pki, key)), 0o600, key);
  assert.equal(readFileSync(join(pki, 'ca.crt'), 'utf8'), first.caCertPem);
  assert.equal(first.pin, caPin(first.caCertPem));
  assert.match(openssl(['verify', '-CAfile', join(pki, 'ca.crt'), join(pki, 'apiserver.crt'), join(pki, 'admin.crt')]),
    /apiserver.crt: OK\n.*admin.crt: OK/);
  assert.match(openssl(['x509', '-noout', '-subject', '-nameopt', 'RFC2253', '-in', join(pki, 'admin.crt')]),
    /subject=CN=skiff-admin,O=system:masters/);

  const again = await loadOrCreateClusterPki(data, base);
  assert.deepEqual(again.written, { ca: false, serving: false, admin: false });
  assert.equal(again.pin, first.pin);
  assert.equal(again.caKeyPem, first.caKeyPem);
  assert.equal(again.serving.certPem, first.serving.certPem);
  assert.equal(again.admin.certPem, first.admin.certPem);
});

test('the serving cert is re-issued when it no longer covers the listen address, the CA stays', async () => {
  const data = tempDir();
  const first = await loadOrCreateClusterPki(data, { ...base, listenHost: '0.0.0.0' });
  const same = await loadOrCreateClusterPki(data, { ...base, listenHost: '127.0.0.1' });
  assert.equal(same.written.serving, false, '127.0.0.1 was already covered');
  const moved = await loadOrCreateClusterPki(data, { ...base, listenHost: '127.0.0.2', extraHosts: ['skiff.internal'] });
  assert.deepEqual(moved.written, { ca: false, serving: true, admin: false });
  assert.equal(moved.pin, first.pin);
  const san = openssl(['x509', '-noout', '-ext', 'subjectAltName', '-in', join(data, 'pki', 'apiserver.crt')]);
  assert.match(san, /IP Address:127\.0\.0\.2/);
  assert.match(san, /DNS:skiff\.internal/);
  assert.match(san, /IP Address:127\.0\.0\.1/);
});

test('leaf certs expiring within 30 days are re-issued at start', async () => {
  const data = tempDir();
  await loadOrCreateClusterPki(data, { ...base, servingValidityDays: 10, adminValidityDays: 45 });
  const next = await loadOrCreateClusterPki(data, base);
  assert.deepEqual(next.written, { ca: false, serving: true, admin: false });
  const end = new Date(openssl(['x509', '-noout', '-enddate', '-in', join(data, 'pki', 'apiserver.crt')]).split('=')[1]);
  assert.ok(end.getTime() - Date.now() > 300 * 86_400_000, `re-issued for a year, ends ${end.toISOString()}`);
});

test('a new CA (old one deleted) makes the leaves re-issue, since they no longer verify', async () => {
  const data = tempDir();
  const first = await loadOrCreateClusterPki(data, base);
  rmSync(join(data, 'pki', 'ca.crt'));
  rmSync(join(data, 'pki', 'ca.key'));
  const next = await loadOrCreateClusterPki(data, base);
  assert.deepEqual(next.written, { ca: true, serving: true, admin: true });
  assert.notEqual(next.pin, first.pin);
  assert.match(openssl(['verify', '-CAfile', join(data, 'pki', 'ca.crt'), join(data, 'pki', 'admin.crt')]), /OK/);
});

test('a truncated ca.key stops the start with an error naming the file and the fix', async () => {
  const data = tempDir();
  await loadOrCreateClusterPki(data, base);
  const key = join(data, 'pki', 'ca.key');
  truncateSync(key, Math.floor(statSync(key).size / 2));
  await assert.rejects(loadOrCreateClusterPki(data, base), (err: unknown) => {
    assert.ok(err instanceof PkiFileError);
    assert.equal(err.path, key);
    assert.ok(err.message.includes(key), err.message);
    assert.match(err.message, /truncated or corrupted/);
    assert.match(err.message, /delete ca\.crt and ca\.key to create a new cluster CA/);
    return true;
  });
});

test('a corrupted apiserver.crt or a lone ca.crt are reported, not silently replaced', async () => {
  const data = tempDir();
  await loadOrCreateClusterPki(data, base);
  const cert = join(data, 'pki', 'apiserver.crt');
  writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  await assert.rejects(loadOrCreateClusterPki(data, base), (err: unknown) =>
    err instanceof PkiFileError && err.path === cert && err.message.includes(`Delete ${cert}`));
  rmSync(cert);
  rmSync(join(data, 'pki', 'ca.key'));
  await assert.rejects(loadOrCreateClusterPki(data, base), (err: unknown) =>
    err instanceof PkiFileError && err.path === join(data, 'pki', 'ca.key') && /ca\.crt exists but .*ca\.key is missing/.test(err.message));
});

test('a private key left readable by others is set back to 0600', async () => {
  const data = tempDir();
  await loadOrCreateClusterPki(data, base);
  const key = join(data, 'pki', 'admin.key');
  chmodSync(key, 0o644);
  const warnings: object[] = [];
  await loadOrCreateClusterPki(data, { ...base, logger: { info: () => undefined, warn: (o) => warnings.push(o) } });
  assert.equal(mode(key), 0o600);
  assert.deepEqual(warnings, [{ path: key, mode: '644' }]);
});
