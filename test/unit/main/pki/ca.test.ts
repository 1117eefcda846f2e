import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { caPin, createCa, loadCa } from '../../../../main/pki/index.js';
import { fileIn, openssl, tempDir } from './helpers.js';

const dir = tempDir();

test('the CA is an ECDSA P-256 root: CA:TRUE critical, keyCertSign|cRLSign|digitalSignature, SKI, 10 years', async () => {
  const ca = await createCa();
  const text = openssl(['x509', '-noout', '-text', '-in', fileIn(dir, 'ca.crt', ca.certPem)]);
  assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
  assert.match(text, /NIST CURVE: P-256/);
  assert.match(text, /Issuer: CN ?= ?skiff-ca/);
  assert.match(text, /Subject: CN ?= ?skiff-ca/);
  assert.match(text, /X509v3 Basic Constraints: critical\s+CA:TRUE/);
  assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
  assert.match(text, /X509v3 Subject Key Identifier:\s+([0-9A-F]{2}:){19}[0-9A-F]{2}/);
  const years = (ca.cert.notAfter.getTime() - ca.cert.notBefore.getTime()) / (365.25 * 24 * 3600 * 1000);
  assert.ok(years > 9.9 && years < 10.1, `validity ${years} years`);
  // openssl accepts it as a trust anchor for itself
  assert.match(openssl(['verify', '-CAfile', fileIn(dir, 'ca.crt', ca.certPem), fileIn(dir, 'ca.crt', ca.certPem)]), /OK/);
});

test('caPin is sha256 of the SubjectPublicKeyInfo DER, as kubeadm computes it', async () => {
  const ca = await createCa();
  const path = fileIn(dir, 'pin-ca.crt', ca.certPem);
  const expected = execFileSync('bash', ['-c',
    `openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der | sha256sum | cut -d' ' -f1`, '_', path],
  { encoding: 'utf8' }).trim();
  assert.match(expected, /^[0-9a-f]{64}$/);
  assert.equal(caPin(ca.certPem), `sha256:${expected}`);
  assert.notEqual(caPin((await createCa()).certPem), caPin(ca.certPem));
});

test('loadCa reuses a CA from its PEMs and refuses a key that is not the CA\'s', async () => {
  const ca = await createCa();
  const loaded = await loadCa(ca.certPem, ca.keyPem);
  assert.equal(loaded.keyId, ca.keyId);
  assert.equal(caPin(loaded.certPem), caPin(ca.certPem));
  const other = await createCa();
  await assert.rejects(loadCa(ca.certPem, other.keyPem), /private key does not match/);
});

test('loadCa accepts a SEC1 "EC PRIVATE KEY" made by openssl and refuses an RSA key', async () => {
  const ec = openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout']);
  assert.match(ec, /BEGIN EC PRIVATE KEY/);
  const keyPath = fileIn(dir, 'sec1.key', ec);
  const certPem = openssl(['req', '-x509', '-new', '-key', keyPath, '-subj', '/CN=imported-ca', '-days', '30',
    '-addext', 'basicConstraints=critical,CA:TRUE']);
  const ca = await loadCa(certPem, ec);
  assert.equal(ca.cert.subject, 'CN=imported-ca');
  const rsa = openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
  await assert.rejects(loadCa(certPem, rsa), /expected an ECDSA P-256 private key, found rsa/);
});
