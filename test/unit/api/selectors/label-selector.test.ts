import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Selector, formatLabelSelector, formatLabels, selectorFromLabelSelector, selectorFromSet,
} from '../../../../api/selectors/label-selector.js';
import { parseLabelSelector } from '../../../../api/selectors/label-parser.js';
import { BadRequestError } from '../../../../api/errors/status-error.js';

test('a Deployment selector object becomes the Scale status.selector string kubectl shows', () => {
  assert.equal(selectorFromLabelSelector({ matchLabels: { app: 'web' } }).toString(), 'app=web');
  const s = selectorFromLabelSelector({
    matchLabels: { tier: 'frontend', app: 'web' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'canary'] },
      { key: 'legacy', operator: 'DoesNotExist' },
      { key: 'track', operator: 'Exists' },
      { key: 'zone', operator: 'NotIn', values: ['b'] },
    ],
  });
  assert.equal(s.toString(), 'app=web,env in (canary,prod),!legacy,tier=frontend,track,zone notin (b)');
  assert.equal(s.matches({ app: 'web', tier: 'frontend', env: 'prod', track: 'stable' }), true);
  assert.equal(s.matches({ app: 'web', tier: 'frontend', env: 'prod', track: 'stable', zone: 'b' }), false);
  assert.equal(s.matches({ app: 'web', tier: 'frontend', env: 'prod' }), false);
});

test('the object form and the string form of the same selector agree', () => {
  const fromObject = selectorFromLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] });
  const fromString = parseLabelSelector(fromObject.toString());
  assert.equal(fromString.toString(), fromObject.toString());
  assert.deepEqual(fromString.requirements, fromObject.requirements);
});

test('a missing selector matches nothing and an empty one everything (LabelSelectorAsSelector)', () => {
  const nothing = selectorFromLabelSelector(undefined);
  assert.equal(nothing.matches({ app: 'web' }), false);
  assert.equal(nothing.empty(), false);
  assert.equal(nothing.toString(), '');
  const everything = selectorFromLabelSelector({});
  assert.equal(everything.matches({}), true);
  assert.equal(everything.empty(), true);
  assert.equal(Selector.everything().matches(null), true);
});

test('bad selector objects are rejected with upstream\'s messages', () => {
  const cases: [Parameters<typeof selectorFromLabelSelector>[0], string][] = [
    [{ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }, '"Equals" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x', 'y'] }] }, 'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist'],
  ];
  for (const [ls, message] of cases) {
    assert.throws(() => selectorFromLabelSelector(ls), (err: unknown) => err instanceof BadRequestError && err.message === message);
  }
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), '<error>');
});

test('selector columns print "<none>" when there is nothing to show', () => {
  assert.equal(formatLabelSelector(undefined), '<none>');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web');
  assert.equal(formatLabels({ run: 'web', app: 'x' }), 'app=x,run=web');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels(undefined), '<none>');
});

test('selectorFromSet pins each key and reports exact matches', () => {
  const s = selectorFromSet({ app: 'web', tier: 'fe' });
  assert.equal(s.toString(), 'app=web,tier=fe');
  assert.equal(s.requiresExactMatch('app'), 'web');
  assert.equal(s.requiresExactMatch('other'), undefined);
  assert.equal(parseLabelSelector('app in (a,b)').requiresExactMatch('app'), undefined);
  assert.equal(selectorFromSet({}).empty(), true);
});

test('selector objects with keys Kubernetes would refuse are rejected', () => {
  assert.throws(() => selectorFromLabelSelector({ matchLabels: { 'bad key': 'x' } }),
    (err: unknown) => err instanceof BadRequestError && err.message.startsWith('key: Invalid value: "bad key": name part must consist of'));
});
