import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import {
  createCa, CsrRejectedError, identityFromTlsSocket, issueClientCert, issueServingCert, signCsr, type CertIdentity,
} from '../../../../main/pki/index.js';
import { fileIn, listenHttps, openssl, opensslFails, tempDir } from './helpers.js';

const dir = tempDir();
const ca = await createCa();
const caPath = fileIn(dir, 'ca.crt', ca.certPem);

test('a serving cert verifies against the CA and carries exactly the requested SANs', async () => {
  const { certPem } = await issueServingCert(ca, {
    hosts: ['localhost', 'My-Laptop', '127.0.0.1', '::1', 'fe80::1%eth0', '::ffff:192.0.2.7'],
    extraHosts: ['skiff.example.test', '198.51.100.4'],
  });
  const path = fileIn(dir, 'serving.crt', certPem);
  assert.match(openssl(['verify', '-CAfile', caPath, '-purpose', 'sslserver', path]), /: OK/);
  const san = openssl(['x509', '-noout', '-ext', 'subjectAltName', '-in', path]).split('\n')[1].trim().split(', ').sort();
  assert.deepEqual(san, [
    'DNS:localhost', 'DNS:my-laptop', 'DNS:skiff.example.test',
    'IP Address:0:0:0:0:0:0:0:1', 'IP Address:0:0:0:0:0:FFFF:C000:207', 'IP Address:127.0.0.1',
    'IP Address:198.51.100.4', 'IP Address:FE80:0:0:0:0:0:0:1',
  ]);
  const text = openssl(['x509', '-noout', '-text', '-in', path]);
  assert.match(text, /Extended Key Usage:\s+TLS Web Server Authentication\n/);
  assert.match(text, /Basic Constraints: critical\s+CA:FALSE/);
  const aki = /Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(text)?.[1];
  assert.equal(aki?.replaceAll(':', '').toLowerCase(), ca.keyId);
});

test('the default serving cert covers localhost, the loopback addresses and validity is one year', async () => {
  const { certPem } = await issueServingCert(ca);
  const path = fileIn(dir, 'default.crt', certPem);
  const san = openssl(['x509', '-noout', '-ext', 'subjectAltName', '-in', path]);
  for (const want of ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1']) assert.ok(san.includes(want), san);
  const start = new Date(openssl(['x509', '-noout', '-startdate', '-in', path]).split('=')[1]);
  const end = new Date(openssl(['x509', '-noout', '-enddate', '-in', path]).split('=')[1]);
  const days = (end.getTime() - start.getTime()) / 86_400_000;
  assert.ok(days > 364.9 && days < 365.1, `validity ${days} days`);
});

test('client certs: CN is the user, one O per group, clientAuth only, random positive 16-byte serials', async () => {
  const a = await issueClientCert(ca, { commonName: 'alice', organizations: ['system:masters', 'dev team'], validityDays: 2 });
  const b = await issueClientCert(ca, { commonName: 'alice', organizations: ['system:masters', 'dev team'], validityDays: 2 });
  const path = fileIn(dir, 'alice.crt', a.certPem);
  assert.match(openssl(['verify', '-CAfile', caPath, '-purpose', 'sslclient', path]), /: OK/);
  assert.match(opensslFails(['verify', '-CAfile', caPath, '-purpose', 'sslserver', path]), /unsuitable certificate purpose/);
  assert.equal(openssl(['x509', '-noout', '-subject', '-nameopt', 'RFC2253', '-in', path]).trim(),
    'subject=CN=alice,O=dev team,O=system:masters');
  const serialA = openssl(['x509', '-noout', '-serial', '-in', path]).trim().split('=')[1];
  const serialB = openssl(['x509', '-noout', '-serial', '-in', fileIn(dir, 'alice2.crt', b.certPem)]).trim().split('=')[1];
  for (const s of [serialA, serialB]) {
    assert.match(s, /^[0-7][0-9A-F]{31}$/, `serial ${s} is 16 bytes with the sign bit clear`);
    assert.notEqual(s.slice(0, 2), '00');
  }
  assert.notEqual(serialA, serialB);
  const end = new Date(openssl(['x509', '-noout', '-enddate', '-in', path]).split('=')[1]);
  assert.ok(end.getTime() - Date.now() < 2.01 * 86_400_000, 'validityDays is honoured');
});

test('an mTLS server accepts the CA\'s client cert with its identity and refuses one from another CA', async () => {
  const serving = await issueServingCert(ca, { hosts: ['127.0.0.1'] });
  const admin = await issueClientCert(ca, { commonName: 'skiff-admin', organizations: ['system:masters'] });
  const stranger = await issueClientCert(await createCa(), { commonName: 'skiff-admin', organizations: ['system:masters'] });
  const seen: Array<CertIdentity | null> = [];
  const tlsErrors: Error[] = [];
  const srv = await listenHttps(
    { cert: serving.certPem, key: serving.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      seen.push(identityFromTlsSocket(req.socket as TLSSocket));
      res.end('hello');
    });
  srv.server.on('tlsClientError', (err) => tlsErrors.push(err));
  try {
    assert.equal(await get(srv.port, admin), 'hello');
    assert.deepEqual(seen, [{ user: 'skiff-admin', groups: ['system:masters'] }]);
    // Node ends the connection right after the handshake; the client sees a reset, the server a client error.
    await assert.rejects(get(srv.port, stranger), { code: 'ECONNRESET' });
    assert.equal(seen.length, 1, 'the handler never ran for the foreign cert');
    assert.ok(tlsErrors.length >= 1);
  } finally {
    await srv.close();
  }
});

test('identityFromTlsSocket names nobody when the TLS layer did not verify the cert', async () => {
  const serving = await issueServingCert(ca, { hosts: ['127.0.0.1'] });
  const stranger = await issueClientCert(await createCa(), { commonName: 'skiff-admin', organizations: ['system:masters'] });
  const seen: Array<{ id: CertIdentity | null; why: unknown }> = [];
  const srv = await listenHttps(
    { cert: serving.certPem, key: serving.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      seen.push({ id: identityFromTlsSocket(socket), why: socket.authorizationError });
      res.end('anonymous');
    });
  try {
    assert.equal(await get(srv.port, stranger), 'anonymous');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].id, null);
    assert.match(String(seen[0].why), /ISSUER|SELF_SIGNED|UNABLE/);
  } finally {
    await srv.close();
  }
});

function get(port: number, client: { certPem: string; keyPem: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', ca: ca.certPem, cert: client.certPem, key: client.keyPem, agent: false },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => { body += c.toString(); });
        res.on('end', () => resolve(body));
        res.on('error', reject);
      });
    req.on('error', reject);
    req.end();
  });
}

test('signCsr takes only the key: the subject and extensions the CSR asks for are ignored', async () => {
  const keyPath = `${dir}/evil.key`;
  const csr = openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath,
    '-subj', '/CN=evil/O=system:masters', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'subjectAltName=DNS:evil.example.test']);
  const certPem = await signCsr(ca, csr, { commonName: 'system:node:edge-1', organizations: ['system:nodes'], validityDays: 30 });
  const path = fileIn(dir, 'node.crt', certPem);
  assert.equal(openssl(['x509', '-noout', '-subject', '-nameopt', 'RFC2253', '-in', path]).trim(), 'subject=CN=system:node:edge-1,O=system:nodes');
  assert.match(openssl(['verify', '-CAfile', caPath, '-purpose', 'sslclient', path]), /: OK/);
  const text = openssl(['x509', '-noout', '-text', '-in', path]);
  assert.match(text, /CA:FALSE/);
  assert.doesNotMatch(text, /evil/);
  // the device's own key is the certificate's key
  assert.equal(openssl(['x509', '-noout', '-pubkey', '-in', path]), openssl(['pkey', '-pubout', '-in', keyPath]));
});

test('signCsr refuses a CSR whose signature does not match its content, garbage, and weak keys', async () => {
  const csr = openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '/dev/null',
    '-subj', '/CN=evil/O=system:masters']);
  const der = Buffer.from(csr.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const at = der.indexOf('evil');
  assert.ok(at > 0);
  der.write('evim', at); // the signed content changes, the signature stays
  const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
  const opts = { commonName: 'system:node:edge-1', organizations: ['system:nodes'] };
  await assert.rejects(signCsr(ca, tampered, opts), (err: unknown) =>
    err instanceof CsrRejectedError && /invalid signature/.test(err.message));
  await assert.rejects(signCsr(ca, 'not a csr', opts), CsrRejectedError);
  const weak = openssl(['req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=weak']);
  await assert.rejects(signCsr(ca, weak, opts), /rsa 1024 bits\) is not supported/);
  // the untampered one is fine, so the refusal above is about the signature
  assert.match(await signCsr(ca, csr, opts), /BEGIN CERTIFICATE/);
});
