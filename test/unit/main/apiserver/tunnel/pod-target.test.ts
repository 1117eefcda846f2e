// Container resolution for pods/log, exec and attach, with the API server's messages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { podView, requireNode, resolveContainer } from '../../../../../main/apiserver/tunnel/pod-target.js';

const pod = (spec: object, status: object = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec, status });

describe('pod target', () => {
  test('the only container is the default; several need a name', () => {
    assert.equal(resolveContainer(podView(pod({ containers: [{ name: 'a' }] })), null), 'a');
    assert.throws(() => resolveContainer(podView(pod({ containers: [{ name: 'a' }, { name: 'b' }] })), null), { code: 400, message: 'a container name must be specified for pod web, choose one of: [a b]' });
    assert.throws(() => resolveContainer(podView(pod({ initContainers: [{ name: 'i' }], containers: [{ name: 'a' }, { name: 'b' }] })), ''), { message: 'a container name must be specified for pod web, choose one of: [a b] or one of the init containers: [i]' });
  });

  test('a named container must be one of the pod\'s, init and ephemeral ones included', () => {
    const v = podView(pod({ initContainers: [{ name: 'i' }], containers: [{ name: 'a' }], ephemeralContainers: [{ name: 'debug' }] }));
    assert.equal(resolveContainer(v, 'i'), 'i');
    assert.equal(resolveContainer(v, 'debug'), 'debug');
    assert.throws(() => resolveContainer(v, 'x'), { code: 400, reason: 'BadRequest', message: 'container x is not valid for pod web' });
  });

  test('the view carries node, address and waiting reasons', () => {
    const v = podView(pod({ nodeName: 'n1', hostNetwork: true, containers: [{ name: 'a' }] }, { phase: 'Pending', podIP: '10.1.2.3', containerStatuses: [{ name: 'a', state: { waiting: { reason: 'ImagePullBackOff' } } }] }));
    assert.deepEqual({ node: requireNode(v), ip: v.podIP, host: v.hostNetwork, target: v.target, reason: v.waitingReason.get('a') }, { node: 'n1', ip: '10.1.2.3', host: true, target: { namespace: 'default', name: 'web', uid: 'u1' }, reason: 'ImagePullBackOff' });
    assert.throws(() => requireNode(podView(pod({ containers: [] }))), { message: 'pod web does not have a host assigned' });
  });
});
