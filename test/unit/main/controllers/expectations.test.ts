import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Expectations } from '../../../../main/controllers/expectations.js';

test('an owner with creations in flight is not synced until every one is observed', () => {
  const e = new Expectations(() => 0);
  assert.ok(e.satisfied('default/web'), 'nothing recorded: sync');
  e.expectCreations('default/web', 3);
  assert.equal(e.satisfied('default/web'), false);
  e.creationObserved('default/web');
  e.creationObserved('default/web');
  assert.equal(e.satisfied('default/web'), false);
  e.creationObserved('default/web');
  assert.ok(e.satisfied('default/web'));
});

test('a deletion counts once per pod, however many events report it', () => {
  const e = new Expectations(() => 0);
  e.expectDeletions('default/web', ['default/web-a', 'default/web-b']);
  e.deletionObserved('default/web', 'default/web-a'); // marked for deletion
  e.deletionObserved('default/web', 'default/web-a'); // then gone
  e.deletionObserved('default/web', 'default/web-x'); // not one we deleted
  assert.equal(e.satisfied('default/web'), false);
  assert.deepEqual(e.pending('default/web'), { add: 0, del: 1 });
  e.deletionObserved('default/web', 'default/web-b');
  assert.ok(e.satisfied('default/web'));
});

test('expectations expire, so a lost event cannot block an owner for good', () => {
  let now = 0;
  const e = new Expectations(() => now, 1000);
  e.expectCreations('default/web', 1);
  now = 999;
  assert.equal(e.satisfied('default/web'), false);
  now = 1001;
  assert.ok(e.satisfied('default/web'));
});

test('deleting the record of an owner makes it syncable', () => {
  const e = new Expectations(() => 0);
  e.expectCreations('default/web', 2);
  e.delete('default/web');
  assert.ok(e.satisfied('default/web'));
});

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
