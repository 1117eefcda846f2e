import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../../../../api/util/canonical-json.js';
import { computeTemplateHash, historyMatches, historyPatch, templateGeneration } from '../../../../../main/controllers/daemonset/revision.js';
import { ds } from './fixtures.js';

test('a revision\'s data is the template as a replace patch, serialised as Go marshals it', () => {
  const d = ds();
  d.spec!.template.spec!.containers[0] = { name: 'c', image: 'img:1', ports: [{ containerPort: 80 }] };
  // What kubectl's getDaemonSetPatch produces for this DaemonSet, byte for byte.
  assert.equal(canonicalJson(historyPatch(d)),
    '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"agent"}},' +
    '"spec":{"containers":[{"image":"img:1","name":"c","ports":[{"containerPort":80}],"resources":{}}]}}}}');
});

test('a revision matches the DaemonSet whatever the key order, and only for the same template', () => {
  const d = ds();
  const stored = JSON.parse(JSON.stringify({ spec: { template: { spec: { containers: [{ resources: {}, name: 'c', image: 'img:1' }] }, metadata: { labels: { app: 'agent' }, creationTimestamp: null }, $patch: 'replace' } } })) as unknown;
  assert.equal(historyMatches(d, stored), true);
  d.spec!.template.spec!.containers[0].image = 'img:2';
  assert.equal(historyMatches(d, stored), false);
});

test('the template hash is stable, spelled without vowels, and changes with the template or the collision count', () => {
  const a = computeTemplateHash(ds().spec!.template, undefined);
  assert.equal(a, computeTemplateHash(ds().spec!.template, undefined));
  // Decimal digits only ever map to these ten letters, as in real clusters' hashes ("6f87dc6b").
  assert.match(a, /^[456789bcdf]{1,10}$/);
  const changed = ds();
  changed.spec!.template.spec!.containers[0].image = 'img:2';
  assert.notEqual(computeTemplateHash(changed.spec!.template, undefined), a);
  assert.notEqual(computeTemplateHash(ds().spec!.template, 1), a);
  assert.notEqual(computeTemplateHash(ds().spec!.template, 1), computeTemplateHash(ds().spec!.template, 2));
  // A server that starts writing Go's always-present fields does not change the hash.
  const goShaped = ds();
  (goShaped.spec!.template.metadata as Record<string, unknown>).creationTimestamp = null;
  goShaped.spec!.template.spec!.containers[0].resources = {};
  assert.equal(computeTemplateHash(goShaped.spec!.template, undefined), a);
});

test('pods are labelled with the template generation annotation, or the generation without one', () => {
  const d = ds();
  assert.equal(templateGeneration(d), '1');
  d.metadata.annotations = { 'deprecated.daemonset.template.generation': '4' };
  assert.equal(templateGeneration(d), '4');
});
