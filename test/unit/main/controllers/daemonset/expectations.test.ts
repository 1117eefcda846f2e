import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Expectations } from '../../../../../main/controllers/daemonset/expectations.js';

test('expectations hold until every creation and each deleted pod (by uid) has been seen, or they expire', () => {
  let now = 0;
  const e = new Expectations(() => now, 1000);
  assert.equal(e.satisfied('ns/ds'), true);
  e.expect('ns/ds', 2, ['u1']);
  e.creationObserved('ns/ds');
  e.deletionObserved('ns/ds', 'u1');
  e.deletionObserved('ns/ds', 'u1'); // terminating, then gone: counted once
  assert.equal(e.satisfied('ns/ds'), false);
  e.creationObserved('ns/ds');
  assert.equal(e.satisfied('ns/ds'), true);

  e.expect('ns/ds', 3, []);
  e.lowerCreations('ns/ds', 3); // the creates failed
  assert.equal(e.satisfied('ns/ds'), true);

  e.expect('ns/ds', 1, []);
  now = 1001;
  assert.equal(e.satisfied('ns/ds'), true, 'given up after the TTL');
});
