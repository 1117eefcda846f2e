// Pods that fit nowhere: what the user sees (Pending, PodScheduled=False with kube-scheduler's message,
// a FailedScheduling event in kubectl describe) and how they get scheduled once the cluster changes.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../api/types/meta.js';
import { waitFor } from '../../helpers/wait.js';
import { SchedulerEnv } from './scheduler-env.js';

const INSUFFICIENT_CPU = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..';

describe('unschedulable pods', () => {
  let env: SchedulerEnv;
  before(async () => { env = await SchedulerEnv.start(); });
  after(async () => { await env.stop(); });
  afterEach(async () => { await env.reset(); });

  test('a pod bigger than every node stays Pending with the reason, then runs on a bigger node', async () => {
    for (const n of ['u1', 'u2', 'u3']) await env.addNode({ name: n, capacity: { cpu: '2' } });
    await env.create({ name: 'huge', cpu: '3' });
    const cond = await env.waitUnschedulable('huge');
    assert.deepEqual({ reason: cond.reason, message: cond.message }, { reason: 'Unschedulable', message: INSUFFICIENT_CPU });
    assert.match(await env.c.k('get', 'pod', 'huge'), /huge\s+0\/1\s+Pending\s+0\s/);
    const described = await waitFor('FailedScheduling in describe', async () => {
      const d = await env.c.k('describe', 'pod', 'huge');
      return /FailedScheduling/.test(d) ? d : undefined;
    });
    assert.match(described, /\nStatus:\s+Pending\n/);
    assert.match(described, /\n\s+PodScheduled\s+False\s*\n/);
    assert.ok(described.includes(`Warning  FailedScheduling  `), described);
    assert.match(described, new RegExp(`FailedScheduling\\s+\\S+\\s+default-scheduler\\s+${INSUFFICIENT_CPU.replace(/[.()]/g, '\\$&')}\\n`));
    const events = JSON.parse(await env.c.k('get', 'events', '--field-selector', 'involvedObject.name=huge,reason=FailedScheduling', '-o', 'json')) as { items: KubeObject[] };
    assert.equal(events.items[0]?.type, 'Warning');
    assert.deepEqual(events.items[0]?.source, { component: 'default-scheduler' });

    await env.addNode({ name: 'u4', capacity: { cpu: '4' } });
    assert.equal(await env.waitBound('huge'), 'u4');
    await waitFor('huge running', async () => /huge\s+1\/1\s+Running/.test(await env.c.k('get', 'pod', 'huge')));
    const after = await waitFor('Scheduled in describe', async () => {
      const d = await env.c.k('describe', 'pod', 'huge');
      return /Successfully assigned/.test(d) ? d : undefined;
    });
    assert.match(after, /Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/huge to u4\n/);
  });

  test('a full node (pod count, memory) takes the pod once a bound pod goes away', async () => {
    await env.addNode({ name: 'tiny', capacity: { pods: '2', memory: '1Gi' } });
    await env.create({ name: 'first', memory: '256Mi' }, { name: 'second', memory: '512Mi' });
    await env.waitBound('first');
    await env.waitBound('second');
    await env.create({ name: 'third', memory: '512Mi' });
    const cond = await env.waitUnschedulable('third');
    assert.equal(cond.message, '0/1 nodes are available: 1 Insufficient memory, 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..');
    await env.c.k('delete', 'pod', 'first', '--wait=true');
    assert.equal(await env.waitBound('third'), 'tiny');
  });

  test('pods for another scheduler, or still gated, are left alone', async () => {
    await env.addNode({ name: 'any' });
    await env.create(
      { name: 'elsewhere', spec: '    schedulerName: my-scheduler\n' },
      { name: 'gated', spec: '    schedulingGates:\n    - name: example.com/quota\n' },
      { name: 'mine' },
    );
    assert.equal(await env.waitBound('mine'), 'any');
    await env.settled();
    assert.equal(await env.nodeOf('elsewhere'), undefined);
    assert.equal(await env.nodeOf('gated'), undefined);
    const conds = ((await env.pod('elsewhere')).status as { conditions?: unknown[] }).conditions;
    assert.equal(conds, undefined, 'no condition written for a pod this scheduler does not own');
    await env.c.k('patch', 'pod', 'gated', '--type=json', '-p', '[{"op":"remove","path":"/spec/schedulingGates"}]');
    assert.equal(await env.waitBound('gated'), 'any');
  });

  test('no nodes at all', async () => {
    await env.create({ name: 'early' });
    const cond = await env.waitUnschedulable('early');
    assert.equal(cond.message, 'no nodes available to schedule pods');
    await env.addNode({ name: 'late' });
    assert.equal(await env.waitBound('early'), 'late');
  });
});
