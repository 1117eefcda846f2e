import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { findPort, rfc3339Nano, shouldPodBeInEndpoints } from '../../../../../main/controllers/endpoints/pod-endpoints.js';
import { TriggerTimeTracker } from '../../../../../main/controllers/endpoints/trigger-time.js';

const pod: Pod = {
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    containers: [{ name: 'app', ports: [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }, { name: 'web', containerPort: 8080 }] }],
    initContainers: [{ name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 15001 }] }, { name: 'setup', ports: [{ name: 'setup', containerPort: 1 }] }],
  },
  status: { phase: 'Running', podIP: '10.244.0.5', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-05-01T10:00:05Z' }] },
};

describe('findPort', () => {
  test('numbers are used as they are; names are looked up with the protocol, sidecars included', () => {
    assert.equal(findPort(pod, { port: 80, targetPort: 9000 }), 9000);
    assert.equal(findPort(pod, { port: 80 }), 80);
    assert.equal(findPort(pod, { port: 80, targetPort: 'web', protocol: 'TCP' }), 8080);
    assert.equal(findPort(pod, { port: 53, targetPort: 'dns', protocol: 'UDP' }), 5353);
    assert.equal(findPort(pod, { port: 53, targetPort: 'dns', protocol: 'TCP' }), undefined);
    assert.equal(findPort(pod, { port: 1, targetPort: 'proxy', protocol: 'TCP' }), 15001);
    assert.equal(findPort(pod, { port: 1, targetPort: 'setup', protocol: 'TCP' }), undefined, 'plain init containers do not serve');
  });
});

describe('shouldPodBeInEndpoints', () => {
  test('finished pods, pods without an IP and (unless asked) terminating pods are left out', () => {
    assert.equal(shouldPodBeInEndpoints(pod, false), true);
    assert.equal(shouldPodBeInEndpoints({ ...pod, status: { ...pod.status, phase: 'Succeeded' } }, true), false);
    assert.equal(shouldPodBeInEndpoints({ ...pod, status: { phase: 'Pending' } }, true), false);
    const terminating = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: '2024-05-01T10:00:00Z' } };
    assert.equal(shouldPodBeInEndpoints(terminating, false), false);
    assert.equal(shouldPodBeInEndpoints(terminating, true), true);
  });
});

describe('TriggerTimeTracker', () => {
  const svc: Service = { metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-05-01T09:00:00Z' } };
  test('a new Service reports its creation; later, the earliest Ready change since the last sync, or none', () => {
    const t = new TriggerTimeTracker();
    assert.equal(rfc3339Nano(t.compute('default/web', svc, [pod])!), '2024-05-01T09:00:00Z');
    assert.equal(t.compute('default/web', svc, [pod]), undefined);
    const changed = { ...pod, metadata: { name: 'q' }, status: { ...pod.status, conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2024-05-01T10:30:00.250Z' }] } };
    assert.equal(rfc3339Nano(t.compute('default/web', svc, [pod, changed])!), '2024-05-01T10:30:00.25Z');
    t.delete('default/web');
    assert.equal(rfc3339Nano(t.compute('default/web', svc, [])!), '2024-05-01T09:00:00Z');
  });
});
