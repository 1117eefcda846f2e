// Authorization decisions: admins, node identities (Kubernetes' Node authorizer plus what Skiff's agent
// needs as kube-proxy and DNS), and everyone else.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ForbiddenError } from '../../../../api/errors/status-error.js';
import { authorize, type Attributes } from '../../../../main/apiserver/authz.js';
import type { PodSource } from '../../../../main/apiserver/node-authorizer.js';
import type { UserInfo } from '../../../../main/registry/context.js';

const nodeA: UserInfo = { name: 'system:node:a', groups: ['system:nodes', 'system:authenticated'] };
const admin: UserInfo = { name: 'skiff-admin', groups: ['system:masters', 'system:authenticated'] };
const someone: UserInfo = { name: 'jane', groups: ['system:authenticated'] };

const pod = (name: string, node: string, spec: Partial<NonNullable<Pod['spec']>> = {}): Pod =>
  ({ metadata: { name, namespace: 'apps' }, spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }], ...spec } });

const pods: Pod[] = [
  pod('on-a', 'a', {
    imagePullSecrets: [{ name: 'pull' }],
    containers: [{
      name: 'c', image: 'x',
      env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'k' } } }, { name: 'C', valueFrom: { configMapKeyRef: { name: 'env-cm', key: 'k' } } }],
      envFrom: [{ secretRef: { name: 'envfrom-secret' } }, { configMapRef: { name: 'envfrom-cm' } }],
    }],
    initContainers: [{ name: 'i', image: 'x', env: [{ name: 'I', valueFrom: { secretKeyRef: { name: 'init-secret', key: 'k' } } }] }],
    volumes: [
      { name: 'v1', secret: { secretName: 'vol-secret' } },
      { name: 'v2', configMap: { name: 'vol-cm' } },
      { name: 'v3', projected: { sources: [{ secret: { name: 'proj-secret' } }, { configMap: { name: 'proj-cm' } }] } },
    ],
  }),
  pod('on-b', 'b', { volumes: [{ name: 'v', secret: { secretName: 'b-secret' } }] }),
];

const source: PodSource = {
  pod: (ns, name) => pods.find((p) => p.metadata?.namespace === ns && p.metadata?.name === name),
  podsIn: (ns) => pods.filter((p) => p.metadata?.namespace === ns),
};

function decision(user: UserInfo, a: Omit<Attributes, 'path'>, opts = {}): true | string {
  try {
    authorize(user, { path: '/x', ...a }, source, opts);
    return true;
  } catch (err) {
    assert.ok(err instanceof ForbiddenError, String(err));
    return err.message;
  }
}
const allowed = (user: UserInfo, a: Omit<Attributes, 'path'>, opts = {}): boolean => decision(user, a, opts) === true;

describe('node identities', () => {
  test('read the pods bound to them, not another node\'s (403 with the reason)', () => {
    assert.ok(allowed(nodeA, { verb: 'get', group: '', resource: 'pods', namespace: 'apps', name: 'on-a' }));
    assert.equal(decision(nodeA, { verb: 'get', group: '', resource: 'pods', namespace: 'apps', name: 'on-b' }),
      'pods "on-b" is forbidden: User "system:node:a" cannot get resource "pods" in API group "" in the namespace "apps": no relationship found between node \'a\' and this object');
    assert.ok(!allowed(nodeA, { verb: 'get', group: '', resource: 'pods', namespace: 'apps', name: 'missing' }));
    assert.ok(allowed(nodeA, { verb: 'watch', group: '', resource: 'pods', fieldSelector: 'spec.nodeName=a' }));
  });

  test('list/watch all pods read-only (the agent\'s DNS pod records), or only their own when so configured', () => {
    assert.ok(allowed(nodeA, { verb: 'list', group: '', resource: 'pods' }));
    const own = { podLists: 'own' as const };
    assert.ok(!allowed(nodeA, { verb: 'list', group: '', resource: 'pods' }, own));
    assert.ok(!allowed(nodeA, { verb: 'watch', group: '', resource: 'pods', fieldSelector: 'spec.nodeName=b' }, own));
    assert.ok(!allowed(nodeA, { verb: 'watch', group: '', resource: 'pods', fieldSelector: 'spec.nodeName!=a' }, own));
    assert.ok(allowed(nodeA, { verb: 'list', group: '', resource: 'pods', fieldSelector: 'status.phase=Running,spec.nodeName=a' }, own));
  });

  test('write status of and delete their own pods only; create or change pods never', () => {
    assert.ok(allowed(nodeA, { verb: 'patch', group: '', resource: 'pods', subresource: 'status', namespace: 'apps', name: 'on-a' }));
    assert.ok(!allowed(nodeA, { verb: 'patch', group: '', resource: 'pods', subresource: 'status', namespace: 'apps', name: 'on-b' }));
    assert.ok(allowed(nodeA, { verb: 'delete', group: '', resource: 'pods', namespace: 'apps', name: 'on-a' }));
    assert.ok(!allowed(nodeA, { verb: 'delete', group: '', resource: 'pods', namespace: 'apps', name: 'on-b' }));
    assert.ok(!allowed(nodeA, { verb: 'create', group: '', resource: 'pods', namespace: 'apps' }));
    assert.ok(!allowed(nodeA, { verb: 'update', group: '', resource: 'pods', namespace: 'apps', name: 'on-a' }));
    assert.ok(!allowed(nodeA, { verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: 'apps', name: 'on-a' }));
  });

  test('read exactly the secrets and configmaps their pods reference (volumes, env, envFrom, imagePullSecrets, projected)', () => {
    for (const name of ['pull', 'env-secret', 'envfrom-secret', 'init-secret', 'vol-secret', 'proj-secret']) {
      assert.ok(allowed(nodeA, { verb: 'get', group: '', resource: 'secrets', namespace: 'apps', name }), name);
    }
    for (const name of ['env-cm', 'envfrom-cm', 'vol-cm', 'proj-cm']) {
      assert.ok(allowed(nodeA, { verb: 'get', group: '', resource: 'configmaps', namespace: 'apps', name }), name);
    }
    assert.match(String(decision(nodeA, { verb: 'get', group: '', resource: 'secrets', namespace: 'apps', name: 'b-secret' })), /no relationship found between node 'a' and this object/);
    assert.ok(!allowed(nodeA, { verb: 'get', group: '', resource: 'secrets', namespace: 'other', name: 'vol-secret' }));
    assert.ok(!allowed(nodeA, { verb: 'get', group: '', resource: 'secrets', namespace: 'apps', name: 'vol-cm' }), 'a configmap reference is no secret reference');
    assert.match(String(decision(nodeA, { verb: 'list', group: '', resource: 'secrets', namespace: 'apps' })), /can only read individual secrets/);
    assert.ok(!allowed(nodeA, { verb: 'list', group: '', resource: 'secrets' }));
    // a single object by field selector, as kubelets watch them
    assert.ok(allowed(nodeA, { verb: 'watch', group: '', resource: 'secrets', namespace: 'apps', fieldSelector: 'metadata.name=vol-secret' }));
    assert.ok(!allowed(nodeA, { verb: 'watch', group: '', resource: 'secrets', namespace: 'apps', fieldSelector: 'metadata.name=b-secret' }));
    assert.ok(!allowed(nodeA, { verb: 'update', group: '', resource: 'secrets', namespace: 'apps', name: 'vol-secret' }));
  });

  test('write their own Node, status and Lease; read all Nodes', () => {
    assert.ok(allowed(nodeA, { verb: 'list', group: '', resource: 'nodes' }));
    assert.ok(allowed(nodeA, { verb: 'create', group: '', resource: 'nodes' }));
    assert.ok(allowed(nodeA, { verb: 'patch', group: '', resource: 'nodes', name: 'a' }));
    assert.ok(allowed(nodeA, { verb: 'patch', group: '', resource: 'nodes', subresource: 'status', name: 'a' }));
    assert.ok(!allowed(nodeA, { verb: 'patch', group: '', resource: 'nodes', name: 'b' }));
    assert.ok(!allowed(nodeA, { verb: 'update', group: '', resource: 'nodes', subresource: 'status', name: 'b' }));
    assert.ok(!allowed(nodeA, { verb: 'delete', group: '', resource: 'nodes', name: 'b' }));
    const lease = { group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease' };
    assert.ok(allowed(nodeA, { ...lease, verb: 'update', name: 'a' }));
    assert.ok(allowed(nodeA, { ...lease, verb: 'get', name: 'a' }));
    assert.ok(!allowed(nodeA, { ...lease, verb: 'update', name: 'b' }));
    assert.ok(!allowed(nodeA, { ...lease, verb: 'list' }));
    assert.ok(!allowed(nodeA, { ...lease, verb: 'update', name: 'a', namespace: 'default' }));
  });

  test('what the agent needs as service proxy and DNS: Services, EndpointSlices, Endpoints, services/status, Events', () => {
    for (const a of [
      { verb: 'watch', group: '', resource: 'services' },
      { verb: 'update', group: '', resource: 'services', subresource: 'status', namespace: 'apps', name: 'lb' },
      { verb: 'list', group: 'discovery.k8s.io', resource: 'endpointslices' },
      { verb: 'get', group: '', resource: 'endpoints', namespace: 'apps', name: 'x' },
      { verb: 'create', group: '', resource: 'events', namespace: 'apps' },
      { verb: 'patch', group: '', resource: 'events', namespace: 'apps', name: 'e' },
    ]) assert.ok(allowed(nodeA, a), JSON.stringify(a));
    for (const a of [
      { verb: 'update', group: '', resource: 'services', namespace: 'apps', name: 'lb' },
      { verb: 'create', group: 'discovery.k8s.io', resource: 'endpointslices', namespace: 'apps' },
      { verb: 'delete', group: '', resource: 'events', namespace: 'apps', name: 'e' },
      { verb: 'list', group: '', resource: 'namespaces' },
      { verb: 'list', group: 'apps', resource: 'deployments' },
      { verb: 'create', group: 'pairing.skiff.dev', resource: 'tokens' },
    ]) assert.ok(!allowed(nodeA, a), JSON.stringify(a));
  });

  test('a system:nodes member without a node user name gets nothing', () => {
    const anonymousNode: UserInfo = { name: 'kubelet', groups: ['system:nodes'] };
    assert.match(String(decision(anonymousNode, { verb: 'list', group: '', resource: 'services' })), /unknown node for user "kubelet"/);
  });

  test('without the pods to look at, pod-dependent decisions deny', () => {
    assert.throws(() => authorize(nodeA, { verb: 'get', group: '', resource: 'pods', namespace: 'apps', name: 'on-a', path: '/x' }), ForbiddenError);
  });
});

describe('everyone else', () => {
  test('admins may do everything', () => {
    assert.ok(allowed(admin, { verb: 'delete', group: '', resource: 'secrets', namespace: 'apps', name: 'b-secret' }));
    assert.ok(allowed(admin, { verb: 'post', path: '/anything' } as Attributes));
  });

  test('any authenticated user reads discovery, version and health; nothing else', () => {
    for (const path of ['/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/version', '/healthz', '/readyz', '/openapi/v3', '/openapi/v3/api/v1']) {
      assert.doesNotThrow(() => authorize(someone, { verb: 'get', path }), path);
      assert.doesNotThrow(() => authorize(nodeA, { verb: 'get', path }), path);
    }
    assert.throws(() => authorize(someone, { verb: 'post', path: '/api' }), ForbiddenError);
    assert.throws(() => authorize(someone, { verb: 'get', path: '/apis/skiff.dev/v1/secrets/rotate-key' }), ForbiddenError);
    assert.throws(() => authorize(someone, { verb: 'get', path: '/metrics' }), ForbiddenError);
    assert.equal(decision(someone, { verb: 'list', group: '', resource: 'pods', namespace: 'apps' }),
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "apps": no rule allows it');
  });
});
