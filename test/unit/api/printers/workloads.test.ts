import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../api/types/meta.js';
import { DAY, HOUR, MIN, ago, cells, columns } from './fixtures.js';

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'exporter', image: 'nginx/exporter:1.1' }] },
});

function obj(apiVersion: string, kind: string, name: string, body: Record<string, unknown>, age = 10 * MIN): KubeObject {
  return { apiVersion, kind, metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: ago(age) }, ...body };
}

test('a deployment mid-rollout shows READY ready/desired and the selector string', () => {
  assert.deepEqual(columns('apps', 'deployments'), [
    ['Name', 0], ['Ready', 0], ['Up-to-date', 0], ['Available', 0], ['Age', 0], ['Containers', 1], ['Images', 1], ['Selector', 1],
  ]);
  const rolling = obj('apps/v1', 'Deployment', 'web', {
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }), strategy: { type: 'RollingUpdate' } },
    status: { observedGeneration: 2, replicas: 4, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 2 },
  });
  assert.deepEqual(cells('apps', 'deployments', rolling), ['web', '2/3', 2, 2, '10m', 'nginx,exporter', 'nginx:1.27,nginx/exporter:1.1', 'app=web']);
  const fresh = obj('apps/v1', 'Deployment', 'new', { spec: { selector: { matchLabels: { app: 'new' } }, template: template({ app: 'new' }) } }, 4);
  assert.deepEqual(cells('apps', 'deployments', fresh), ['new', '0/1', 0, 0, '4s', 'nginx,exporter', 'nginx:1.27,nginx/exporter:1.1', 'app=new']);
});

test('replica sets and replication controllers show desired, current and ready counts', () => {
  const rs = obj('apps/v1', 'ReplicaSet', 'web-7d4b9c8f5', {
    spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' } }, template: template({ app: 'web' }) },
    status: { replicas: 3, readyReplicas: 2, availableReplicas: 2 },
  });
  assert.deepEqual(cells('apps', 'replicasets', rs), [
    'web-7d4b9c8f5', 3, 3, 2, '10m', 'nginx,exporter', 'nginx:1.27,nginx/exporter:1.1', 'app=web,pod-template-hash=7d4b9c8f5',
  ]);
  const rc = obj('v1', 'ReplicationController', 'redis-master', {
    spec: { replicas: 2, selector: { role: 'master', app: 'redis' }, template: template({ app: 'redis', role: 'master' }) },
    status: { replicas: 2, readyReplicas: 1 },
  });
  assert.deepEqual(columns('', 'replicationcontrollers').map(([n]) => n), ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector']);
  assert.deepEqual(cells('', 'replicationcontrollers', rc), ['redis-master', 2, 2, 1, '10m', 'nginx,exporter', 'nginx:1.27,nginx/exporter:1.1', 'app=redis,role=master']);
});

test('a daemon set shows its scheduling counts and node selector', () => {
  assert.deepEqual(columns('apps', 'daemonsets').map(([n]) => n), [
    'Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers', 'Images', 'Selector',
  ]);
  const ds = obj('apps/v1', 'DaemonSet', 'fluentd', {
    spec: {
      selector: { matchLabels: { name: 'fluentd' } },
      template: { metadata: { labels: { name: 'fluentd' } }, spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'fluentd', image: 'fluentd:v1.17' }] } },
    },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
  }, 2 * DAY + 3 * HOUR);
  assert.deepEqual(cells('apps', 'daemonsets', ds), ['fluentd', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '2d3h', 'fluentd', 'fluentd:v1.17', 'name=fluentd']);
  const anywhere = obj('apps/v1', 'DaemonSet', 'proxy', { spec: { selector: { matchLabels: { k: 'proxy' } }, template: { spec: { containers: [] } } } });
  assert.deepEqual(cells('apps', 'daemonsets', anywhere), ['proxy', 0, 0, 0, 0, 0, '<none>', '10m', '', '', 'k=proxy']);
});

test('jobs show status, completions and how long they ran', () => {
  assert.deepEqual(columns('batch', 'jobs'), [
    ['Name', 0], ['Status', 0], ['Completions', 0], ['Duration', 0], ['Age', 0], ['Containers', 1], ['Images', 1], ['Selector', 1],
  ]);
  const jobTemplate = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } };
  const selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': '4a1c' } };
  const completed = obj('batch/v1', 'Job', 'pi', {
    spec: { completions: 1, parallelism: 1, selector, template: jobTemplate },
    status: {
      startTime: ago(10 * MIN), completionTime: ago(10 * MIN - 8), succeeded: 1,
      conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }],
    },
  });
  assert.deepEqual(cells('batch', 'jobs', completed), ['pi', 'Complete', '1/1', '8s', '10m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=4a1c']);

  const working = obj('batch/v1', 'Job', 'queue', {
    spec: { parallelism: 2, selector, template: jobTemplate }, status: { startTime: ago(3 * MIN + 12), active: 2 },
  });
  assert.deepEqual(cells('batch', 'jobs', working).slice(0, 4), ['queue', 'Running', '0/1 of 2', '3m12s']);

  const failed = obj('batch/v1', 'Job', 'flaky', {
    spec: { completions: 3, selector, template: jobTemplate },
    status: { startTime: ago(HOUR), succeeded: 1, failed: 7, conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] },
  });
  assert.deepEqual(cells('batch', 'jobs', failed).slice(0, 4), ['flaky', 'Failed', '1/3', '60m']);

  const suspended = obj('batch/v1', 'Job', 'later', {
    spec: { completions: 1, suspend: true, selector, template: jobTemplate }, status: { conditions: [{ type: 'Suspended', status: 'True' }] },
  });
  assert.deepEqual(cells('batch', 'jobs', suspended).slice(0, 4), ['later', 'Suspended', '0/1', '']);
});

test('a cron job shows its schedule, time zone, suspension and last run', () => {
  assert.deepEqual(columns('batch', 'cronjobs').map(([n]) => n), [
    'Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age', 'Containers', 'Images', 'Selector',
  ]);
  const cj = obj('batch/v1', 'CronJob', 'hello', {
    spec: {
      schedule: '*/5 * * * *', suspend: false,
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.36' }], restartPolicy: 'OnFailure' } } } },
    },
    status: { active: [{ kind: 'Job', name: 'hello-28990000', namespace: 'default' }], lastScheduleTime: ago(2 * MIN) },
  }, 3 * DAY);
  assert.deepEqual(cells('batch', 'cronjobs', cj), ['hello', '*/5 * * * *', '<none>', 'False', 1, '2m', '3d', 'hello', 'busybox:1.36', '<none>']);
  const paused = obj('batch/v1', 'CronJob', 'nightly', {
    spec: { schedule: '0 2 * * *', timeZone: 'Europe/Berlin', suspend: true, jobTemplate: { spec: { template: { spec: { containers: [] } } } } },
  });
  assert.deepEqual(cells('batch', 'cronjobs', paused).slice(0, 6), ['nightly', '0 2 * * *', 'Europe/Berlin', 'True', 0, '<none>']);
});

test('controller revisions name their owning controller by kind.group', () => {
  const owned = obj('apps/v1', 'ControllerRevision', 'fluentd-6d5b8c7f9', {
    metadata: {
      name: 'fluentd-6d5b8c7f9', namespace: 'kube-system', creationTimestamp: ago(DAY),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'u', controller: true, blockOwnerDeletion: true }],
    },
    revision: 2, data: {},
  });
  assert.deepEqual(cells('apps', 'controllerrevisions', owned), ['fluentd-6d5b8c7f9', 'daemonset.apps/fluentd', 2, '24h']);
  const orphan = obj('apps/v1', 'ControllerRevision', 'orphan-1', { revision: 1 });
  assert.deepEqual(cells('apps', 'controllerrevisions', orphan), ['orphan-1', '<none>', 1, '10m']);
});
