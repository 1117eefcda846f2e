import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifest, create, update, stored, clone } from './fixture.js';

const pod = (spec: string, meta = '{name: web}'): string => `
apiVersion: v1
kind: Pod
metadata: ${meta}
spec: ${spec}
`;
const errorsOf = (spec: string, meta?: string): string[] => create(manifest(pod(spec, meta)));

const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an " +
  "alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

test('containers are required and each needs an image', () => {
  assert.deepEqual(errorsOf('{containers: []}'), ['spec.containers: Required value']);
  assert.deepEqual(errorsOf('{containers: [{name: web}]}'), ['spec.containers[0].image: Required value']);
});

test('container names are DNS-1123 labels, unique across init and regular containers', () => {
  assert.deepEqual(errorsOf('{containers: [{name: Web_1, image: nginx}]}'), [`spec.containers[0].name: Invalid value: "Web_1": ${LABEL_MSG}`]);
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx}, {name: web, image: redis}]}'), ['spec.containers[1].name: Duplicate value: "web"']);
  assert.deepEqual(errorsOf('{initContainers: [{name: web, image: busybox}], containers: [{name: web, image: nginx}]}'),
    ['spec.initContainers[0].name: Duplicate value: "web"']);
});

test('container ports: range, IANA name syntax, protocol, unique names', () => {
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, ports: [{containerPort: 70000, protocol: HTTP, name: web-HTTP}]}]}'), [
    'spec.containers[0].ports[0].name: Invalid value: "web-HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
  ]);
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 80}, {name: http, containerPort: 81, hostPort: 0}]}]}'),
    ['spec.containers[0].ports[1].name: Duplicate value: "http"']);
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, ports: [{containerPort: 80, hostPort: 8080}]}, {name: b, image: x, ports: [{containerPort: 81, hostPort: 8080}]}]}'),
    ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"']);
});

test('env names follow 1.32 relaxed rules (printable ASCII but "=")', () => {
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, env: [{name: "1_STARTS_WITH_DIGIT", value: ok}, {name: "A=B", value: x}, {name: "", value: y}]}]}'), [
    `spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
    'spec.containers[0].env[2].name: Required value',
  ]);
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, env: [{name: A, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}, {name: B, valueFrom: {fieldRef: {fieldPath: metadata.labels}}}]}]}'), [
    'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    'spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", ' +
      '"metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
  ]);
});

test('volume names are unique and mounts must name a volume', () => {
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, volumeMounts: [{name: data, mountPath: /data}]}], volumes: [{name: cache, emptyDir: {}}, {name: cache, emptyDir: {}}]}'), [
    'spec.volumes[1].name: Duplicate value: "cache"',
    'spec.containers[0].volumeMounts[0].name: Not found: "data"',
  ]);
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx}], volumes: [{name: both, emptyDir: {}, hostPath: {path: /tmp}}]}'),
    ['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type']);
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx}], volumes: [{name: s, secret: {secretName: x, defaultMode: 1000}}]}'),
    ['spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive']);
});

test('resources: requests may not exceed limits, quantities may not be negative', () => {
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}}]}'),
    ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']);
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, resources: {limits: {memory: "-1Gi"}}}]}'), [
    'spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
    'spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
  ]);
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, resources: {limits: {gpu: "1"}}}]}'), [
    'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
    'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
    'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
  ]);
});

test('restartPolicy, dnsPolicy and imagePullPolicy take upstream values only', () => {
  assert.deepEqual(errorsOf('{restartPolicy: Sometimes, dnsPolicy: Foo, containers: [{name: web, image: nginx, imagePullPolicy: Sometimes}]}'), [
    'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    'spec.dnsPolicy: Unsupported value: "Foo": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
  ]);
});

test('nodeSelector keys, activeDeadlineSeconds and tolerations', () => {
  assert.deepEqual(errorsOf('{nodeSelector: {"disk type": ssd}, activeDeadlineSeconds: 0, containers: [{name: web, image: nginx}]}'), [
    `spec.nodeSelector: Invalid value: "disk type": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with ` +
      "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
  ]);
  assert.deepEqual(errorsOf('{tolerations: [{operator: Equal, value: x}, {key: a, operator: Exists, value: b}, {key: c, operator: Foo, effect: Bar}, {key: d, tolerationSeconds: 5, effect: NoSchedule}], containers: [{name: web, image: nginx}]}'), [
    'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    "spec.tolerations[1].operator: Invalid value: \"b\": value must be empty when `operator` is 'Exists'",
    'spec.tolerations[2].operator: Unsupported value: "Foo": supported values: "Equal", "Exists"',
    'spec.tolerations[2].effect: Unsupported value: "Bar": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    "spec.tolerations[3].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
  ]);
});

test('probes need exactly one handler; liveness successThreshold must be 1', () => {
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, livenessProbe: {successThreshold: 2, httpGet: {port: 0}}, readinessProbe: {}}]}'), [
    'spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive',
    'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    'spec.containers[0].readinessProbe: Required value: must specify a handler type',
  ]);
  assert.deepEqual(errorsOf('{containers: [{name: web, image: nginx, startupProbe: {exec: {command: [true]}, tcpSocket: {port: 80}}}]}'),
    ['spec.containers[0].startupProbe.tcpSocket: Forbidden: may not specify more than 1 handler type']);
});

test('init containers may not have probes unless they are sidecars', () => {
  assert.deepEqual(errorsOf('{initContainers: [{name: init, image: busybox, readinessProbe: {exec: {command: [true]}}}], containers: [{name: web, image: nginx}]}'),
    ['spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always']);
  assert.deepEqual(errorsOf('{initContainers: [{name: proxy, image: envoy, restartPolicy: Always, readinessProbe: {exec: {command: [true]}}}], containers: [{name: web, image: nginx}]}'), []);
});

test('hostNetwork pods must use hostPort == containerPort', () => {
  assert.deepEqual(errorsOf('{hostNetwork: true, containers: [{name: web, image: nginx, ports: [{containerPort: 80, hostPort: 8080}]}]}'),
    ['spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true']);
  assert.deepEqual(errorsOf('{hostNetwork: true, containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}'), [], 'defaulting fills hostPort');
});

test('an image may not carry surrounding whitespace on a pod', () => {
  assert.deepEqual(errorsOf('{containers: [{name: web, image: " nginx"}]}'),
    ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']);
});

test('pod updates may change images, but not other spec fields', () => {
  const old = stored(manifest(pod('{containers: [{name: web, image: "nginx:1.26", ports: [{containerPort: 80}]}]}')));
  const newImage = clone(old);
  (newImage.spec as { containers: Array<{ image: string }> }).containers[0].image = 'nginx:1.27';
  assert.deepEqual(update(newImage, old), []);

  const newPort = clone(old);
  (newPort.spec as { containers: Array<{ ports: Array<{ containerPort: number }> }> }).containers[0].ports[0].containerPort = 8080;
  const errs = update(newPort, old);
  assert.equal(errs.length, 1);
  assert.ok(errs[0].startsWith('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
    '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` ' +
    '(allow it to be set to 1 if it was previously negative)\n'), errs[0]);
  assert.match(errs[0], /containers\[0\]\.ports\[0\]\.containerPort: 80\n\+ containers\[0\]\.ports\[0\]\.containerPort: 8080/);

  const extra = clone(old);
  (extra.spec as { containers: unknown[] }).containers.push({ name: 'sidecar', image: 'busybox' });
  assert.deepEqual(update(extra, old), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
});

test('pod updates: activeDeadlineSeconds may only shrink, tolerations only grow, name is immutable', () => {
  const old = stored(manifest(pod('{activeDeadlineSeconds: 100, tolerations: [{key: a, operator: Exists}], containers: [{name: web, image: nginx}]}')));
  const longer = clone(old);
  (longer.spec as { activeDeadlineSeconds: number }).activeDeadlineSeconds = 200;
  assert.deepEqual(update(longer, old), ['spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value']);
  const fewer = clone(old);
  (fewer.spec as { tolerations: unknown[] }).tolerations = [];
  assert.deepEqual(update(fewer, old), ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  const renamed = clone(old);
  renamed.metadata.name = 'web2';
  assert.deepEqual(update(renamed, old), ['metadata.name: Invalid value: "web2": field is immutable']);
});
