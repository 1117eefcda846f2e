import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateJsonFields } from '../../../../api/codec/json-duplicates.js';

describe('duplicate keys in JSON', () => {
  test('none in an ordinary object, however nested', () => {
    assert.deepEqual(duplicateJsonFields(JSON.stringify({ a: 1, b: { a: [1, { a: 2, b: '"a":' }], c: 'x,y' }, d: [[{ e: 1 }], { e: 2 }] })), []);
  });

  test('paths through objects and arrays', () => {
    const text = '{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"a"},{"name":"b","image":"x","name":"c"}]}},"replicas":2}}';
    assert.deepEqual(duplicateJsonFields(text), ['spec.template.spec.containers[1].name', 'spec.replicas']);
  });

  test('keys are compared after unescaping, and strings holding braces or quotes are skipped', () => {
    assert.deepEqual(duplicateJsonFields('{"a\\u0062":1,"ab":2,"s":"}{[\\"],","t":{"x":"\\\\","x":1}}'), ['ab', 't.x']);
  });

  test('the same key in sibling objects is no duplicate; at most `limit` are reported', () => {
    assert.deepEqual(duplicateJsonFields('[{"a":1},{"a":2}]'), []);
    assert.equal(duplicateJsonFields(`{${Array.from({ length: 50 }, () => '"k":1').join(',')}}`, 5).length, 5);
  });
});
