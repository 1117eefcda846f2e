import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeAllocatable, podNonZeroRequests, podRequests } from '../../../../main/scheduler/resources.js';
import { node, pod } from './fixtures.js';

describe('pod requests', () => {
  test('containers add up; quantities become millicores and bytes', () => {
    const p = pod({ containers: [
      { name: 'a', resources: { requests: { cpu: '250m', memory: '64Mi', 'ephemeral-storage': '1Gi', 'example.com/gpu': '1' } } },
      { name: 'b', resources: { requests: { cpu: '0.5', memory: '1G', 'example.com/gpu': '2' } } },
    ] });
    const r = podRequests(p);
    assert.equal(r.milliCpu, 750);
    assert.equal(r.memory, 64 * 1024 * 1024 + 1_000_000_000);
    assert.equal(r.ephemeralStorage, 1024 ** 3);
    assert.deepEqual([...r.scalar!], [['example.com/gpu', 3]]);
  });

  test('an init container larger than the app containers sets the requirement; overhead is added', () => {
    const p = pod({
      containers: [{ name: 'app', resources: { requests: { cpu: '100m', memory: '100Mi' } } }],
      spec: {
        initContainers: [
          { name: 'migrate', image: 'x', resources: { requests: { cpu: '2', memory: '50Mi' } } },
          { name: 'warm', image: 'x', resources: { requests: { cpu: '1', memory: '300Mi' } } },
        ],
        overhead: { cpu: '10m', memory: '1Mi' },
      },
    });
    const r = podRequests(p);
    // max(app 100m, init 2) + 10m; max(app 100Mi, init 300Mi) + 1Mi
    assert.equal(r.milliCpu, 2010);
    assert.equal(r.memory, 301 * 1024 * 1024);
  });

  test('sidecars (restartPolicy Always) run beside the app and beside later init containers', () => {
    const p = pod({
      containers: [{ name: 'app', resources: { requests: { cpu: '1' } } }],
      spec: {
        initContainers: [
          { name: 'proxy', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } },
          { name: 'setup', image: 'x', resources: { requests: { cpu: '2' } } },
        ],
      },
    });
    // steady: app 1 + sidecar 0.5 = 1.5; while setup runs: 2 + sidecar 0.5 = 2.5
    assert.equal(podRequests(p).milliCpu, 2500);
  });

  test('scoring counts a container with no cpu or memory request as 100m and 200Mi', () => {
    const p = pod({ containers: [{ name: 'a' }, { name: 'b', resources: { requests: { cpu: '0', memory: '1Gi' } } }] });
    assert.deepEqual(podNonZeroRequests(p), { milliCpu: 100, memory: 200 * 1024 * 1024 + 1024 ** 3 });
    assert.equal(podRequests(p).milliCpu, 0);
  });

  test('node allocatable, with the pod count', () => {
    const a = nodeAllocatable(node('n', { allocatable: { cpu: '3500m', memory: '16Gi', pods: '20', 'hugepages-2Mi': '1Gi' } }));
    assert.equal(a.milliCpu, 3500);
    assert.equal(a.memory, 16 * 1024 ** 3);
    assert.equal(a.pods, 20);
    assert.equal(a.scalar?.get('hugepages-2Mi'), 1024 ** 3);
  });
});
