// The pairing service over a real store: tokens are single-use, expire and are stored hashed; requests
// wait for approval; names are not taken over; unpairing revokes (and the revocation survives a restart).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { StatusError } from '../../../../api/errors/status-error.js';
import { findResource } from '../../../../api/resources/registry.js';
import { k8sSchemas } from '../../../../api/schema/registry.js';
import type { KubeObject } from '../../../../api/types/meta.js';
import { generateNodeKey } from '../../../../agent/pairing/csr.js';
import { InProcessTransport } from '../../../../main/controllers/inprocess-transport.js';
import { PairingService } from '../../../../main/pairing/index.js';
import { caPin, createCa, type CertificateAuthority } from '../../../../main/pki/index.js';
import { ensureSystemNamespaces } from '../../../../main/registry/bootstrap.js';
import { ResourceRegistry } from '../../../../main/registry/resource-registry.js';
import { Store } from '../../../../main/store/index.js';
import { tempDir } from '../../../helpers/tmp.js';

const SECRETS = findResource('', 'v1', 'secrets')!;
const NODES = findResource('', 'v1', 'nodes')!;
const quiet = { info: () => {}, warn: () => {} };

describe('pairing service', () => {
  const dir = tempDir('skiff-pairing-');
  let store: Store;
  let t: InProcessTransport;
  let ca: CertificateAuthority;
  let now: number;
  const svc = (validity = 3600): PairingService =>
    new PairingService({ transport: t, ca, pin: caPin(ca.certPem), log: quiet, clock: () => new Date(now), nodeCertValiditySeconds: validity, listen: () => ({ host: '0.0.0.0', port: 6443 }) });
  let p: PairingService;

  before(async () => {
    store = await Store.open(`${dir.path}/db`);
    const registry = new ResourceRegistry({ store, schemas: k8sSchemas, clock: () => new Date(now) });
    now = Date.now();
    await ensureSystemNamespaces(registry);
    t = new InProcessTransport(registry, 'test');
    ca = await createCa();
  });
  after(async () => {
    await store.close();
    dir.remove();
  });
  beforeEach(async () => {
    now = Date.now();
    p = svc();
    await p.start();
  });

  const statusOf = async (promise: Promise<unknown>): Promise<number> => {
    try {
      await promise;
    } catch (err) {
      if (err instanceof StatusError) return err.code;
      throw err;
    }
    return 200;
  };

  test('a token pairs one device: the certificate names the node, is signed by the CA, for the device\'s key; a second use is refused', async () => {
    const tok = await p.createToken({});
    assert.match(tok.token!, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    assert.equal(tok.caPin, caPin(ca.certPem));
    assert.match(tok.command!, new RegExp(`^sudo skiff agent pair --server https://\\S+:6443 --token ${tok.token!.replace('.', '\\.')} --ca-pin sha256:[0-9a-f]{64}$`));
    const key = generateNodeKey('edge-1');
    const r = await p.submit({ token: tok.token!, nodeName: 'edge-1', csr: key.csrPem }, '10.0.0.5');
    assert.equal(r.phase, 'Issued');
    assert.equal(r.nodeName, 'edge-1');
    const cert = new X509Certificate(r.certificate!);
    assert.equal(cert.subject, 'O=system:nodes\nCN=system:node:edge-1');
    assert.ok(cert.verify(new X509Certificate(ca.certPem).publicKey));
    assert.ok(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(key.keyPem)));
    assert.equal(r.caCert, ca.certPem);
    // single use
    assert.equal(await statusOf(p.submit({ token: tok.token!, nodeName: 'edge-2', csr: generateNodeKey('edge-2').csrPem }, '10.0.0.5')), 401);
    assert.deepEqual((await p.listNodes()).map((n) => n.name), ['edge-1']);
    await p.unpair('edge-1');
  });

  test('the token secret is stored only as its SHA-256', async () => {
    const tok = await p.createToken({ description: 'lab' });
    const [id, secret] = tok.token!.split('.');
    const s = await t.get(SECRETS, 'kube-system', `bootstrap-token-${id}`);
    assert.equal(s.type, 'bootstrap.kubernetes.io/token');
    const values = Object.values(s.data as Record<string, string>).map((v) => Buffer.from(v, 'base64').toString('utf8'));
    assert.ok(!values.some((v) => v.includes(secret)), 'the secret appears in clear');
    assert.ok(values.includes((await import('node:crypto')).createHash('sha256').update(secret).digest('hex')));
    await p.deleteToken(id);
  });

  test('an expired token is refused (and deleted), an unknown one too; a wrong secret leaves the real token usable', async () => {
    const short = await p.createToken({ ttlSeconds: 60 });
    now += 61_000;
    assert.equal(await statusOf(p.submit({ token: short.token!, csr: generateNodeKey('x').csrPem, hostname: 'x' }, 'a')), 401);
    assert.equal(await t.get(SECRETS, 'kube-system', `bootstrap-token-${short.id}`).catch(() => undefined), undefined);
    assert.equal(await statusOf(p.submit({ token: 'abcdef.0123456789abcdef', csr: generateNodeKey('x').csrPem, hostname: 'x' }, 'a')), 401);
    const real = await p.createToken({});
    const wrong = `${real.id}.${'z'.repeat(16)}`;
    assert.equal(await statusOf(p.submit({ token: wrong, csr: generateNodeKey('x').csrPem, hostname: 'x' }, 'a')), 401);
    const ok = await p.submit({ token: real.token!, csr: generateNodeKey('dev-host').csrPem, hostname: 'Dev_Host' }, 'a');
    assert.equal(ok.nodeName, 'dev-host'); // the hostname made a node name
    await p.unpair('dev-host');
  });

  test('a malformed or forged CSR is refused before the token is spent', async () => {
    const tok = await p.createToken({});
    const good = generateNodeKey('edge-3').csrPem;
    const der = Buffer.from(good.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    der[der.indexOf('edge-3') + 5] ^= 1; // the signed content changes, the signature does not
    const forged = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    assert.equal(await statusOf(p.submit({ token: tok.token!, nodeName: 'edge-3', csr: forged }, 'a')), 400);
    assert.equal((await p.submit({ token: tok.token!, nodeName: 'edge-3', csr: good }, 'a')).phase, 'Issued');
    await p.unpair('edge-3');
  });

  test('with --require-approval the request waits; approve issues the certificate, deny refuses it', async () => {
    const tok = await p.createToken({ requireApproval: true, nodeName: 'edge-4' });
    const pending = await p.submit({ token: tok.token!, csr: generateNodeKey('edge-4').csrPem }, '10.0.0.9');
    assert.equal(pending.phase, 'Pending');
    assert.equal(pending.certificate, undefined);
    assert.equal((await p.request(pending.name)).phase, 'Pending');
    assert.deepEqual((await p.listRequests()).map((r) => [r.name, r.phase, r.clientAddress]), [[pending.name, 'Pending', '10.0.0.9']]);
    const approved = await p.approve(pending.name);
    assert.equal(approved.phase, 'Issued');
    const seen = await p.request(pending.name);
    assert.equal(new X509Certificate(seen.certificate!).subject, 'O=system:nodes\nCN=system:node:edge-4');
    assert.equal(await statusOf(p.approve(pending.name)), 409);

    const tok2 = await p.createToken({ requireApproval: true });
    const other = await p.submit({ token: tok2.token!, csr: generateNodeKey('edge-5').csrPem, nodeName: 'edge-5' }, 'b');
    const denied = await p.deny(other.name, 'not ours');
    assert.deepEqual([denied.phase, denied.message], ['Denied', 'not ours']);
    assert.equal((await p.request(other.name)).certificate, undefined);
    await p.unpair('edge-4');
  });

  test('a device cannot take the name of a node in the cluster unless the token was made for that name', async () => {
    await t.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'taken' } } as KubeObject);
    const tok = await p.createToken({});
    assert.equal(await statusOf(p.submit({ token: tok.token!, nodeName: 'taken', csr: generateNodeKey('taken').csrPem }, 'a')), 409);
    // the refusal did not spend the token: the device retries under another name
    assert.equal((await p.submit({ token: tok.token!, nodeName: 'not-taken', csr: generateNodeKey('not-taken').csrPem }, 'a')).phase, 'Issued');
    await p.unpair('not-taken');
    const bound = await p.createToken({ nodeName: 'taken' });
    assert.equal(await statusOf(p.submit({ token: bound.token!, nodeName: 'other', csr: generateNodeKey('other').csrPem }, 'a')), 400);
    const bound2 = await p.createToken({ nodeName: 'taken' });
    assert.equal((await p.submit({ token: bound2.token!, csr: generateNodeKey('taken').csrPem }, 'a')).nodeName, 'taken');
    await p.unpair('taken');
  });

  test('unpairing revokes every certificate of the node (paired and rotated), tells the server, removes the Node; it survives a restart', async () => {
    const tok = await p.createToken({});
    const first = await p.submit({ token: tok.token!, nodeName: 'edge-6', csr: generateNodeKey('edge-6').csrPem }, 'a');
    const rotated = await p.rotate('edge-6', { csr: generateNodeKey('edge-6').csrPem });
    await t.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'edge-6' } } as KubeObject);
    const presented = (pem: string): { serial: string; user: string; notBefore: number } => {
      const c = new X509Certificate(pem);
      return { serial: c.serialNumber, user: 'system:node:edge-6', notBefore: Date.parse(c.validFrom) };
    };
    assert.equal(p.revocations.isRevoked(presented(first.certificate!)), false);
    const told: string[] = [];
    p.onRevoked((n) => told.push(n));
    await t.create(findResource('', 'v1', 'pods')!, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'on-edge-6' }, spec: { nodeName: 'edge-6', containers: [{ name: 'c', image: 'x' }] } } as KubeObject);
    assert.deepEqual(await p.unpair('edge-6'), { revokedCertificates: 2, nodeDeleted: true, podsDeleted: 1 });
    assert.deepEqual(told, ['edge-6']);
    assert.equal(p.revocations.isRevoked(presented(first.certificate!)), true);
    assert.equal(p.revocations.isRevoked(presented(rotated.certificate)), true);
    // a certificate of that node that pairing never recorded, issued before the unpairing, is refused too
    assert.equal(p.revocations.isRevoked({ serial: '1234', user: 'system:node:edge-6', notBefore: now - 1000 }), true);
    assert.equal(p.revocations.isRevoked({ serial: '1234', user: 'system:node:edge-7', notBefore: now - 1000 }), false);
    assert.equal(await t.get(NODES, undefined, 'edge-6').catch(() => undefined), undefined);
    assert.equal(await statusOf(p.unpair('edge-6')), 404);

    const restarted = svc();
    await restarted.start();
    assert.equal(restarted.revocations.isRevoked(presented(first.certificate!)), true);
    // Paired again: new certificates are good, the old ones stay revoked.
    now += 1000;
    const again = await restarted.submit({ token: (await restarted.createToken({})).token!, nodeName: 'edge-6', csr: generateNodeKey('edge-6').csrPem }, 'a');
    assert.equal(restarted.revocations.isRevoked(presented(again.certificate!)), false);
    assert.equal(restarted.revocations.isRevoked(presented(first.certificate!)), true);
    await restarted.unpair('edge-6');
  });

  test('node certificates live as configured and are recorded until they expire', async () => {
    const short = svc(120);
    await short.start();
    const r = await short.submit({ token: (await short.createToken({})).token!, nodeName: 'edge-8', csr: generateNodeKey('edge-8').csrPem }, 'a');
    const c = new X509Certificate(r.certificate!);
    const life = Date.parse(c.validTo) - Date.parse(c.validFrom);
    // 120 s, backdated by a tenth of that (not five minutes) so renewing at 70% still lies ahead
    assert.ok(life >= 120_000 && life <= 134_000, `lifetime ${life} ms`);
    now += 200_000;
    await short.rotate('edge-8', { csr: generateNodeKey('edge-8').csrPem });
    const [node] = (await short.listNodes()).filter((n) => n.name === 'edge-8');
    assert.equal(node.certificates.length, 1, 'the expired certificate is dropped from the record');
    await short.unpair('edge-8');
  });
});
