// The labels/annotations file format of downward-API volumes: sorted `key="value"` lines with Go's %q
// quoting, which programs written for real clusters parse.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { formatMap, podMetadataField } from '../../../../agent/env/index.js';

describe('formatMap', () => {
  test('sorted keys, one per line, no trailing newline', () => {
    assert.equal(formatMap({ tier: 'frontend', app: 'guestbook', 'app.kubernetes.io/name': 'web' }), 'app="guestbook"\napp.kubernetes.io/name="web"\ntier="frontend"');
    assert.equal(formatMap({}), '');
    assert.equal(formatMap(undefined), '');
  });

  test("values are quoted as Go's %q quotes them", () => {
    const annotations = {
      'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Pod"}\n',
      path: 'C:\\temp',
      text: 'café ✓ 🚀',
      controls: '\x01\x07\b\f\r\t\v\x7f',
    };
    assert.equal(formatMap(annotations), [
      'controls="\\x01\\a\\b\\f\\r\\t\\v\\x7f"',
      'kubectl.kubernetes.io/last-applied-configuration="{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Pod\\"}\\n"',
      'path="C:\\\\temp"',
      'text="café ✓ 🚀"',
    ].join('\n'));
  });
});

describe('podMetadataField', () => {
  const pod: Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { app: 'web' }, annotations: { 'Example.com/Owner': 'me' } }, spec: { containers: [] } };

  test('subscripts pick one label or annotation; a missing key is empty', () => {
    assert.equal(podMetadataField(pod, "metadata.labels['app']"), 'web');
    assert.equal(podMetadataField(pod, "metadata.annotations['Example.com/Owner']"), 'me');
    assert.equal(podMetadataField(pod, "metadata.labels['none']"), '');
    assert.equal(podMetadataField(pod, 'metadata.uid'), 'u1');
  });

  test('unsupported paths and bad subscripts fail with upstream messages', () => {
    assert.throws(() => podMetadataField(pod, 'spec.nodeName'), { message: 'unsupported fieldPath: spec.nodeName' });
    assert.throws(() => podMetadataField(pod, "metadata.name['x']"), { message: 'fieldPath "metadata.name[\'x\']" does not support subscript' });
    assert.throws(() => podMetadataField(pod, "metadata.labels['a b']"), { message: /^invalid key subscript in metadata\.labels\['a b'\]: name part must consist of/ });
  });
});
