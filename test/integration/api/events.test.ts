// Events the control plane records: written as core/v1 Events, similar ones folded into one with a
// count, and shown by kubectl describe as on a real cluster.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../../api/resources/registry.js';
import { systemContext } from '../../../main/registry/context.js';
import { EventRecorder } from '../../../main/registry/events.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';

describe('events', () => {
  let c: TestCluster;
  before(async () => { c = await startTestCluster(); });
  after(async () => { await c.stop(); });

  test('recorded events fold repeats and show in kubectl describe', async () => {
    const pods = findResource('', 'v1', 'pods')!;
    const pod = await c.cp.registry.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ev' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }, systemContext('test'));
    const recorder = new EventRecorder(c.cp.registry, 'test-controller');
    recorder.record(pod, 'Warning', 'FailedScheduling', '0/1 nodes are available: 1 Insufficient cpu.');
    recorder.record(pod, 'Warning', 'FailedScheduling', '0/1 nodes are available: 1 Insufficient cpu.');
    recorder.record(pod, 'Normal', 'Scheduled', 'Successfully assigned default/ev to n1');
    await recorder.flush();
    const events = JSON.parse(await c.k('get', 'events', '-o', 'json')) as { items: { reason: string; count: number; involvedObject: { name: string; uid: string }; source: { component: string } }[] };
    const failed = events.items.filter((e) => e.reason === 'FailedScheduling');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].count, 2);
    assert.equal(failed[0].involvedObject.uid, pod.metadata.uid);
    const out = await c.k('describe', 'pod', 'ev');
    assert.match(out, /Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n/);
    assert.match(out, /Warning\s+FailedScheduling\s+\S+\s+\(x2 over \S+\)\s+test-controller\s+0\/1 nodes are available: 1 Insufficient cpu\./);
    assert.match(out, /Normal\s+Scheduled\s+\S+\s+test-controller\s+Successfully assigned default\/ev to n1/);
    const table = await c.k('get', 'events');
    assert.match(table, /LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    assert.match(table, /Warning\s+FailedScheduling\s+pod\/ev\s+0\/1 nodes are available/);
  });

  test('describe node shows a node created through the API, with its pods', async () => {
    const node = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: edge-1\n  labels:\n    kubernetes.io/hostname: edge-1\n';
    const created = await c.kubectl(['create', '-f', '-'], { input: node });
    assert.equal(created.stdout.trim(), 'node/edge-1 created', created.stderr);
    const out = await c.k('describe', 'node', 'edge-1');
    assert.match(out, /^Name:\s+edge-1$/m);
    assert.match(out, /^Labels:\s+kubernetes\.io\/hostname=edge-1$/m);
    assert.match(out, /Non-terminated Pods:\s+\(0 in total\)/);
    assert.match(await c.k('get', 'nodes'), /\nedge-1\s+Unknown\s+<none>\s+\d+s\s+/);
  });
});
