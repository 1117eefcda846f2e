import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../../../api/util/canonical-json.js';

test('keys are sorted as Go sorts map keys, as strings, even those that look like numbers', () => {
  // A JS object lists integer-like keys first, in numeric order; Go's encoding/json sorts "10" before "2".
  assert.equal(canonicalJson({ b: 1, 2: 'x', 10: 'y', a: { d: [1, { z: null, c: true }], c: 'q' } }),
    '{"10":"y","2":"x","a":{"c":"q","d":[1,{"c":true,"z":null}]},"b":1}');
});

test('undefined properties are left out and undefined list items are null, as JSON.stringify writes them', () => {
  assert.equal(canonicalJson({ a: undefined, b: [undefined, 1] }), '{"b":[null,1]}');
  assert.equal(canonicalJson(undefined), 'null');
});
