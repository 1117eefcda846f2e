import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifest, create, update, stored, clone } from './fixture.js';

const TPL = 'template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}';
const deployment = (spec: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec: ${spec}
`;
const MISMATCH = 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`';

test('apps/v1 requires a selector, and it must match the template labels', () => {
  assert.deepEqual(create(manifest(deployment(`{${TPL}}`))), ['spec.selector: Required value', MISMATCH]);
  assert.deepEqual(create(manifest(deployment(`{selector: {matchLabels: {app: other}}, ${TPL}}`))), [MISMATCH]);
  assert.deepEqual(create(manifest(deployment(`{selector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}, ${TPL}}`))), []);
  assert.deepEqual(create(manifest(deployment(`{selector: {matchExpressions: [{key: app, operator: Maybe}]}, ${TPL}}`))), [
    'spec.selector.matchExpressions[0].operator: Invalid value: "Maybe": not a valid selector operator',
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{' +
      'v1.LabelSelectorRequirement{Key:"app", Operator:"Maybe", Values:[]string(nil)}}}: invalid label selector',
  ]);
});

test('Deployment strategy: maxSurge and maxUnavailable may not both be 0; percents are checked', () => {
  assert.deepEqual(create(manifest(deployment(`{selector: {matchLabels: {app: web}}, strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}, ${TPL}}`))),
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']);
  assert.deepEqual(create(manifest(deployment(`{selector: {matchLabels: {app: web}}, replicas: -1, strategy: {rollingUpdate: {maxSurge: "50", maxUnavailable: "150%"}}, ${TPL}}`))), [
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    "spec.strategy.rollingUpdate.maxSurge: Invalid value: 50: a valid percent string must be a numeric string followed by an ending '%' " +
      "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%',
  ]);
  assert.deepEqual(create(manifest(deployment(`{selector: {matchLabels: {app: web}}, strategy: {type: Blue}, ${TPL}}`))), [
    'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"Blue", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
  ]);
  assert.deepEqual(create(manifest(deployment(`{selector: {matchLabels: {app: web}}, strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}, ${TPL}}`))),
    ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]);
  assert.deepEqual(create(manifest(deployment(`{selector: {matchLabels: {app: web}}, minReadySeconds: 700, ${TPL}}`))),
    ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds']);
});

test('controller templates must restart Always', () => {
  assert.deepEqual(create(manifest(deployment(`{selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {restartPolicy: Never, containers: [{name: web, image: nginx}]}}}`))),
    ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
});

test('the Deployment selector is immutable on update', () => {
  const old = stored(manifest(deployment(`{selector: {matchLabels: {app: web}}, ${TPL}}`)));
  const next = clone(old) as unknown as { spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } } };
  next.spec.selector.matchLabels = { app: 'web2' };
  next.spec.template.metadata.labels = { app: 'web2' };
  assert.deepEqual(update(next as never, old), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
  const scaled = clone(old) as unknown as { spec: { replicas: number } };
  scaled.spec.replicas = 5;
  assert.deepEqual(update(scaled as never, old), []);
});

test('ReplicationController: map selector must match, replicas non-negative', () => {
  assert.deepEqual(create(manifest(`
apiVersion: v1
kind: ReplicationController
metadata: {name: web}
spec: {replicas: -1, selector: {app: other}, ${TPL}}
`)), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0', MISMATCH]);
});

test('ReplicaSet: empty selector uses the upstream wording', () => {
  assert.deepEqual(create(manifest(`
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec: {selector: {}, ${TPL}}
`)), ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']);
});

test('DaemonSet rolling update: exactly one of maxSurge and maxUnavailable', () => {
  const ds = (ru: string): string => `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec: {selector: {matchLabels: {app: web}}, updateStrategy: {rollingUpdate: ${ru}}, ${TPL}}
`;
  assert.deepEqual(create(manifest(ds('{maxSurge: 1, maxUnavailable: 1}'))),
    ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero']);
  assert.deepEqual(create(manifest(ds('{maxSurge: 0, maxUnavailable: 0}'))),
    ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']);
  assert.deepEqual(create(manifest(ds('{maxSurge: "10%", maxUnavailable: 0}'))), []);
});

test('Job: counts are non-negative and the template may not restart Always', () => {
  assert.deepEqual(create(manifest(`
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec: {completions: -1, backoffLimit: -2, template: {spec: {containers: [{name: pi, image: perl}]}}}
`)), [
    'spec.completions: Invalid value: -1: must be greater than or equal to 0',
    'spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0',
    'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
  ]);
});

test('Job: the generated selector may not be overridden without manualSelector', () => {
  const job = manifest(`
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  selector: {matchLabels: {batch.kubernetes.io/controller-uid: someone-else}}
  template: {spec: {restartPolicy: Never, containers: [{name: pi, image: perl}]}}
`);
  assert.deepEqual(create(job), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"batch.kubernetes.io/controller-uid":"someone-else"}, ' +
      'MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
    MISMATCH.replace('map[string]string{"app":"web"}', 'map[string]string{"batch.kubernetes.io/controller-uid":"6a1b2c3d-0000-4000-8000-000000000001", ' +
      '"batch.kubernetes.io/job-name":"pi", "controller-uid":"6a1b2c3d-0000-4000-8000-000000000001", "job-name":"pi"}'),
  ]);
});

test('Job: the pod template is immutable', () => {
  const old = stored(manifest(`
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: pi, image: perl}]}}}
`));
  const next = clone(old) as unknown as { spec: { template: { spec: { containers: Array<{ image: string }> } } } };
  next.spec.template.spec.containers[0].image = 'perl:5.38';
  assert.deepEqual(update(next as never, old), ['spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable']);
});

const cron = (schedule: string, extra = ''): string => `
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec: {schedule: "${schedule}"${extra}, jobTemplate: {spec: {template: {spec: {restartPolicy: OnFailure, containers: [{name: b, image: busybox}]}}}}}
`;

test('CronJob: schedule syntax, time zone and concurrency policy', () => {
  assert.deepEqual(create(manifest(cron('61 * * * *', ', timeZone: Europe/Pariss, concurrencyPolicy: Sometimes'))), [
    'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    'spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss',
    'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
  ]);
  assert.deepEqual(create(manifest(cron('CRON_TZ=UTC 0 * * * *'))),
    ['spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
  assert.deepEqual(create(manifest(cron('* * * *'))), ['spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]']);
  assert.deepEqual(create(manifest(cron('@weekly', ', timeZone: Local'))),
    ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']);
  assert.deepEqual(create(manifest(cron('*/15 9-17 * * mon-fri', ', timeZone: Europe/Paris'))), []);
  assert.deepEqual(create(manifest(cron('*/61 * * * *'))), [], 'a step past the range is accepted, as upstream does');
});

test('CronJob: names longer than 52 characters are refused on create', () => {
  const long = 'a'.repeat(53);
  const cj = manifest(cron('@hourly'));
  cj.metadata.name = long;
  assert.deepEqual(create(cj), [`metadata.name: Invalid value: "${long}": must be no more than 52 characters`]);
});
