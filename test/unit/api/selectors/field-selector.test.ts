import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeFieldValue, parseFieldSelector } from '../../../../api/selectors/field-selector.js';
import { BadRequestError } from '../../../../api/errors/status-error.js';

test('terms are parsed, sorted and printed as upstream prints them', () => {
  const s = parseFieldSelector('status.phase!=Running,metadata.name=x,spec.nodeName=');
  assert.deepEqual(s.requirements, [
    { field: 'metadata.name', operator: '=', value: 'x' },
    { field: 'spec.nodeName', operator: '=', value: '' },
    { field: 'status.phase', operator: '!=', value: 'Running' },
  ]);
  assert.equal(s.toString(), 'metadata.name=x,spec.nodeName=,status.phase!=Running');
  assert.equal(parseFieldSelector('a==b').toString(), 'a=b');
  assert.equal(parseFieldSelector('').empty(), true);
  assert.equal(parseFieldSelector(',,').empty(), true);
});

test('the first operator splits a term; the field name has no escapes', () => {
  assert.deepEqual(parseFieldSelector('a=!x').requirements, [{ field: 'a', operator: '=', value: '!x' }]);
  assert.deepEqual(parseFieldSelector('a!=b').requirements, [{ field: 'a', operator: '!=', value: 'b' }]);
  assert.deepEqual(parseFieldSelector('=x').requirements, [{ field: '', operator: '=', value: 'x' }]);
});

test('escaped commas, equals signs and backslashes round-trip', () => {
  const s = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d,reason=x');
  assert.deepEqual(s.requirements[0], { field: 'metadata.name', operator: '=', value: 'a,b=c\\d' });
  assert.equal(s.toString(), 'metadata.name=a\\,b\\=c\\\\d,reason=x');
  assert.equal(escapeFieldValue('a,b=c\\'), 'a\\,b\\=c\\\\');
});

test('matching compares strings and treats a missing field as empty', () => {
  const s = parseFieldSelector('spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed');
  assert.equal(s.matches({ 'spec.nodeName': 'n1', 'status.phase': 'Running' }), true);
  assert.equal(s.matches({ 'spec.nodeName': 'n1', 'status.phase': 'Failed' }), false);
  assert.equal(s.matches({ 'spec.nodeName': 'n2', 'status.phase': 'Running' }), false);
  assert.equal(parseFieldSelector('involvedObject.namespace=').matches({}), true);
  assert.equal(parseFieldSelector('metadata.name=web').requiresExactMatch('metadata.name'), 'web');
  assert.equal(parseFieldSelector('metadata.name!=web').requiresExactMatch('metadata.name'), undefined);
});

test('malformed field selectors get kube-apiserver\'s messages', () => {
  const cases: [string, string][] = [
    ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
    ['a=b,foo', "invalid selector: 'a=b,foo'; can't understand 'foo'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a!==b', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseFieldSelector(text), (err: unknown) => err instanceof BadRequestError && err.message === message, text);
  }
});
