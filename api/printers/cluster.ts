// Cluster-level tables: nodes, namespaces, events and leases.
import type { Event, Namespace, Node } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, as, column, nameOf, type RowPrinter } from './columns.js';
import { timestampSince } from './duration.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** "Ready", "NotReady", "Unknown", with ",SchedulingDisabled" for a cordoned node. */
function nodeStatus(node: Node): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  else status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value, sorted. */
function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (k === ROLE_LABEL && v !== '') {
      roles.add(v);
    }
  }
  return roles.size > 0 ? [...roles].sort().join(',') : '<none>';
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', { text: 'The status of the node' }),
    column('Roles', 'string', { text: 'The roles of the node' }),
    AGE_COLUMN,
    column('Version', 'string', 'NodeSystemInfo.kubeletVersion'),
    column('Internal-IP', 'string', 'NodeStatus.addresses', 1),
    column('External-IP', 'string', 'NodeStatus.addresses', 1),
    column('OS-Image', 'string', 'NodeSystemInfo.osImage', 1),
    column('Kernel-Version', 'string', 'NodeSystemInfo.kernelVersion', 1),
    column('Container-Runtime', 'string', 'NodeSystemInfo.containerRuntimeVersion', 1),
  ],
  cells(obj, now) {
    const node = as<Node>(obj);
    const info = node.status?.nodeInfo;
    return [
      nameOf(obj), nodeStatus(node), nodeRoles(node), ageOf(obj, now), info?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'), nodeAddress(node, 'ExternalIP'),
      info?.osImage || '<unknown>', info?.kernelVersion || '<unknown>', info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const namespacePrinter: RowPrinter = {
  columns: [NAME_COLUMN, column('Status', 'string', { text: 'The status of the namespace' }), AGE_COLUMN],
  cells(obj, now) {
    return [nameOf(obj), as<Namespace>(obj).status?.phase ?? 'Active', ageOf(obj, now)];
  },
};

/** "kubelet, node-1": the reporter and, when known, its instance (events.k8s.io fields as fallback). */
function eventSource(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return instance === '' ? component : `${component}, ${instance}`;
}

export const eventPrinter: RowPrinter = {
  columns: [
    column('Last Seen', 'string', 'Event.lastTimestamp'),
    column('Type', 'string', 'Event.type'),
    column('Reason', 'string', 'Event.reason'),
    column('Object', 'string', 'Event.involvedObject'),
    column('Subobject', 'string', 'ObjectReference.fieldPath', 1),
    column('Source', 'string', 'Event.source', 1),
    column('Message', 'string', 'Event.message'),
    column('First Seen', 'string', 'Event.firstTimestamp', 1),
    column('Count', 'string', 'Event.count', 1),
    { ...NAME_COLUMN, priority: 1 },
  ],
  cells(obj, now) {
    const ev = as<Event>(obj);
    const first = ev.firstTimestamp ? timestampSince(ev.firstTimestamp, now) : timestampSince(ev.eventTime, now);
    let last = ev.lastTimestamp ? timestampSince(ev.lastTimestamp, now) : first;
    let count = ev.count ?? 0;
    if (ev.series) {
      last = timestampSince(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    } else if (count === 0) {
      // Events written through events.k8s.io leave count unset for a single occurrence.
      count = 1;
    }
    const kind = (ev.involvedObject?.kind ?? '').toLowerCase();
    const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
    return [
      last, ev.type ?? '', ev.reason ?? '', target, ev.involvedObject?.fieldPath ?? '', eventSource(ev),
      (ev.message ?? '').trim(), first, count, nameOf(obj),
    ];
  },
};

export const leasePrinter: RowPrinter = {
  columns: [NAME_COLUMN, column('Holder', 'string', 'LeaseSpec.holderIdentity'), AGE_COLUMN],
  cells(obj, now) {
    return [nameOf(obj), as<Lease>(obj).spec?.holderIdentity ?? '', ageOf(obj, now)];
  },
};
