// Event TTL with a short TTL: an Event is deleted once it has not been written for eventTtlMs, and one that
// keeps being written (a repeated event's count growing) lives on meanwhile.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../../api/resources/registry.js';
import { eventTtlController } from '../../../main/controllers/events/event-ttl-controller.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { waitFor } from '../../helpers/wait.js';

const EVENTS = findResource('', 'v1', 'events')!;
const TTL_MS = 1500;

const event = (name: string): string => JSON.stringify({
  apiVersion: 'v1', kind: 'Event', metadata: { name },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
  reason: 'Testing', message: name, type: 'Normal', count: 1,
  firstTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), lastTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  source: { component: 'test' },
});

describe('event TTL', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  before(async () => {
    c = await startTestCluster({ controllers: [eventTtlController], controllerConfig: { eventTtlMs: TTL_MS } });
    t = new InProcessTransport(c.cp.registry, 'test');
  });
  after(async () => { await c.stop(); });

  const exists = async (name: string): Promise<boolean> => (await t.list(EVENTS, 'default')).items.some((e) => e.metadata.name === name);

  test('an event not written again within the TTL is deleted; one still being written is kept', async () => {
    await c.kubectl(['create', '-f', '-'], { input: event('quiet') });
    await c.kubectl(['create', '-f', '-'], { input: event('busy') });
    let count = 1;
    let writing = true;
    // Written every quarter of the TTL, as a recorder folding repeats into one Event does.
    const writer = (async () => {
      while (writing) {
        await new Promise((r) => setTimeout(r, TTL_MS / 4));
        await t.patch(EVENTS, 'default', 'busy', 'merge', { count: ++count, lastTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
      }
    })();
    try {
      await waitFor('quiet expired', async () => !(await exists('quiet')));
      assert.equal(await exists('busy'), true);
    } finally {
      writing = false;
      await writer;
    }
    await waitFor('busy expired once left alone', async () => !(await exists('busy')));
    assert.equal(count > 1, true);
  });
});
