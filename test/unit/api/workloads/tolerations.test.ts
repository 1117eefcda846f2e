import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint } from 'kubernetes-types/core/v1.js';
import { toleratesTaint } from '../../../../api/workloads/tolerations.js';

const dedicated: Taint = { key: 'dedicated', value: 'db', effect: 'NoExecute' };

test('tolerations match as v1.Toleration.ToleratesTaint does', () => {
  assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }, dedicated), true);
  assert.equal(toleratesTaint({ key: 'dedicated', value: 'db' }, dedicated), true, 'operator defaults to Equal, empty effect matches all');
  assert.equal(toleratesTaint({ key: 'dedicated', value: 'web', effect: 'NoExecute' }, dedicated), false);
  assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, dedicated), false);
  assert.equal(toleratesTaint({ operator: 'Exists' }, dedicated), true, 'an empty key with Exists tolerates everything');
  assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, dedicated), true);
  assert.equal(toleratesTaint({ key: 'other', operator: 'Exists' }, dedicated), false);
});

test('toleration matching follows v1.Toleration.ToleratesTaint', () => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
  assert.equal(toleratesTaint({ operator: 'Exists' }, taint), true, 'empty key with Exists tolerates everything');
  assert.equal(toleratesTaint({ key: 'k', value: 'v' }, taint), true, 'empty operator means Equal');
  assert.equal(toleratesTaint({ key: 'k', value: 'w' }, taint), false);
  assert.equal(toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint), false, 'effect must match when given');
  assert.equal(toleratesTaint({ key: 'other', operator: 'Exists' }, taint), false);
});
