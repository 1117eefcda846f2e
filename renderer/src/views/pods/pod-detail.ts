// Reading a container's state and a pod's owner the way a person wants them said.
import type { ContainerStatus } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '@api/types/meta.js';
import type { Tone } from '../../util/format.js';

export function containerState(s: ContainerStatus | undefined): { text: string; tone: Tone; detail: string } {
  if (!s?.state) return { text: 'Waiting', tone: 'warn', detail: 'no status reported yet' };
  const { running, waiting, terminated } = s.state;
  if (running) return { text: 'Running', tone: s.ready ? 'ok' : 'warn', detail: `running since ${running.startedAt ?? '?'}` };
  if (waiting) return { text: waiting.reason ?? 'Waiting', tone: /BackOff|Err|Invalid/.test(waiting.reason ?? '') ? 'bad' : 'warn', detail: waiting.message ?? waiting.reason ?? 'waiting' };
  if (terminated) {
    const ok = (terminated.exitCode ?? 0) === 0;
    return { text: terminated.reason ?? (ok ? 'Completed' : 'Error'), tone: ok ? 'done' : 'bad', detail: `exited with code ${terminated.exitCode ?? 0}${terminated.message ? `: ${terminated.message}` : ''}` };
  }
  return { text: 'Unknown', tone: 'muted', detail: '' };
}

const WORKLOAD_ROUTES: Record<string, string> = {
  ReplicaSet: 'replicasets', ReplicationController: 'replicationcontrollers', DaemonSet: 'daemonsets', Job: 'jobs', Deployment: 'deployments', CronJob: 'cronjobs',
};

/** A link to the object controlling this one (its ownerReference with controller: true). */
export function ownerLink(obj: KubeObject): { text: string; to: string } | undefined {
  const ref = obj.metadata.ownerReferences?.find((o) => o.controller) ?? obj.metadata.ownerReferences?.[0];
  if (!ref) return undefined;
  const kind = WORKLOAD_ROUTES[ref.kind];
  const text = `${ref.kind}/${ref.name}`;
  if (!kind) return { text, to: '' };
  return { text, to: `/workloads/${kind}/${obj.metadata.namespace ?? ''}/${ref.name}` };
}
