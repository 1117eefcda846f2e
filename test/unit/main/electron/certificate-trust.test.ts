import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ownCertificateVerifier, TRUST, USE_CHROMIUM_RESULT } from '../../../../main/electron/certificate-trust.js';
import { createCa, issueServingCert } from '../../../../main/pki/index.js';

describe('trusting our own serving certificate', () => {
  test('our certificate on our host is trusted; another certificate or host is left to Chromium', async () => {
    const ca = await createCa();
    const ours = await issueServingCert(ca, { hosts: ['127.0.0.1', 'localhost'] });
    const other = await issueServingCert(ca, { hosts: ['127.0.0.1'] });
    const verify = ownCertificateVerifier({ hostname: '127.0.0.1', certPem: ours.certPem });
    // Chromium hands the PEM with its own line breaks.
    assert.equal(verify({ hostname: '127.0.0.1', certificate: { data: ours.certPem.replace(/\n/g, '\r\n') } }), TRUST);
    assert.equal(verify({ hostname: '127.0.0.1', certificate: { data: other.certPem } }), USE_CHROMIUM_RESULT, 'same CA, other certificate');
    assert.equal(verify({ hostname: 'example.com', certificate: { data: ours.certPem } }), USE_CHROMIUM_RESULT, 'our certificate presented by another host');
    assert.equal(verify({ hostname: '127.0.0.1', certificate: { data: '' } }), USE_CHROMIUM_RESULT);
  });

  test('IPv6 hosts match with or without brackets', async () => {
    const ca = await createCa();
    const ours = await issueServingCert(ca, { hosts: ['::1'] });
    const verify = ownCertificateVerifier({ hostname: '[::1]', certPem: ours.certPem });
    assert.equal(verify({ hostname: '::1', certificate: { data: ours.certPem } }), TRUST);
  });
});
