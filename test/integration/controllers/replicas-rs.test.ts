// ReplicaSets: exact pod counts under a burst of events, overlapping selectors that do not fight, which pods a
// scale-down removes, and a create that the API refuses (FailedCreate, ReplicaFailure) followed by recovery.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ForbiddenError } from '../../../api/errors/status-error.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { controllerOf } from '../../../api/workloads/owners.js';
import { replicaSetController } from '../../../main/controllers/replicas/replicaset-controller.js';
import type { AdmissionPlugin } from '../../../main/registry/admission.js';
import { waitFor } from '../../helpers/wait.js';
import { activePods, PODS, REPLICASETS, settle, startWorkloadEnv, status, type WorkloadEnv } from './replicas-env.js';

const rs = (name: string, replicas: number, selector: Record<string, string>, labels: Record<string, string>): string => JSON.stringify({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name },
  spec: { replicas, selector: { matchLabels: selector }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
});

interface EventItem { reason: string; count: number; message: string; type: string; source: { component: string } }

describe('ReplicaSet', () => {
  let env: WorkloadEnv;
  before(async () => { env = await startWorkloadEnv({ controllers: [replicaSetController], nodes: 3 }); });
  after(async () => { await env.stop(); });

  const events = async (name: string): Promise<EventItem[]> =>
    (JSON.parse(await env.c.k('get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json')) as { items: EventItem[] }).items;
  const total = (items: EventItem[], reason: string): number => items.filter((e) => e.reason === reason).reduce((n, e) => n + e.count, 0);

  test('creates exactly spec.replicas pods however many events arrive meanwhile', async () => {
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, (await activePods(env, 'app=burst')).length);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await env.c.kubectl(['create', '-f', '-'], { input: rs('burst', 40, { app: 'burst' }, { app: 'burst' }) });
    await waitFor('40 ready', async () => status(await env.transport.get(REPLICASETS, 'default', 'burst')).readyReplicas === 40);
    await settle(env);
    sampling = false;
    await sampler;
    assert.equal((await activePods(env, 'app=burst')).length, 40);
    assert.ok(peak <= 40, `never more than 40 pods (saw ${peak})`);
    const ev = await events('burst');
    assert.equal(total(ev, 'SuccessfulCreate'), 40);
    assert.equal(total(ev, 'SuccessfulDelete'), 0);
    assert.ok(ev.every((e) => e.source.component === 'replicaset-controller'));
    assert.match(await env.c.k('get', 'rs', 'burst'), /burst\s+40\s+40\s+40\s+/);
    await env.c.k('delete', 'rs', 'burst');
  });

  test('overlapping selectors: each ReplicaSet keeps the pods it controls', async () => {
    await env.c.kubectl(['create', '-f', '-'], { input: rs('shop', 2, { app: 'shop' }, { app: 'shop', track: 'stable' }) });
    await env.c.kubectl(['create', '-f', '-'], { input: rs('shop-canary', 1, { app: 'shop', track: 'canary' }, { app: 'shop', track: 'canary' }) });
    await waitFor('3 shop pods', async () => (await activePods(env, 'app=shop')).length === 3);
    await settle(env);
    const [stable, canary] = await Promise.all([env.transport.get(REPLICASETS, 'default', 'shop'), env.transport.get(REPLICASETS, 'default', 'shop-canary')]);
    const pods = await activePods(env, 'app=shop');
    assert.equal(pods.length, 3);
    assert.equal(pods.filter((p) => controllerOf(p)?.uid === stable.metadata.uid).length, 2);
    assert.equal(pods.filter((p) => controllerOf(p)?.uid === canary.metadata.uid && p.metadata.labels?.track === 'canary').length, 1);
    assert.equal(status(stable).replicas, 2);
    assert.equal(status(canary).replicas, 1);
    assert.equal(total(await events('shop'), 'SuccessfulDelete'), 0);
    assert.equal(total(await events('shop-canary'), 'SuccessfulDelete'), 0);
  });

  test('scaling down deletes the not-ready pod first', async () => {
    await env.c.k('scale', 'rs', 'shop', '--replicas=3');
    await waitFor('3 ready', async () => status(await env.transport.get(REPLICASETS, 'default', 'shop')).readyReplicas === 3);
    const stable = (await activePods(env, 'app=shop,track=stable'));
    const sick = stable[1];
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    // The kubelet reports a failing readiness probe.
    await env.transport.patch(PODS, 'default', sick.metadata.name!, 'strategic', { status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }] } }, { subresource: 'status' });
    await waitFor('2 ready', async () => status(await env.transport.get(REPLICASETS, 'default', 'shop')).readyReplicas === 2);
    await env.c.k('scale', 'rs', 'shop', '--replicas=2');
    await waitFor('2 pods', async () => (await activePods(env, 'app=shop,track=stable')).length === 2);
    const left = (await activePods(env, 'app=shop,track=stable')).map((p) => p.metadata.name);
    assert.ok(!left.includes(sick.metadata.name), `${sick.metadata.name} (not ready) was deleted, kept ${left.join(', ')}`);
    assert.match((await events('shop')).map((e) => e.message).join('\n'), new RegExp(`Deleted pod: ${sick.metadata.name}`));
  });

  test('a refused create is reported (FailedCreate, ReplicaFailure) and retried until it works', async () => {
    let refused = 0;
    let refusing = true;
    const quota: AdmissionPlugin = {
      name: 'test-quota',
      handles: (rt) => rt.resource === 'pods',
      admitCreate: (_rt, obj: KubeObject) => {
        if (!refusing || obj.metadata.labels?.app !== 'quota') return;
        refused++;
        throw new ForbiddenError(`pods "${obj.metadata.name}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=0, limited: pods=0`);
      },
    };
    const deps = env.c.cp.registry.deps;
    (deps.admission ??= []).push(quota);
    try {
      await env.c.kubectl(['create', '-f', '-'], { input: rs('quota', 3, { app: 'quota' }, { app: 'quota' }) });
      const failure = await waitFor('ReplicaFailure', async () => status<{ conditions?: { type: string; reason: string; message: string }[] }>(await env.transport.get(REPLICASETS, 'default', 'quota')).conditions?.find((c) => c.type === 'ReplicaFailure'));
      assert.equal(failure.reason, 'FailedCreate');
      assert.match(failure.message, /^pods "quota-[a-z0-9]{5}" is forbidden: exceeded quota: compute/);
      const warn = await waitFor('FailedCreate event', async () => (await events('quota')).find((e) => e.reason === 'FailedCreate'));
      assert.equal(warn.type, 'Warning');
      assert.match(warn.message, /^Error creating: pods "quota-[a-z0-9]{5}" is forbidden: exceeded quota/);
      assert.match(await env.c.k('describe', 'rs', 'quota'), /ReplicaFailure\s+True\s+FailedCreate/);
      assert.ok(refused >= 1);
    } finally {
      refusing = false;
    }
    await waitFor('3 pods after the quota is lifted', async () => (await activePods(env, 'app=quota')).length === 3, { timeoutMs: 20_000 });
    await waitFor('ReplicaFailure cleared', async () => {
      const st = status<{ conditions?: unknown[]; replicas: number }>(await env.transport.get(REPLICASETS, 'default', 'quota'));
      return st.replicas === 3 && (st.conditions ?? []).length === 0;
    });
    deps.admission!.splice(deps.admission!.indexOf(quota), 1);
  });
});
