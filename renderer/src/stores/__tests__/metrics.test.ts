import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ApiClient } from '../../api/client.js';
import { FakeApi } from '../../api/__tests__/fake-api.js';
import { usageOf } from '../../api/metrics.js';
import { useMetricsStore } from '../metrics.js';
import { useSessionStore } from '../session.js';

const settle = async (): Promise<void> => { for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0)); };

describe('metrics', () => {
  let api: FakeApi;
  beforeEach(() => {
    setActivePinia(createPinia());
    api = new FakeApi();
    useSessionStore().useClient(new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch }));
  });

  it('reads quantities as metrics-server writes them (nanocores, Ki)', () => {
    expect(usageOf({ cpu: '250517349n', memory: '1048576Ki' })).toEqual({ cpuMilli: 251, memoryBytes: 1024 ** 3 });
    expect(usageOf({ cpu: '2', memory: '512Mi' })).toEqual({ cpuMilli: 2000, memoryBytes: 512 * 1024 ** 2 });
  });

  it('says unavailable when the cluster serves no metrics API', async () => {
    const m = useMetricsStore();
    const release = m.acquire();
    await settle();
    expect(m.available).toBe(false);
    release();
  });

  it('sums a pod\'s containers and keeps a history per node and pod', async () => {
    api.answers.set('GET /apis/metrics.k8s.io/v1beta1/nodes', [{ status: 200, body: { items: [{ metadata: { name: 'node-a' }, usage: { cpu: '500m', memory: '1Gi' } }] } }]);
    api.answers.set('GET /apis/metrics.k8s.io/v1beta1/pods', [{ status: 200, body: { items: [{ metadata: { name: 'web', namespace: 'shop' }, containers: [{ name: 'a', usage: { cpu: '100m', memory: '10Mi' } }, { name: 'b', usage: { cpu: '50m', memory: '5Mi' } }] }] } }]);
    const m = useMetricsStore();
    const release = m.acquire();
    await settle();
    expect(m.available).toBe(true);
    expect(m.latest?.pods.get('shop/web')).toEqual({ cpuMilli: 150, memoryBytes: 15 * 1024 ** 2 });
    expect(m.nodeHistory.get('node-a')).toEqual([{ cpuMilli: 500, memoryBytes: 1024 ** 3 }]);
    release();
  });
});
