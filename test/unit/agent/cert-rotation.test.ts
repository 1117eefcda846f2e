// Rotation: when it is due, and that a rotation replaces the pair everywhere the agent keeps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { CertRotation } from '../../../agent/cert-rotation.js';
import { createAgentLogger } from '../../../agent/logger.js';
import { renderNodeKubeconfig, writePrivateFile } from '../../../agent/pairing/node-files.js';
import { generateNodeKey } from '../../../agent/pairing/csr.js';
import { loadKubeconfig } from '../../../client/kubeconfig.js';
import { createCa, signCsr, type CertificateAuthority } from '../../../main/pki/index.js';
import { tempDir } from '../../helpers/tmp.js';

const log = createAgentLogger('test', 'silent');

async function issue(ca: CertificateAuthority, csrPem: string, seconds: number): Promise<string> {
  return signCsr(ca, csrPem, { commonName: 'system:node:edge-1', organizations: ['system:nodes'], validityDays: seconds / 86_400 });
}

test('rotation is due between 70% and 90% of the certificate\'s life', async () => {
  const ca = await createCa();
  const key = generateNodeKey('edge-1');
  const certPem = await issue(ca, key.csrPem, 1000);
  const c = new X509Certificate(certPem);
  const from = Date.parse(c.validFrom), to = Date.parse(c.validTo);
  const at = (random: number): number => new CertRotation({
    kubeconfig: '/nonexistent', credentials: { server: 'https://x', caPem: ca.certPem, certPem, keyPem: key.keyPem },
    transport: { call: async () => undefined, setClientCertificate: () => {} }, nodeName: 'edge-1', log, random: () => random,
  }).deadline();
  assert.equal(at(0), from + 0.7 * (to - from));
  assert.equal(at(1), from + 0.9 * (to - from));
});

test('a rotation asks for a certificate for a new key and puts it in the kubeconfig, the tunnel\'s credentials and the transport', async () => {
  const dir = tempDir('skiff-rotation-');
  try {
    const ca = await createCa();
    const key = generateNodeKey('edge-1');
    const first = await issue(ca, key.csrPem, 1000);
    const kubeconfig = join(dir.path, 'kubeconfig');
    await writePrivateFile(kubeconfig, renderNodeKubeconfig({ server: 'https://10.0.0.1:6443', caPem: ca.certPem, certPem: first, keyPem: key.keyPem, nodeName: 'edge-1' }));
    const credentials = loadKubeconfig(kubeconfig);
    const calls: { method: string; path: string }[] = [];
    let swapped: [string, string] | undefined;
    const rotation = new CertRotation({
      kubeconfig, credentials, nodeName: 'edge-1', log,
      transport: {
        call: async (method: string, path: string, body?: unknown) => {
          calls.push({ method, path });
          const certificate = await issue(ca, (body as { csr: string }).csr, 1000);
          return { apiVersion: 'pairing.skiff.dev/v1', kind: 'IssuedCertificate', certificate, caCert: ca.certPem };
        },
        setClientCertificate: (c: string, k: string) => { swapped = [c, k]; },
      },
    });
    await rotation.rotate();
    assert.deepEqual(calls, [{ method: 'POST', path: '/apis/pairing.skiff.dev/v1/nodes/edge-1/rotate' }]);
    assert.notEqual(credentials.certPem, first);
    assert.notEqual(credentials.keyPem, key.keyPem);
    assert.deepEqual(swapped, [credentials.certPem, credentials.keyPem]);
    const onDisk = loadKubeconfig(kubeconfig);
    assert.deepEqual([onDisk.certPem, onDisk.keyPem], [credentials.certPem, credentials.keyPem]);
    assert.ok(new X509Certificate(onDisk.certPem!).checkPrivateKey((await import('node:crypto')).createPrivateKey(onDisk.keyPem!)));
  } finally {
    dir.remove();
  }
});
