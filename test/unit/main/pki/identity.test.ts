import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityFromPeerCertificate } from '../../../../main/pki/index.js';

// Shapes as Node's getPeerCertificate() returns them.
test('CN is the user and every O a group; Node gives an array when O repeats', () => {
  assert.deepEqual(identityFromPeerCertificate({ subject: { CN: 'system:node:edge-1', O: 'system:nodes' } }),
    { user: 'system:node:edge-1', groups: ['system:nodes'] });
  assert.deepEqual(identityFromPeerCertificate({ subject: { O: ['system:masters', 'dev'], CN: 'alice' } }),
    { user: 'alice', groups: ['system:masters', 'dev'] });
  assert.deepEqual(identityFromPeerCertificate({ subject: { CN: 'bob' } }), { user: 'bob', groups: [] });
});

test('no certificate, no CN, or an ambiguous CN names nobody', () => {
  assert.equal(identityFromPeerCertificate({}), null); // what getPeerCertificate() returns without a client cert
  assert.equal(identityFromPeerCertificate(null), null);
  assert.equal(identityFromPeerCertificate({ subject: { O: 'system:masters' } }), null);
  assert.equal(identityFromPeerCertificate({ subject: { CN: '' } }), null);
  assert.equal(identityFromPeerCertificate({ subject: { CN: ['a', 'b'] } }), null);
});
