import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLabelSelector } from '../../../../api/selectors/label-parser.js';
import type { LabelSyntax } from '../../../../api/selectors/label-selector.js';
import { BadRequestError, toStatus } from '../../../../api/errors/status-error.js';

function rejects(text: string, message: string, syntax?: LabelSyntax): void {
  assert.throws(() => parseLabelSelector(text, syntax), (err: unknown) => {
    assert.ok(err instanceof BadRequestError, `expected BadRequestError for ${JSON.stringify(text)}`);
    assert.equal(err.message, message);
    return true;
  });
}

test('kubectl -l with every operator parses to the canonical, key-sorted form', () => {
  const s = parseLabelSelector('app=web,tier!=db,env in (a,b),!legacy,release notin (x),key');
  assert.equal(s.toString(), 'app=web,env in (a,b),key,!legacy,release notin (x),tier!=db');
  assert.equal(s.empty(), false);
  assert.equal(s.matches({ app: 'web', env: 'b', key: '', tier: 'fe' }), true);
  assert.equal(s.matches({ app: 'web', env: 'b', key: '', tier: 'db' }), false, 'tier!=db');
  assert.equal(s.matches({ app: 'web', env: 'c', key: '' }), false, 'env in (a,b)');
  assert.equal(s.matches({ app: 'web', env: 'a' }), false, 'key must exist');
  assert.equal(s.matches({ app: 'web', env: 'a', key: 'x', legacy: 'true' }), false, '!legacy');
  assert.equal(s.matches({ app: 'web', env: 'a', key: 'x', release: 'x' }), false, 'release notin (x)');
});

test('spacing, == and empty values follow upstream', () => {
  const cases: [string, string][] = [
    ['  app = web ,  env in ( b , a ) ', 'app=web,env in (a,b)'],
    ['x==y', 'x==y'],
    ['a=', 'a='],
    ['a!=', 'a!='],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x in (in),notin notin (notin)', 'notin notin (notin),x in (in)'],
    ['b>1,a<10', 'a<10,b>1'],
    ['', ''],
    ['\tapp\n=\rweb', 'app=web'],
  ];
  for (const [input, canonical] of cases) assert.equal(parseLabelSelector(input).toString(), canonical, input);
});

test('an empty selector matches everything, including objects without labels', () => {
  const s = parseLabelSelector('');
  assert.equal(s.empty(), true);
  assert.equal(s.matches(undefined), true);
  assert.equal(s.matches({ a: 'b' }), true);
});

test('empty values and set membership match the way kube-apiserver matches them', () => {
  assert.equal(parseLabelSelector('a=').matches({ a: '' }), true);
  assert.equal(parseLabelSelector('a=').matches({}), false);
  assert.equal(parseLabelSelector('a!=x').matches({}), true, '!= matches a missing key');
  assert.equal(parseLabelSelector('a notin (x)').matches({}), true, 'notin matches a missing key');
  assert.equal(parseLabelSelector('a in (x,)').matches({ a: '' }), true);
  assert.equal(parseLabelSelector('replicas>2').matches({ replicas: '3' }), true);
  assert.equal(parseLabelSelector('replicas>2').matches({ replicas: '2' }), false);
  assert.equal(parseLabelSelector('replicas>2').matches({ replicas: 'many' }), false);
  assert.equal(parseLabelSelector('replicas<2').matches({}), false);
});

test('malformed selectors get kube-apiserver\'s messages as 400 BadRequest', () => {
  rejects('app=web,', "found '', expected: identifier after ','");
  rejects('app=web,,x', "found ',', expected: identifier after ','");
  rejects('x=a b', "found 'b', expected: ',' or 'end of string'");
  rejects('x=a=b', "found '=', expected: ',' or 'end of string'");
  rejects('!x=a', "found '=', expected: ',' or 'end of string'");
  rejects('=a', "found '=', expected: !, identifier, or 'end of string'");
  rejects(')', "found ')', expected: !, identifier, or 'end of string'");
  rejects('!', "unable to parse requirement: found '', expected: identifier");
  rejects('x a', "unable to parse requirement: found 'a', expected: in, notin, =, ==, !=, gt, lt");
  rejects('x in a', "unable to parse requirement: found 'a' expected: '('");
  rejects('x in (a', "unable to parse requirement: found '', expected: ',' or ')'");
  rejects('x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'");
  rejects('x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  rejects('x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier");
  rejects('x=(a)', "unable to parse requirement: found '(', expected: identifier");
  rejects('x=!a', "unable to parse requirement: found '!', expected: identifier");
  rejects('x>a', "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer");
  const s = toStatus(new BadRequestError('x'));
  assert.equal(s.code, 400);
});

test('key and value rules come from the injected label syntax, reported as upstream words them', () => {
  const syntax: LabelSyntax = {
    keyErrors: (k) => (k.startsWith('-') ? ['name part must start with an alphanumeric character', 'second rule'] : []),
    valueErrors: (v) => (v.includes('/') ? ['a valid label must be an empty string or consist of alphanumeric characters'] : []),
  };
  rejects('-x=a', 'unable to parse requirement: <nil>: Invalid value: "-x": name part must start with an alphanumeric character; second rule', syntax);
  rejects('app=a/b', 'unable to parse requirement: values[0][app]: Invalid value: "a/b": a valid label must be an empty string or consist of alphanumeric characters', syntax);
  rejects(
    'app in (a/b,c/d)',
    'unable to parse requirement: [values[0][app]: Invalid value: "a/b": a valid label must be an empty string or consist of alphanumeric characters, ' +
      'values[1][app]: Invalid value: "c/d": a valid label must be an empty string or consist of alphanumeric characters]',
    syntax,
  );
  assert.equal(parseLabelSelector('app=web', syntax).toString(), 'app=web');
});

test('by default keys and values are held to Kubernetes\' label rules', () => {
  const message = (text: string): string => {
    try {
      parseLabelSelector(text);
    } catch (err) {
      assert.ok(err instanceof BadRequestError);
      return err.message;
    }
    return assert.fail(`${text} was accepted`);
  };
  assert.match(message('-x=a'), /^unable to parse requirement: <nil>: Invalid value: "-x": name part must consist of alphanumeric characters/);
  assert.match(message('app=a_'), /^unable to parse requirement: values\[0\]\[app\]: Invalid value: "a_": a valid label must be an empty string/);
  assert.match(message('example.com/=x'), /^unable to parse requirement: <nil>: Invalid value: "example.com\/": name part must be non-empty/);
  assert.equal(parseLabelSelector('app.kubernetes.io/name=web,tier in (front-end,back_end)').toString(), 'app.kubernetes.io/name=web,tier in (back_end,front-end)');
});
