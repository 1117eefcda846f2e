import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../../api/types/meta.js';
import { toTable } from '../../../../api/printers/table.js';
import { HOUR, MIN, NOW, ago, cells, columns } from './fixtures.js';

type PodInput = { metadata?: Pod['metadata']; spec?: Partial<NonNullable<Pod['spec']>>; status?: Pod['status'] };

function pod(name: string, p: PodInput): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: ago(HOUR), ...p.metadata },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...p.spec },
    status: p.status,
  } as KubeObject;
}

const running = (name: string, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name, image: 'nginx:1.27', imageID: '', ready: true, restartCount: 0, started: true,
  state: { running: { startedAt: ago(HOUR) } }, ...extra,
});

test('kubectl get pods shows the server-side columns, wide ones at priority 1', () => {
  assert.deepEqual(columns('', 'pods'), [
    ['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0],
    ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1],
  ]);
});

test('pod STATUS, READY and RESTARTS match kubectl on a real cluster', () => {
  const cases: [string, KubeObject, (string | number)[]][] = [
    ['running with two ready containers', pod('web', {
      metadata: { creationTimestamp: ago(5 * MIN) },
      spec: { nodeName: 'node-1', containers: [{ name: 'app' }, { name: 'sidecar' }] },
      status: { phase: 'Running', podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }], containerStatuses: [running('app'), running('sidecar')] },
    }), ['web', '2/2', 'Running', '0', '5m', '10.244.0.5', 'node-1', '<none>', '<none>']],

    ['crash looping, last restart five minutes ago', pod('crash', {
      spec: { nodeName: 'node-1' },
      status: {
        phase: 'Running', podIP: '10.244.0.6',
        containerStatuses: [{
          name: 'app', image: 'busybox', imageID: '', ready: false, restartCount: 3, started: false,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(5 * MIN + 2), finishedAt: ago(5 * MIN) } },
        }],
      },
    }), ['crash', '0/1', 'CrashLoopBackOff', '3 (5m ago)', '60m', '10.244.0.6', 'node-1', '<none>', '<none>']],

    ['waiting for the first of two init containers to finish', pod('init', {
      metadata: { creationTimestamp: ago(40) },
      spec: { nodeName: 'node-1', initContainers: [{ name: 'migrate' }, { name: 'warm' }] },
      status: {
        phase: 'Pending', podIP: '10.244.0.7',
        conditions: [{ type: 'Initialized', status: 'False' }],
        initContainerStatuses: [
          { name: 'migrate', image: 'm', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'warm', image: 'w', imageID: '', ready: false, restartCount: 0, state: { running: { startedAt: ago(10) } } },
        ],
        containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
      },
    }), ['init', '0/1', 'Init:1/2', '0', '40s', '10.244.0.7', 'node-1', '<none>', '<none>']],

    ['an init container that keeps failing', pod('init-fail', {
      spec: { initContainers: [{ name: 'migrate' }] },
      status: {
        phase: 'Pending', conditions: [{ type: 'Initialized', status: 'False' }],
        initContainerStatuses: [{
          name: 'migrate', image: 'm', imageID: '', ready: false, restartCount: 2,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(30) } },
        }],
      },
    }), ['init-fail', '0/1', 'Init:CrashLoopBackOff', '2 (30s ago)', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['an init container that exited without a reason', pod('init-exit', {
      spec: { initContainers: [{ name: 'migrate' }] },
      status: { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', image: 'm', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] },
    }), ['init-exit', '0/1', 'Init:ExitCode:2', '0', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['being deleted', pod('going', {
      metadata: { deletionTimestamp: ago(3), deletionGracePeriodSeconds: 30 },
      spec: { nodeName: 'node-1' },
      status: { phase: 'Running', podIP: '10.244.0.8', containerStatuses: [running('app')] },
    }), ['going', '1/1', 'Terminating', '0', '60m', '10.244.0.8', 'node-1', '<none>', '<none>']],

    ['on a node that stopped reporting', pod('lost', {
      metadata: { deletionTimestamp: ago(3) },
      status: { phase: 'Running', reason: 'NodeLost', containerStatuses: [running('app')] },
    }), ['lost', '1/1', 'Unknown', '0', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['pulling its image', pod('creating', {
      metadata: { creationTimestamp: ago(3) },
      spec: { nodeName: 'node-1' },
      status: { phase: 'Pending', containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
    }), ['creating', '0/1', 'ContainerCreating', '0', '3s', '<none>', 'node-1', '<none>', '<none>']],

    ['not scheduled yet', pod('pending', { status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } }),
      ['pending', '0/1', 'Pending', '0', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['held by a scheduling gate', pod('gated', { status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } }),
      ['gated', '0/1', 'SchedulingGated', '0', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['image that cannot be pulled', pod('badimg', {
      status: { phase: 'Pending', containerStatuses: [{ name: 'app', image: 'nope', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] },
    }), ['badimg', '0/1', 'ImagePullBackOff', '0', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['finished successfully', pod('done', {
      status: { phase: 'Succeeded', containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
    }), ['done', '0/1', 'Completed', '0', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['failed', pod('failed', {
      status: { phase: 'Failed', containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] },
    }), ['failed', '0/1', 'Error', '0', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['killed by a signal', pod('killed', {
      status: { phase: 'Failed', containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] },
    }), ['killed', '0/1', 'Signal:9', '0', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['evicted', pod('evicted', { status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' } }),
      ['evicted', '0/1', 'Evicted', '0', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['one container done, one still running, not ready', pod('half', {
      spec: { containers: [{ name: 'job' }, { name: 'proxy' }] },
      status: {
        phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          { name: 'job', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          running('proxy'),
        ],
      },
    }), ['half', '1/2', 'NotReady', '0', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['a restartable init container (sidecar) counts toward READY and RESTARTS', pod('sidecar', {
      spec: { initContainers: [{ name: 'log', restartPolicy: 'Always' }] },
      status: {
        phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
        initContainerStatuses: [running('log', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * MIN) } } })],
        containerStatuses: [running('app')],
      },
    }), ['sidecar', '2/2', 'Running', '1 (2m ago)', '60m', '<none>', '<none>', '<none>', '<none>']],

    ['readiness gates and a nominated node', pod('gates', {
      spec: { readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
      status: {
        phase: 'Running', nominatedNodeName: 'node-2', podIPs: [{ ip: 'fd00::5' }, { ip: '10.244.0.9' }],
        conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }],
        containerStatuses: [running('app')],
      },
    }), ['gates', '1/1', 'Running', '0', '60m', 'fd00::5', '<none>', 'node-2', '1/2']],
  ];
  for (const [what, obj, expected] of cases) assert.deepEqual(cells('', 'pods', obj), expected, what);
});

test('finished pods carry the Completed row condition', () => {
  const table = toTable({ group: '', resource: 'pods' }, [
    pod('ok', { status: { phase: 'Succeeded' } }),
    pod('bad', { status: { phase: 'Failed' } }),
    pod('up', { status: { phase: 'Running' } }),
  ], NOW);
  assert.deepEqual(table.rows.map((r) => r.conditions), [
    [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }],
    [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }],
    undefined,
  ]);
});
