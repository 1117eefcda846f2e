import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Quantity, isQuantity, canonicalQuantity, QuantityParseError } from '../../../../api/quantity/index.js';

test('canonical forms match what the API server stores', () => {
  const cases: Array<[string, string]> = [
    ['100m', '100m'], ['1000m', '1'], ['0.5', '500m'], ['1.5', '1500m'], ['0.1', '100m'], ['1', '1'],
    ['2Gi', '2Gi'], ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['512Ki', '512Ki'], ['1e3', '1e3'], ['1.5e3', '1500'],
    ['500M', '500M'], ['1000k', '1M'], ['128974848', '128974848'], ['129e6', '129e6'], ['123Mi', '123Mi'],
    ['0', '0'], ['0m', '0'], ['-1', '-1'], ['-0.5', '-500m'], ['0.5Ki', '512'], ['1Ki', '1Ki'], ['1023', '1023'],
    ['0.0001', '100u'], ['1n', '1n'], ['0.1n', '1n'], ['5.', '5'], ['+2', '2'], ['1E', '1E'], ['12e4', '120e3'],
  ];
  for (const [input, want] of cases) assert.equal(canonicalQuantity(input), want, input);
});

test('malformed quantities fail with the apimachinery messages', () => {
  assert.throws(() => Quantity.parse(''), /quantities must match the regular expression '\^\(\[\+-\]\?\[0-9\.\]\+\)/);
  assert.throws(() => Quantity.parse('1.2.3'), QuantityParseError);
  assert.throws(() => Quantity.parse('abc'), /quantities must match the regular expression/);
  assert.throws(() => Quantity.parse('10x'), /quantities must match the regular expression/);
  assert.throws(() => Quantity.parse('1Mb'), /quantities must match the regular expression/);
  assert.throws(() => Quantity.parse('1Mk'), /unable to parse quantity's suffix/);
  assert.throws(() => Quantity.parse('1e'), /unable to parse quantity's suffix/);
  assert.equal(isQuantity('250m'), true);
  assert.equal(isQuantity('250 m'), false);
  assert.equal(isQuantity(2), true);
  assert.equal(isQuantity({}), false);
});

test('milli and whole values round up like Quantity.MilliValue and Value', () => {
  assert.equal(Quantity.parse('1.5').milliValue(), 1500n);
  assert.equal(Quantity.parse('100m').milliValue(), 100n);
  assert.equal(Quantity.parse('0.5m').milliValue(), 1n);
  assert.equal(Quantity.parse('1Gi').value(), 1073741824n);
  assert.equal(Quantity.parse('100m').value(), 1n);
  assert.equal(Quantity.parse('-100m').value(), -1n);
  assert.equal(Quantity.parse('8Ei').value(), (1n << 63n) - 1n, 'binary quantities are capped at 2^63-1');
  assert.equal(Quantity.parse('500M').toNumber(), 5e8);
});

test('comparison and arithmetic are exact across suffix families', () => {
  assert.equal(Quantity.parse('1Gi').cmp(Quantity.parse('1G')), 1);
  assert.equal(Quantity.parse('1000m').cmp(Quantity.parse('1')), 0);
  assert.equal(Quantity.parse('250m').cmp(Quantity.parse('0.3')), -1);
  const sum = Quantity.parse('250m').add(Quantity.parse('1.5'));
  assert.equal(sum.toString(), '1750m');
  assert.equal(Quantity.parse('1Gi').add(Quantity.parse('512Mi')).toString(), '1536Mi');
  assert.equal(Quantity.zero().add(Quantity.parse('1Ki')).toString(), '1Ki', 'a zero sum takes the other format');
  assert.equal(Quantity.parse('1').sub(Quantity.parse('250m')).toString(), '750m');
  assert.equal(Quantity.fromMilli(2500).toString(), '2500m');
  assert.equal(Quantity.fromValue(3n * 1024n * 1024n, 'BinarySI').toString(), '3Mi');
  assert.equal(Quantity.parse('0.0005').roundUp(-3).toString(), '1m');
  assert.equal(JSON.stringify({ cpu: Quantity.parse('0.25') }), '{"cpu":"250m"}');
});
