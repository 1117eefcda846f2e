import { describe, expect, it } from 'vitest';
import { ApiClient } from '../client.js';
import { KINDS } from '../kinds.js';
import { restart, scale, setPaused } from '../workload-actions.js';
import { FakeApi, pod } from './fake-api.js';

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 } };

describe('ApiClient', () => {
  it('browser mode: same-origin cookie, and the CSRF header on writes only', async () => {
    const api = new FakeApi();
    api.lists.set('/api/v1/pods', { items: [pod('a', '1')], resourceVersion: '1' });
    api.answers.set('PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale', [{ status: 200, body: { kind: 'Scale' } }]);
    const c = new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch });
    await c.list(KINDS.pods);
    await scale(c, KINDS.deployments, deployment, 5);
    const [get, patch] = api.requests;
    expect(get.credentials).toBe('same-origin');
    expect(get.headers['X-Skiff-CSRF']).toBeUndefined();
    expect(get.headers.Authorization).toBeUndefined();
    expect(patch.headers['X-Skiff-CSRF']).toBe('1');
    // kubectl scale: a merge patch of the scale subresource.
    expect(patch.url).toBe('/apis/apps/v1/namespaces/shop/deployments/web/scale?fieldManager=skiff-ui');
    expect(patch.headers['Content-Type']).toBe('application/merge-patch+json');
    expect(JSON.parse(patch.body!)).toEqual({ spec: { replicas: 5 } });
  });

  it('Electron mode: a bearer token, asked for again once after a 401', async () => {
    const api = new FakeApi();
    const unauthorized = { status: 401, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 } };
    api.answers.set('GET /api/v1/pods', [unauthorized, { status: 200, body: { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] } }]);
    const tokens = ['old', 'new'];
    const c = new ApiClient({ connection: { baseUrl: 'https://127.0.0.1:6443', token: async () => tokens.shift()! }, fetch: api.fetch });
    await c.list(KINDS.pods);
    expect(api.requests.map((r) => r.headers.Authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(api.requests[0].url).toBe('https://127.0.0.1:6443/api/v1/pods');
    expect(api.requests[0].credentials).toBe('omit');
  });

  it('apply is a server-side apply with strict field validation', async () => {
    const api = new FakeApi();
    api.answers.set('PATCH /apis/apps/v1/namespaces/shop/deployments/web', [{ status: 200, body: deployment }]);
    const c = new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch });
    await c.apply(KINDS.deployments, { namespace: 'shop', name: 'web' }, JSON.stringify(deployment), { dryRun: true });
    const r = api.requests[0];
    expect(r.headers['Content-Type']).toBe('application/apply-patch+yaml');
    expect(new URL(r.url, 'https://x').searchParams.toString()).toBe('fieldManager=skiff-ui&fieldValidation=Strict&dryRun=All');
  });

  it('an error answer becomes an ApiError carrying the Status causes', async () => {
    const api = new FakeApi();
    const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 422, message: 'bad', details: { causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'must be >= 0' }] } };
    api.answers.set('PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale', [{ status: 422, body: status }]);
    const c = new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch });
    await expect(scale(c, KINDS.deployments, deployment, -1)).rejects.toMatchObject({ code: 422, reason: 'Invalid', causes: status.details.causes });
  });
});

describe('workload actions send what kubectl sends', () => {
  it('rollout restart stamps the pod template (strategic merge patch)', async () => {
    const api = new FakeApi();
    api.answers.set('PATCH /apis/apps/v1/namespaces/shop/deployments/web', [{ status: 200, body: deployment }]);
    const c = new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch });
    await restart(c, KINDS.deployments, deployment, new Date('2025-03-04T05:06:07.891Z'));
    const r = api.requests[0];
    expect(r.headers['Content-Type']).toBe('application/strategic-merge-patch+json');
    expect(JSON.parse(r.body!)).toEqual({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-03-04T05:06:07Z' } } } } });
  });

  it('pause sets spec.paused on a Deployment and spec.suspend on a CronJob', async () => {
    const api = new FakeApi();
    api.answers.set('PATCH /apis/apps/v1/namespaces/shop/deployments/web', [{ status: 200, body: deployment }]);
    api.answers.set('PATCH /apis/batch/v1/namespaces/shop/cronjobs/tick', [{ status: 200, body: {} }]);
    const c = new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch });
    await setPaused(c, KINDS.deployments, deployment, true);
    await setPaused(c, KINDS.cronjobs, { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick', namespace: 'shop' } }, false);
    expect(api.requests.map((r) => JSON.parse(r.body!))).toEqual([{ spec: { paused: true } }, { spec: { suspend: false } }]);
  });
});
