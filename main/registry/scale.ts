// The scale subresource (autoscaling/v1 Scale) of Deployments, ReplicaSets and ReplicationControllers.
import { BadRequestError, NotFoundError } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import { formatLabelSelector, selectorFromSet } from '../../api/selectors/index.js';
import { isObject, type KubeObject } from '../../api/types/meta.js';
import type { WriteContext } from './context.js';
import { machinery } from './machinery.js';
import type { PatchType } from './patch.js';
import type { ResourceRegistry } from './resource-registry.js';
import { ConflictError } from '../../api/errors/status-error.js';
import { MODIFIED_MESSAGE } from './store-errors.js';

export interface Scale extends KubeObject {
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

export function hasScale(rt: ResourceType): boolean {
  return rt.subresources.some((s) => s.name === 'scale');
}

export function toScale(rt: ResourceType, obj: KubeObject): Scale {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (obj.status ?? {}) as { replicas?: number };
  const m = obj.metadata;
  const selector = rt.kind === 'ReplicationController'
    ? selectorFromSet((spec.selector ?? {}) as Record<string, string>).toString()
    : formatLabelSelector(isObject(spec.selector) ? spec.selector : undefined);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector },
  };
}

/** GET …/scale */
export function getScale(registry: ResourceRegistry, rt: ResourceType, namespace: string, name: string): Scale {
  if (!hasScale(rt)) throw new NotFoundError(`${rt.resource}/scale`, rt.group, name);
  return toScale(rt, registry.get(rt, namespace, name));
}

/** PUT or PATCH of …/scale: changes the parent's spec.replicas through the normal update path. */
export async function updateScale(
  registry: ResourceRegistry,
  rt: ResourceType,
  namespace: string,
  name: string,
  ctx: WriteContext,
  change: { put: unknown } | { patchType: PatchType; patch: unknown },
): Promise<Scale> {
  if (!hasScale(rt)) throw new NotFoundError(`${rt.resource}/scale`, rt.group, name);
  const result = await registry.guaranteedUpdate(rt, namespace, name, ctx, false, (current) => {
    if (!current) throw new NotFoundError(rt.resource, rt.group, name);
    const scale = toScale(rt, current);
    let desired: unknown;
    if ('put' in change) desired = change.put;
    else if (change.patchType === 'json') desired = machinery.applyJsonPatch(scale, change.patch);
    else if (change.patchType === 'merge' || change.patchType === 'strategic') desired = machinery.applyMergePatch(scale, change.patch);
    else throw new BadRequestError('apply is not supported on the scale subresource');
    const replicas = readReplicas(desired);
    const rv = isObject(desired) && isObject(desired.metadata) ? desired.metadata.resourceVersion : undefined;
    if (typeof rv === 'string' && rv !== '' && rv !== current.metadata.resourceVersion) {
      throw new ConflictError(rt.resource, rt.group, name, MODIFIED_MESSAGE);
    }
    const next = structuredClone(current);
    next.spec = { ...(next.spec as object), replicas };
    return { next };
  });
  return toScale(rt, result.object);
}

function readReplicas(scale: unknown): number {
  const replicas = isObject(scale) && isObject(scale.spec) ? scale.spec.replicas : undefined;
  if (replicas === undefined || replicas === null) return 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0 || replicas > 2147483647) {
    throw machinery.invalidError('Scale', 'autoscaling', '', [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' }]);
  }
  return replicas;
}
