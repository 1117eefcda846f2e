// NodeRestriction admission: what the authorizer cannot see because the name is in the body. A node
// creates only its own Node and Lease, and sets only the labels a kubelet may (none that steer
// workloads to it: node-restriction.kubernetes.io/*, node-role.kubernetes.io/*, other kubernetes.io/ ones).
import { ForbiddenError } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { AdmissionPlugin } from '../registry/admission.js';
import type { WriteContext } from '../registry/context.js';
import { nodeNameOf } from './authz.js';

/** The labels a kubelet sets on its own Node (k8s.io/kubelet/pkg/apis KubeletLabels). */
const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname', 'kubernetes.io/os', 'kubernetes.io/arch', 'beta.kubernetes.io/os', 'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type', 'node.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone',
  'topology.kubernetes.io/region', 'topology.kubernetes.io/zone',
]);
const KUBELET_PREFIXES = ['kubelet.kubernetes.io/', 'node.kubernetes.io/'];

export function nodeRestriction(): AdmissionPlugin {
  return {
    name: 'NodeRestriction',
    handles: (rt) => (rt.group === '' && rt.resource === 'nodes') || (rt.group === 'coordination.k8s.io' && rt.resource === 'leases'),
    admitCreate(rt: ResourceType, obj: KubeObject, ctx: WriteContext): void {
      const node = nodeNameOf(ctx.user);
      if (node === undefined) return;
      const name = obj.metadata.name;
      if (name !== node) {
        const what = rt.resource === 'nodes' ? 'Node' : 'Lease';
        throw new ForbiddenError(`node "${node}" is not allowed to create a ${what} named "${name}": a node creates only its own (${node})`);
      }
      if (rt.resource === 'nodes') checkLabels(node, undefined, obj);
    },
    admitUpdate(rt: ResourceType, obj: KubeObject, old: KubeObject, ctx: WriteContext): void {
      const node = nodeNameOf(ctx.user);
      if (node === undefined) return;
      if (old.metadata.name !== node) throw new ForbiddenError(`node "${node}" is not allowed to modify ${rt.resource} "${old.metadata.name}"`);
      if (rt.resource === 'nodes') checkLabels(node, old, obj);
    },
  };
}

function checkLabels(node: string, old: KubeObject | undefined, obj: KubeObject): void {
  const before = old?.metadata.labels ?? {};
  const after = obj.metadata.labels ?? {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[key] === after[key] || !restricted(key)) continue;
    throw new ForbiddenError(`node "${node}" is not allowed to set or change the label "${key}": a node may set only kubelet labels (kubernetes.io/hostname, os, arch, topology, instance-type; kubelet.kubernetes.io/* and node.kubernetes.io/*) and labels outside kubernetes.io and k8s.io`);
  }
}

function restricted(key: string): boolean {
  if (KUBELET_LABELS.has(key) || KUBELET_PREFIXES.some((p) => key.startsWith(p))) return false;
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const domain = key.slice(0, slash);
  const inK8s = (d: string): boolean => domain === d || domain.endsWith(`.${d}`);
  return inK8s('kubernetes.io') || inK8s('k8s.io');
}
