import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldSelectorFor, matchesFields, selectableFields } from '../../../../api/selectors/field-labels.js';
import { findResource, type ResourceType } from '../../../../api/resources/registry.js';
import { BadRequestError, toStatus } from '../../../../api/errors/status-error.js';
import type { KubeObject } from '../../../../api/types/meta.js';

function resource(group: string, name: string): ResourceType {
  const r = findResource(group, 'v1', name);
  assert.ok(r, `${group}/${name} is served`);
  return r;
}
const pods = resource('', 'pods');
const events = resource('', 'events');
const nodes = resource('', 'nodes');

const pod: KubeObject = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', uid: 'u1' },
  spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', containers: [] },
  status: { phase: 'Running', podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }] },
};

function matches(type: ResourceType, obj: KubeObject, text: string): boolean {
  return matchesFields(type, obj, fieldSelectorFor(type, text));
}

test('the selectors kubectl sends for rollout status, describe node and describe pod select the right objects', () => {
  assert.equal(matches(pods, pod, 'metadata.name=web-1'), true);
  assert.equal(matches(pods, pod, 'metadata.name=web-2'), false);
  assert.equal(matches(pods, pod, 'spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed'), true);
  assert.equal(matches(pods, { ...pod, status: { phase: 'Succeeded' } }, 'spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed'), false);

  const nodeEvent: KubeObject = {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'n1.17a', namespace: 'default' },
    involvedObject: { kind: 'Node', name: 'n1', uid: 'n1' }, reason: 'NodeReady', source: { component: 'kubelet', host: 'n1' }, type: 'Normal',
  };
  assert.equal(matches(events, nodeEvent, 'involvedObject.kind=Node,involvedObject.uid=n1,involvedObject.name=n1,involvedObject.namespace='), true);
  const podEvent: KubeObject = { ...nodeEvent, involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u1' } };
  assert.equal(matches(events, podEvent, 'involvedObject.kind=Node,involvedObject.uid=n1,involvedObject.name=n1,involvedObject.namespace='), false);
  assert.equal(matches(events, podEvent, 'involvedObject.namespace=default,involvedObject.uid=u1,involvedObject.name=web-1'), true);
});

test('each kind exposes its own fields as strings', () => {
  assert.deepEqual(selectableFields(pods, pod), {
    'metadata.name': 'web-1', 'metadata.namespace': 'default',
    'spec.nodeName': 'n1', 'spec.restartPolicy': 'Always', 'spec.schedulerName': 'default-scheduler',
    'spec.serviceAccountName': 'default', 'spec.hostNetwork': 'false', 'status.phase': 'Running',
    'status.podIP': '10.244.0.5', 'status.podIPs': '', 'status.nominatedNodeName': '',
  });
  const cordoned: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { unschedulable: true } };
  assert.equal(matches(nodes, cordoned, 'spec.unschedulable=true'), true);
  assert.equal(matches(nodes, { ...cordoned, spec: {} }, 'spec.unschedulable=false'), true);
  assert.equal(matches(nodes, cordoned, 'metadata.namespace='), true);

  const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, type: 'kubernetes.io/tls' };
  assert.equal(matches(resource('', 'secrets'), secret, 'type=kubernetes.io/tls'), true);
  const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' }, status: { succeeded: 1 } };
  assert.equal(matches(resource('batch', 'jobs'), job, 'status.successful=1'), true);
  const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', namespace: 'default' }, status: { replicas: 0 } };
  assert.equal(matches(resource('apps', 'replicasets'), rs, 'status.replicas!=0'), false);
  const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', clusterIP: '10.96.0.10' } };
  assert.equal(matches(resource('', 'services'), svc, 'spec.type=NodePort,spec.clusterIP=10.96.0.10'), true);
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old' }, status: { phase: 'Terminating' } };
  assert.equal(matches(resource('', 'namespaces'), ns, 'status.phase=Terminating'), true);
  const ev: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, reportingComponent: 'skiff-scheduler', involvedObject: {} };
  assert.equal(matches(events, ev, 'source=skiff-scheduler'), true, 'source falls back to reportingComponent');
});

test('pods accept the legacy spec.host name for spec.nodeName', () => {
  const s = fieldSelectorFor(pods, 'spec.host=n1');
  assert.equal(s.toString(), 'spec.nodeName=n1');
  assert.equal(matchesFields(pods, pod, s), true);
});

test('unsupported fields get the 400 message kube-apiserver gives for that kind', () => {
  const cases: [ResourceType, string, string][] = [
    [pods, 'foo=bar', 'field label not supported: foo'],
    [pods, 'metadata.name=x, status.phase=Running', 'field label not supported:  status.phase'],
    [events, 'involvedObject.foo=x', 'field label not supported: involvedObject.foo'],
    [resource('', 'configmaps'), 'data.x=1', '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    [resource('apps', 'deployments'), 'spec.replicas=1', '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    [resource('batch', 'jobs'), 'status.active=1', 'field label "status.active" not supported for batchv1.Job'],
  ];
  for (const [type, text, message] of cases) {
    assert.throws(() => fieldSelectorFor(type, text), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.equal(err.message, message);
      assert.equal(toStatus(err).code, 400);
      return true;
    });
  }
});

test('every served kind can be selected by name and namespace', () => {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'kube-system' } };
  assert.equal(matches(resource('', 'configmaps'), cm, 'metadata.name=cfg,metadata.namespace=kube-system'), true);
  assert.equal(matches(resource('coordination.k8s.io', 'leases'), { ...cm, kind: 'Lease' }, 'metadata.namespace!=kube-system'), false);
});
