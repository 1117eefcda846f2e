import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidError, NotFoundError, toStatus } from '../../../api/errors/status-error.js';

test('NotFound status names the qualified resource the way kubectl prints it', () => {
  const s = toStatus(new NotFoundError('deployments', 'apps', 'web'));
  assert.equal(s.code, 404);
  assert.equal(s.reason, 'NotFound');
  assert.equal(s.message, 'deployments.apps "web" not found');
  assert.deepEqual(s.details, { name: 'web', group: 'apps', kind: 'deployments' });
});

test('Invalid status lists every cause with its field', () => {
  const s = toStatus(new InvalidError('Pod', '', 'x', [
    { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
    { reason: 'FieldValueInvalid', message: 'Invalid value: "A": must be lower case', field: 'metadata.name' },
  ]));
  assert.equal(s.code, 422);
  assert.equal(s.message, 'Pod "x" is invalid: [spec.containers[0].image: Required value, metadata.name: Invalid value: "A": must be lower case]');
  assert.equal(s.details?.causes?.length, 2);
});

test('an unexpected error becomes a 500 Status', () => {
  const s = toStatus(new TypeError('boom'));
  assert.equal(s.code, 500);
  assert.equal(s.reason, 'InternalError');
});
