import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { lastWrite } from '../../../../../main/controllers/events/event-ttl-controller.js';

describe('event last write', () => {
  test('is the latest of its timestamps and managed-field times', () => {
    const ev: KubeObject = {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: 'e', creationTimestamp: '2025-01-01T00:00:00Z', managedFields: [{ manager: 'x', time: '2025-01-01T00:05:00Z' }] },
      firstTimestamp: '2025-01-01T00:00:00Z', lastTimestamp: '2025-01-01T00:10:00Z', eventTime: null,
    };
    assert.equal(lastWrite(ev), Date.parse('2025-01-01T00:10:00Z'));
    assert.equal(lastWrite({ ...ev, lastTimestamp: null, series: { lastObservedTime: '2025-01-01T00:20:00.123456Z' } }), Date.parse('2025-01-01T00:20:00.123Z'));
    assert.equal(lastWrite({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' } }), -Infinity);
  });
});
