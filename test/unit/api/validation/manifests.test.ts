import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toStatus } from '../../../../api/errors/status-error.js';
import { assertValid, validateCreate } from '../../../../api/validation/index.js';
import { applyDefaults } from '../../../../api/defaults/index.js';
import { manifest, create, typeOf } from './fixture.js';

const tutorials: Record<string, string> = {
  'ReplicationController with selector and template': `
apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 3
  selector:
    app: nginx
  template:
    metadata:
      name: nginx
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
`,
  'NodePort Service on 30001': `
apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  type: NodePort
  selector:
    app: MyApp
  ports:
    - port: 80
      targetPort: 80
      nodePort: 30001
`,
  '2-replica Deployment': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  selector:
    matchLabels:
      app: nginx
  replicas: 2
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`,
  'guestbook redis-master Deployment': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis-master
  labels:
    app: redis
spec:
  selector:
    matchLabels:
      app: redis
      role: master
      tier: backend
  replicas: 1
  template:
    metadata:
      labels:
        app: redis
        role: master
        tier: backend
    spec:
      containers:
      - name: master
        image: registry.k8s.io/redis:e2e
        resources:
          requests:
            cpu: 100m
            memory: 100Mi
        ports:
        - containerPort: 6379
`,
  'guestbook redis-master Service': `
apiVersion: v1
kind: Service
metadata:
  name: redis-master
  labels:
    app: redis
    role: master
    tier: backend
spec:
  ports:
  - port: 6379
    targetPort: 6379
  selector:
    app: redis
    role: master
    tier: backend
`,
  'classic guestbook redis-master ReplicationController': `
apiVersion: v1
kind: ReplicationController
metadata:
  name: redis-master
  labels:
    name: redis-master
spec:
  replicas: 1
  selector:
    name: redis-master
  template:
    metadata:
      labels:
        name: redis-master
    spec:
      containers:
      - name: master
        image: redis
        ports:
        - containerPort: 6379
`,
  'Job computing pi': `
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`,
  'CronJob hello': `
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
`,
  'DaemonSet fluentd-elasticsearch': `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          limits:
            memory: 200Mi
          requests:
            cpu: 100m
            memory: 200Mi
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
`,
  'Pod with probes, env from a ConfigMap and a Secret volume': `
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - name: POD_NAME
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: LOG_LEVEL
      valueFrom: {configMapKeyRef: {name: web-config, key: log.level}}
    envFrom:
    - configMapRef: {name: web-config}
    livenessProbe:
      httpGet: {path: /healthz, port: 80}
    readinessProbe:
      tcpSocket: {port: http}
    ports:
    - {name: http, containerPort: 80}
    volumeMounts:
    - {name: certs, mountPath: /etc/certs, readOnly: true}
  volumes:
  - name: certs
    secret: {secretName: web-tls}
`,
};

for (const [name, yaml] of Object.entries(tutorials)) {
  test(`tutorial manifest passes unchanged: ${name}`, () => {
    assert.deepEqual(create(manifest(yaml)), []);
  });
}

test('an invalid object becomes the 422 Status kubectl prints as "The Pod \\"Foo\\" is invalid"', () => {
  const pod = manifest(`
apiVersion: v1
kind: Pod
metadata: {name: Foo}
spec:
  containers:
  - name: web
`);
  const type = typeOf(pod);
  applyDefaults(pod, type);
  const causes = validateCreate(pod, type);
  assert.throws(() => assertValid(causes, pod, type), (err) => {
    const status = toStatus(err);
    assert.equal(status.code, 422);
    assert.equal(status.reason, 'Invalid');
    assert.equal(status.message, 'Pod "Foo" is invalid: [metadata.name: Invalid value: "Foo": a lowercase RFC 1123 subdomain must consist of lower case ' +
      "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
      "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'), spec.containers[0].image: Required value]");
    assert.deepEqual(status.details?.causes?.map((c) => [c.reason, c.field]), [
      ['FieldValueInvalid', 'metadata.name'],
      ['FieldValueRequired', 'spec.containers[0].image'],
    ]);
    return true;
  });
});
