// `kubectl get pods`: the READY/STATUS/RESTARTS logic of upstream's printPod, which users read as the pod's state
// (ContainerCreating, Init:1/2, CrashLoopBackOff, Completed, Terminating, ...).
import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { TableRow } from '../types/table.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, as, column, type RowPrinter } from './columns.js';
import { humanDuration, parseTimestamp } from './duration.js';

/** The reason the node lifecycle controller sets on pods of an unreachable node. */
const NODE_UNREACHABLE_REASON = 'NodeLost';

const isRestartableInit = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

/** The later of two finish times (epoch ms; 0 means none). */
function laterFinish(current: number, status: ContainerStatus): number {
  const finished = parseTimestamp(status.lastState?.terminated?.finishedAt) ?? 0;
  return finished > current ? finished : current;
}

function conditionTrue(conditions: PodCondition[] | undefined, type: string): boolean {
  const c = conditions?.find((x) => x.type === type);
  return c !== undefined && c.status === 'True';
}

interface PodSummary { ready: number; total: number; reason: string; restarts: number; lastRestart: number }

function summarize(pod: Pod): PodSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const initSpecs = spec?.initContainers ?? [];
  const initByName = new Map(initSpecs.map((c) => [c.name, c]));
  const total = (spec?.containers ?? []).length + initSpecs.filter(isRestartableInit).length;
  let ready = 0;
  let restarts = 0;
  let lastRestart = 0;
  let sidecarRestarts = 0;
  let lastSidecarRestart = 0;

  let reason = status.reason || status.phase || '';
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    lastRestart = laterFinish(lastRestart, c);
    const sidecar = isRestartableInit(initByName.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = laterFinish(lastSidecarRestart, c);
    }
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) {
      if (terminated.reason) reason = `Init:${terminated.reason}`;
      else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
      else reason = `Init:ExitCode:${terminated.exitCode ?? 0}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status.conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walked backwards so the first container with something to say sets the reason.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      lastRestart = laterFinish(lastRestart, c);
      const terminated = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata?.deletionTimestamp && status.reason === NODE_UNREACHABLE_REASON) reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = 'Terminating';

  return { ready, total, reason, restarts, lastRestart };
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const satisfied = gates.filter((g) => pod.status?.conditions?.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${satisfied}/${gates.length}`;
}

export const podPrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', { text: 'The aggregate readiness state of this pod for accepting traffic.' }),
    column('Status', 'string', { text: 'The aggregate status of the containers in this pod.' }),
    column('Restarts', 'string', { text: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.' }),
    AGE_COLUMN,
    column('IP', 'string', 'PodStatus.podIP', 1),
    column('Node', 'string', 'PodSpec.nodeName', 1),
    column('Nominated Node', 'string', 'PodStatus.nominatedNodeName', 1),
    column('Readiness Gates', 'string', 'PodSpec.readinessGates', 1),
  ],
  cells(obj, now) {
    const pod = as<Pod>(obj);
    const s = summarize(pod);
    const restarts = s.restarts !== 0 && s.lastRestart !== 0
      ? `${s.restarts} (${humanDuration(now.getTime() - s.lastRestart)} ago)`
      : String(s.restarts);
    const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
    return [
      obj.metadata.name ?? '', `${s.ready}/${s.total}`, s.reason, restarts, ageOf(obj, now),
      ip, pod.spec?.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', readinessGates(pod),
    ];
  },
  conditions(obj): TableRow['conditions'] {
    const phase = as<Pod>(obj).status?.phase;
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};
