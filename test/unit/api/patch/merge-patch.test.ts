import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch } from '../../../../api/patch/index.js';
import { BadRequestError } from '../../../../api/errors/status-error.js';

test('kubectl scale body sets the replicas of a Scale', () => {
  const scale = { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'app' }, spec: { replicas: 1 }, status: { replicas: 1, selector: 'app=app' } };
  const out = applyMergePatch(scale, { spec: { replicas: 5 } });
  assert.deepEqual(out, { ...scale, spec: { replicas: 5 } });
  assert.equal(scale.spec.replicas, 1);
});

test('objects merge, null deletes, lists and scalars replace (RFC 7386)', () => {
  const obj = { metadata: { labels: { a: '1', b: '2' } }, spec: { ports: [{ port: 80 }, { port: 443 }], type: 'ClusterIP' } };
  const out = applyMergePatch(obj, { metadata: { labels: { b: null, c: '3' } }, spec: { ports: [{ port: 8080 }], type: null }, extra: { x: { y: null, z: 1 } } });
  assert.deepEqual(out, { metadata: { labels: { a: '1', c: '3' } }, spec: { ports: [{ port: 8080 }] }, extra: { x: { z: 1 } } });
  const copy = applyMergePatch(obj, {});
  (copy.spec as { ports: unknown[] }).ports.push({ port: 1 });
  assert.equal(obj.spec.ports.length, 2, 'the result shares nothing with the input');
});

test('a patch that is not an object is a 400', () => {
  for (const patch of [[{ op: 'add' }], 'x', null]) {
    assert.throws(() => applyMergePatch({}, patch), (err: unknown) => err instanceof BadRequestError && /must be a JSON object/.test(err.message));
  }
});
