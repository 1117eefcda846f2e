import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch, JsonPatchFailedError } from '../../../../api/patch/index.js';
import { BadRequestError, StatusError, toStatus } from '../../../../api/errors/status-error.js';

const pod = () => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web', resourceVersion: '41', annotations: { 'example.com/owner': 'a', 'x~y': 'z' }, finalizers: ['f1'] },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
});

test('add, replace and remove address members through escaped pointers and array indexes', () => {
  const out = applyJsonPatch(pod(), [
    { op: 'add', path: '/metadata/labels', value: { app: 'web' } },
    { op: 'replace', path: '/metadata/annotations/example.com~1owner', value: 'b' },
    { op: 'remove', path: '/metadata/annotations/x~0y' },
    { op: 'add', path: '/spec/containers/-', value: { name: 'log', image: 'busybox' } },
    { op: 'add', path: '/metadata/finalizers/0', value: 'f0' },
    { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.27' },
  ]) as ReturnType<typeof pod> & { metadata: { labels: unknown } };
  assert.deepEqual(out.metadata.labels, { app: 'web' });
  assert.deepEqual(out.metadata.annotations, { 'example.com/owner': 'b' });
  assert.deepEqual(out.metadata.finalizers, ['f0', 'f1']);
  assert.deepEqual(out.spec.containers, [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }]);
});

test('move and copy take values from another location', () => {
  const out = applyJsonPatch({ a: { b: [1, 2] }, c: {} }, [
    { op: 'copy', from: '/a/b', path: '/c/copied' },
    { op: 'move', from: '/a/b/0', path: '/c/first' },
  ]);
  assert.deepEqual(out, { a: { b: [2] }, c: { copied: [1, 2], first: 1 } });
});

test('the patch kubectl sends to migrate client-side apply managedFields applies', () => {
  const live = { ...pod(), metadata: { ...pod().metadata, managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update' }] } };
  const managed = [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }];
  const out = applyJsonPatch(live, [
    { op: 'replace', path: '/metadata/managedFields', value: managed },
    { op: 'replace', path: '/metadata/resourceVersion', value: '41' },
  ]) as { metadata: { managedFields: unknown; resourceVersion: string } };
  assert.deepEqual(out.metadata.managedFields, managed);
  assert.equal(out.metadata.resourceVersion, '41');
  assert.equal(live.metadata.managedFields[0].manager, 'kubectl-client-side-apply', 'input untouched');
});

test('a failed test answers 422 Invalid with the message kube-apiserver sends', () => {
  const ops = [{ op: 'test', path: '/metadata/resourceVersion', value: '40' }, { op: 'remove', path: '/metadata/finalizers' }];
  assert.throws(() => applyJsonPatch(pod(), ops), (err: unknown) => {
    assert.ok(err instanceof JsonPatchFailedError);
    const s = toStatus(err);
    assert.equal(s.code, 422);
    assert.equal(s.reason, 'Invalid');
    assert.equal(s.message, 'the server rejected our request due to an error in our request');
    assert.match(s.details?.causes?.[0].message ?? '', /testing value \/metadata\/resourceVersion failed/);
    return true;
  });
  // A passing test lets the rest apply; a missing member tests equal to null, as upstream.
  const out = applyJsonPatch(pod(), [
    { op: 'test', path: '/metadata/resourceVersion', value: '41' },
    { op: 'test', path: '/metadata/labels', value: null },
    { op: 'test', path: '/spec/containers/0', value: { image: 'nginx', name: 'web' } },
    { op: 'remove', path: '/metadata/finalizers' },
  ]) as { metadata: Record<string, unknown> };
  assert.equal(out.metadata.finalizers, undefined);
});

test('operations on missing locations are 422s that name the path', () => {
  const cases: [unknown[], RegExp][] = [
    [[{ op: 'remove', path: '/metadata/labels' }], /remove operation does not apply: doc is missing path: "\/metadata\/labels"/],
    [[{ op: 'replace', path: '/spec/nodeName', value: 'n1' }], /replace operation does not apply/],
    [[{ op: 'add', path: '/spec/affinity/nodeAffinity', value: {} }], /doc is missing path: "\/spec\/affinity"/],
    [[{ op: 'add', path: '/spec/containers/5', value: {} }], /index 5 is out of bounds/],
    [[{ op: 'move', from: '/spec', path: '/spec/inner' }], /is a prefix of "path"/],
  ];
  for (const [ops, message] of cases) {
    assert.throws(() => applyJsonPatch(pod(), ops), (err: unknown) => err instanceof JsonPatchFailedError && message.test(err.detail));
  }
});

test('malformed patch documents are 400 BadRequest naming the problem', () => {
  const cases: [unknown, RegExp][] = [
    [{ op: 'add' }, /must be a JSON array/],
    [[{ op: 'upsert', path: '/a' }], /"op" must be one of add, remove, replace, move, copy, test/],
    [[{ op: 'add', value: 1 }], /missing string "path"/],
    [[{ op: 'add', path: '/a' }], /missing "value"/],
    [[{ op: 'copy', path: '/a' }], /missing string "from"/],
    [[{ op: 'remove', path: 'metadata' }], /must be empty or start with "\/"/],
  ];
  for (const [ops, message] of cases) {
    assert.throws(() => applyJsonPatch(pod(), ops), (err: unknown) => err instanceof BadRequestError && message.test(err.message));
  }
  const tooMany = Array.from({ length: 10001 }, () => ({ op: 'test', path: '', value: null }));
  assert.throws(() => applyJsonPatch({}, tooMany), (err: unknown) => err instanceof StatusError && err.code === 413);
});

test('inputs are never modified, even when an operation fails halfway', () => {
  const doc = pod();
  const before = JSON.stringify(doc);
  const value = { app: 'web' };
  const out = applyJsonPatch(doc, [{ op: 'add', path: '/metadata/labels', value }]) as { metadata: { labels: Record<string, string> } };
  out.metadata.labels.app = 'changed';
  assert.equal(value.app, 'web');
  assert.throws(() => applyJsonPatch(doc, [{ op: 'remove', path: '/spec/containers/0' }, { op: 'remove', path: '/nope' }]));
  assert.equal(JSON.stringify(doc), before);
});
