import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { KubeObject } from '../../../../api/types/meta.js';
import { findKind } from '../../../../api/resources/registry.js';
import { applyDefaults, prepareForCreate, applyPodAdmissionDefaults, defaultPullPolicy } from '../../../../api/defaults/index.js';

function defaulted(input: string | object): KubeObject {
  const obj = (typeof input === 'string' ? parse(input) : input) as KubeObject;
  const type = findKind(obj.apiVersion, obj.kind);
  assert.ok(type);
  obj.metadata.uid ??= 'uid-1';
  return prepareForCreate(applyDefaults(obj, type), type);
}

/** The value at a dotted path ("spec.containers.0.ports"). */
function at(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
}

test('the body `kubectl run nginx --image=nginx` sends is defaulted like a v1.32 apiserver', () => {
  const pod = defaulted({
    kind: 'Pod', apiVersion: 'v1',
    metadata: { name: 'nginx', creationTimestamp: null, labels: { run: 'nginx' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
    status: {},
  });
  assert.deepEqual(at(pod, 'spec'), {
    containers: [{
      name: 'nginx', image: 'nginx', resources: {}, imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }],
    restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', securityContext: {}, terminationGracePeriodSeconds: 30,
    schedulerName: 'default-scheduler', enableServiceLinks: true,
  });
});

test('imagePullPolicy is Always only for :latest or untagged images', () => {
  assert.equal(defaultPullPolicy('nginx'), 'Always');
  assert.equal(defaultPullPolicy('nginx:latest'), 'Always');
  assert.equal(defaultPullPolicy('localhost:5000/team/app'), 'Always');
  assert.equal(defaultPullPolicy('nginx:1.27'), 'IfNotPresent');
  assert.equal(defaultPullPolicy('registry.k8s.io/redis:e2e'), 'IfNotPresent');
  assert.equal(defaultPullPolicy(`nginx@sha256:${'a'.repeat(64)}`), 'IfNotPresent');
  assert.equal(defaultPullPolicy('NGINX'), 'IfNotPresent', 'an unparseable reference has no tag');
});

test('containers: ports, probes, env field refs, volumes and canonical quantities', () => {
  const pod = defaulted(`
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 80}]
    env: [{name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]
    livenessProbe: {httpGet: {port: 80}}
    readinessProbe: {grpc: {port: 9000}}
    resources: {limits: {cpu: "0.5", memory: 1024Mi}, requests: {cpu: 0.1}}
  volumes:
  - name: cfg
    configMap: {name: web}
  - name: scratch
  - name: host
    hostPath: {path: /var/log}
`);
  const c = at(pod, 'spec.containers.0');
  assert.deepEqual(at(c, 'ports'), [{ containerPort: 80, protocol: 'TCP' }]);
  assert.deepEqual(at(c, 'env.0.valueFrom.fieldRef'), { fieldPath: 'spec.nodeName', apiVersion: 'v1' });
  assert.deepEqual(at(c, 'livenessProbe'), { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.equal(at(c, 'readinessProbe.grpc.service'), '');
  assert.deepEqual(at(c, 'resources'), { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '100m', memory: '1Gi' } }, 'missing requests come from limits');
  assert.deepEqual(at(pod, 'spec.volumes'), [
    { name: 'cfg', configMap: { name: 'web', defaultMode: 420 } },
    { name: 'scratch', emptyDir: {} },
    { name: 'host', hostPath: { path: '/var/log', type: '' } },
  ]);
});

test('workload templates get PodSpec defaults but not the Pod-only ones', () => {
  const d = defaulted(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: builder
      containers: [{name: web, image: nginx, resources: {limits: {cpu: "1"}}}]
`);
  assert.deepEqual({ ...(at(d, 'spec') as object), template: undefined }, {
    selector: { matchLabels: { app: 'web' } }, template: undefined, replicas: 1,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
  });
  const spec = at(d, 'spec.template.spec');
  assert.deepEqual(at(spec, 'containers.0.resources'), { limits: { cpu: '1' } }, 'requests are not copied from limits in templates');
  assert.equal(at(spec, 'enableServiceLinks'), undefined);
  assert.equal(at(spec, 'serviceAccount'), 'builder', 'the deprecated serviceAccount mirrors serviceAccountName');
  assert.equal(at(spec, 'terminationGracePeriodSeconds'), 30);
  assert.equal(at(d, 'metadata.labels'), undefined, 'apps/v1 does not copy template labels to the object');
});

test('ReplicationController selector, labels and replicas come from the template', () => {
  const rc = defaulted('{apiVersion: v1, kind: ReplicationController, metadata: {name: web}, spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}}}');
  assert.deepEqual(at(rc, 'spec.selector'), { app: 'web' });
  assert.deepEqual(at(rc, 'metadata.labels'), { app: 'web' });
  assert.equal(at(rc, 'spec.replicas'), 1);
});

test('DaemonSet update strategy defaults to RollingUpdate 1/0', () => {
  const ds = defaulted('{apiVersion: apps/v1, kind: DaemonSet, metadata: {name: agent}, spec: {selector: {matchLabels: {app: a}}, template: {metadata: {labels: {app: a}}, spec: {containers: [{name: a, image: a}]}}}}');
  assert.deepEqual(at(ds, 'spec.updateStrategy'), { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.equal(at(ds, 'spec.revisionHistoryLimit'), 10);
});

test('Job defaults and the generated selector', () => {
  const job = defaulted('{apiVersion: batch/v1, kind: Job, metadata: {name: pi}, spec: {template: {spec: {restartPolicy: Never, containers: [{name: pi, image: perl}]}}}}');
  const { template, ...rest } = at(job, 'spec') as Record<string, unknown>;
  assert.deepEqual(rest, {
    completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false,
    podReplacementPolicy: 'TerminatingOrFailed', manualSelector: false,
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-1' } },
  });
  assert.deepEqual(at(template, 'metadata.labels'), {
    'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'uid-1', 'batch.kubernetes.io/controller-uid': 'uid-1',
  });
  assert.equal(at(template, 'spec.restartPolicy'), 'Never', 'the template restartPolicy is kept');
});

test('CronJob defaults; its job template only gets pod defaults', () => {
  const cj = defaulted('{apiVersion: batch/v1, kind: CronJob, metadata: {name: c}, spec: {schedule: "@hourly", jobTemplate: {spec: {template: {spec: {restartPolicy: OnFailure, containers: [{name: c, image: busybox}]}}}}}}');
  assert.equal(at(cj, 'spec.concurrencyPolicy'), 'Allow');
  assert.equal(at(cj, 'spec.suspend'), false);
  assert.equal(at(cj, 'spec.successfulJobsHistoryLimit'), 3);
  assert.equal(at(cj, 'spec.failedJobsHistoryLimit'), 1);
  assert.equal(at(cj, 'spec.jobTemplate.spec.backoffLimit'), undefined);
  assert.equal(at(cj, 'spec.jobTemplate.spec.template.spec.dnsPolicy'), 'ClusterFirst');
});

test('Service defaults: ClusterIP, TCP, targetPort = port, traffic policies, single-stack IPv4', () => {
  const svc = defaulted('{apiVersion: v1, kind: Service, metadata: {name: web}, spec: {selector: {app: web}, ports: [{port: 80}]}}');
  assert.deepEqual(at(svc, 'spec'), {
    selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], sessionAffinity: 'None', type: 'ClusterIP',
    internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
  });
  assert.deepEqual(at(svc, 'status'), { loadBalancer: {} });
  const np = defaulted('{apiVersion: v1, kind: Service, metadata: {name: web}, spec: {type: NodePort, clusterIP: 10.96.0.9, ports: [{port: 80, targetPort: http}]}}');
  assert.equal(at(np, 'spec.externalTrafficPolicy'), 'Cluster');
  assert.deepEqual(at(np, 'spec.clusterIPs'), ['10.96.0.9']);
  assert.equal(at(np, 'spec.ports.0.targetPort'), 'http');
  const lb = defaulted('{apiVersion: v1, kind: Service, metadata: {name: web}, spec: {type: LoadBalancer, sessionAffinity: ClientIP, ports: [{port: 80}]}}');
  assert.equal(at(lb, 'spec.allocateLoadBalancerNodePorts'), true);
  assert.deepEqual(at(lb, 'spec.sessionAffinityConfig'), { clientIP: { timeoutSeconds: 10800 } });
  const ext = defaulted('{apiVersion: v1, kind: Service, metadata: {name: db}, spec: {type: ExternalName, externalName: db.example.com}}');
  assert.equal(at(ext, 'spec.ipFamilyPolicy'), undefined);
  assert.equal(at(ext, 'spec.internalTrafficPolicy'), undefined);
});

test('Namespace, Secret, Node, Endpoints and EndpointSlice defaults', () => {
  const ns = defaulted('{apiVersion: v1, kind: Namespace, metadata: {name: shop}}');
  assert.deepEqual(at(ns, 'metadata.labels'), { 'kubernetes.io/metadata.name': 'shop' });
  assert.deepEqual(at(ns, 'spec'), { finalizers: ['kubernetes'] });
  assert.deepEqual(at(ns, 'status'), { phase: 'Active' });
  const secret = defaulted('{apiVersion: v1, kind: Secret, metadata: {name: s}, stringData: {user: "admin", note: "é"}}');
  assert.deepEqual(secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', uid: 'uid-1' }, type: 'Opaque', data: { user: 'YWRtaW4=', note: 'w6k=' } });
  const node = defaulted('{apiVersion: v1, kind: Node, metadata: {name: n}, status: {capacity: {cpu: "4", memory: 8388608Ki}}}');
  assert.deepEqual(at(node, 'status'), { capacity: { cpu: '4', memory: '8Gi' }, allocatable: { cpu: '4', memory: '8Gi' } });
  const ep = defaulted('{apiVersion: v1, kind: Endpoints, metadata: {name: e}, subsets: [{addresses: [{ip: 10.244.0.5}], ports: [{port: 80}]}]}');
  assert.equal(at(ep, 'subsets.0.ports.0.protocol'), 'TCP');
  const slice = defaulted('{apiVersion: discovery.k8s.io/v1, kind: EndpointSlice, metadata: {name: e}, addressType: IPv4, endpoints: [], ports: [{port: 80}]}');
  assert.deepEqual(at(slice, 'ports'), [{ port: 80, name: '', protocol: 'TCP' }]);
});

test('pod admission defaults: service account, priority and not-ready/unreachable tolerations', () => {
  const pod = defaulted('{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 60}], containers: [{name: a, image: a}]}}');
  applyPodAdmissionDefaults(pod as unknown as Record<string, unknown>);
  assert.equal(at(pod, 'spec.serviceAccountName'), 'default');
  assert.equal(at(pod, 'spec.serviceAccount'), 'default');
  assert.equal(at(pod, 'spec.priority'), 0);
  assert.equal(at(pod, 'spec.preemptionPolicy'), 'PreemptLowerPriority');
  assert.deepEqual(at(pod, 'spec.tolerations'), [
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
});
