// pods/binding: the scheduler's way of assigning a pod to a node.
import { BadRequestError, ConflictError } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import { isObject, type KubeObject } from '../../api/types/meta.js';
import type { WriteContext } from './context.js';
import type { ResourceRegistry } from './resource-registry.js';
import { NotFoundError } from '../../api/errors/status-error.js';
import { rfc3339 } from './system-fields.js';

interface PodCondition { type: string; status: string; lastProbeTime?: string | null; lastTransitionTime?: string; reason?: string; message?: string }

export async function bindPod(registry: ResourceRegistry, pods: ResourceType, namespace: string, name: string, body: unknown, ctx: WriteContext): Promise<KubeObject> {
  const target = isObject(body) && isObject(body.target) ? body.target : undefined;
  const node = target?.name;
  if (typeof node !== 'string' || node === '') throw new BadRequestError('target.name: Required value: the Binding must name a node');
  if (target?.kind !== undefined && target.kind !== 'Node' && target.kind !== '') throw new BadRequestError(`target.kind: Unsupported value: "${String(target.kind)}": supported values: "Node"`);
  const result = await registry.guaranteedUpdate(pods, namespace, name, ctx, false, (current) => {
    if (!current) throw new NotFoundError('pods', '', name);
    if (current.metadata.deletionTimestamp !== undefined) throw new ConflictError('pods', '', name, 'pod is being deleted, cannot be assigned to a host');
    const spec = (current.spec ?? {}) as { nodeName?: string };
    if (spec.nodeName) throw new ConflictError('pods', '', name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    const next = structuredClone(current);
    (next.spec as { nodeName?: string }).nodeName = node;
    // Binding also records PodScheduled=True, in the same write.
    const status = (next.status ?? {}) as { conditions?: PodCondition[] };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(registry.deps.clock()) });
    status.conditions = conditions;
    next.status = status;
    return { next };
  }, 'whole');
  return result.object;
}
