// The device's CSR, encoded by hand: openssl and the control plane's signer must both accept it, and
// the certificate that comes back must be checked against the key and the pinned CA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateNodeKey } from '../../../../agent/pairing/csr.js';
import { caPinOf, checkIssuedCertificate } from '../../../../agent/pairing/pin.js';
import { caPin, checkCsr, createCa, signCsr } from '../../../../main/pki/index.js';

test('openssl verifies the CSR and reads its subject', () => {
  const { csrPem } = generateNodeKey('edge-1');
  const out = execFileSync('openssl', ['req', '-verify', '-noout', '-subject', '-nameopt', 'RFC2253'], { input: csrPem, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  assert.match(out, /subject=CN=system:node:edge-1,O=system:nodes/);
});

test('the control plane signs it; the device accepts the result only for its key, its CA and its node name', async () => {
  const ca = await createCa();
  const other = await createCa();
  const key = generateNodeKey('edge-1');
  await checkCsr(key.csrPem);
  const cert = await signCsr(ca, key.csrPem, { commonName: 'system:node:edge-1', organizations: ['system:nodes'] });
  assert.doesNotThrow(() => checkIssuedCertificate(cert, key.keyPem, ca.certPem, 'edge-1'));
  assert.throws(() => checkIssuedCertificate(cert, key.keyPem, other.certPem, 'edge-1'), /not signed by the pinned cluster CA/);
  assert.throws(() => checkIssuedCertificate(cert, generateNodeKey('edge-1').keyPem, ca.certPem, 'edge-1'), /not for the key this device generated/);
  assert.throws(() => checkIssuedCertificate(cert, key.keyPem, ca.certPem, 'edge-2'), /not for node "edge-2"/);
});

test('the device computes the same pin as the control plane prints', async () => {
  const ca = await createCa();
  assert.equal(caPinOf(ca.certPem), caPin(ca.certPem));
});
