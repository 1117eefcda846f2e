import { test } from 'node:test';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import assert from 'node:assert/strict';
import { computeHash, equalIgnoreHash } from '../../../../../main/controllers/deployment/template-hash.js';

const template = (image: string, extra: Record<string, unknown> = {}): PodTemplateSpec => ({
  metadata: { labels: { app: 'web' }, ...extra },
  spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80, protocol: 'TCP' }] }], restartPolicy: 'Always' },
});

test('the hash is stable, in upstream\'s alphabet, and changes with the template and the collision count', () => {
  const h = computeHash(template('nginx:1.27'));
  assert.equal(computeHash(template('nginx:1.27')), h);
  assert.match(h, /^[4-9bcdf]{1,10}$/);
  assert.notEqual(computeHash(template('nginx:1.28')), h);
  assert.notEqual(computeHash(template('nginx:1.27'), 1), h);
  assert.notEqual(computeHash(template('nginx:1.27'), 1), computeHash(template('nginx:1.27'), 2));
});

test('key order, null and empty values do not change the hash (they do not change the template)', () => {
  const a = template('nginx:1.27');
  const b = <PodTemplateSpec><unknown>{ spec: { restartPolicy: 'Always', containers: [{ ports: [{ protocol: 'TCP', containerPort: 80 }], image: 'nginx:1.27', name: 'web' }], volumes: [] }, metadata: { creationTimestamp: null, labels: { app: 'web' }, annotations: {} } };
  assert.equal(computeHash(b), computeHash(a));
  assert.ok(equalIgnoreHash(a, b));
});

test('templates equal but for pod-template-hash are equal', () => {
  const withHash = template('nginx:1.27');
  withHash.metadata!.labels!['pod-template-hash'] = '5d8f7c9b4';
  assert.ok(equalIgnoreHash(withHash, template('nginx:1.27')));
  assert.ok(!equalIgnoreHash(withHash, template('nginx:1.28')));
  assert.ok(!equalIgnoreHash(template('nginx:1.27', { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } }), template('nginx:1.27')));
});
