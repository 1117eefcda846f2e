import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashTemplateText, safeEncodeString } from '../../../../api/workloads/template-hash.js';

test('SafeEncodeString maps each character into the safe alphabet', () => {
  assert.equal(safeEncodeString('0123456789'), '456789bcdf');
});

test('the hash is FNV-32a, and a collision count is hashed as upstream writes it: a uint32 in 8 little-endian bytes', () => {
  // FNV-1a 32 of "a" is 0xe40c292c (3826002220), the published test vector.
  assert.equal(hashTemplateText('a', undefined), safeEncodeString('3826002220'));
  assert.equal(hashTemplateText('a', null), safeEncodeString('3826002220'));
  // "a", then 01 00 00 00 00 00 00 00 (a 4-byte write would give 1185730301).
  assert.equal(hashTemplateText('a', 1), safeEncodeString('3689284045'));
});
