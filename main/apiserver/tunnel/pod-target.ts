// What the node-served subresources need to know of a pod before asking its agent: which container,
// on which node, at which address, with the messages the Kubernetes API server gives.
import { BadRequestError } from '../../../api/errors/status-error.js';
import { isObject, type KubeObject } from '../../../api/types/meta.js';
import type { PodTarget } from '../../../client/tunnel/index.js';

export interface PodView {
  name: string;
  target: PodTarget;
  nodeName: string | undefined;
  phase: string | undefined;
  podIP: string | undefined;
  hostNetwork: boolean;
  containers: string[];
  initContainers: string[];
  ephemeralContainers: string[];
  /** containerStatuses (all kinds) by name: the waiting reason, if the container is waiting. */
  waitingReason: Map<string, string>;
}

export function podView(pod: KubeObject): PodView {
  const spec = isObject(pod.spec) ? pod.spec : {};
  const status = isObject(pod.status) ? pod.status : {};
  const names = (list: unknown): string[] => (Array.isArray(list) ? list : []).flatMap((c) => (isObject(c) && typeof c.name === 'string' ? [c.name] : []));
  const waitingReason = new Map<string, string>();
  for (const key of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
    for (const cs of Array.isArray(status[key]) ? (status[key] as unknown[]) : []) {
      if (!isObject(cs) || typeof cs.name !== 'string' || !isObject(cs.state) || !isObject(cs.state.waiting)) continue;
      const reason = cs.state.waiting.reason;
      if (typeof reason === 'string' && reason !== '') waitingReason.set(cs.name, reason);
    }
  }
  const name = pod.metadata.name ?? '';
  return {
    name,
    target: { namespace: pod.metadata.namespace ?? 'default', name, uid: pod.metadata.uid ?? '' },
    nodeName: typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined,
    phase: typeof status.phase === 'string' ? status.phase : undefined,
    podIP: typeof status.podIP === 'string' && status.podIP !== '' ? status.podIP : undefined,
    hostNetwork: spec.hostNetwork === true,
    containers: names(spec.containers),
    initContainers: names(spec.initContainers),
    ephemeralContainers: names(spec.ephemeralContainers),
    waitingReason,
  };
}

/** The container a request means: the one named (which must exist), or the pod's only container. */
export function resolveContainer(pod: PodView, requested: string | null): string {
  if (requested === null || requested === '') {
    if (pod.containers.length === 1) return pod.containers[0];
    if (pod.containers.length === 0) throw new BadRequestError(`a container name must be specified for pod ${pod.name}`);
    let msg = `a container name must be specified for pod ${pod.name}, choose one of: [${pod.containers.join(' ')}]`;
    if (pod.initContainers.length > 0) msg += ` or one of the init containers: [${pod.initContainers.join(' ')}]`;
    if (pod.ephemeralContainers.length > 0) msg += ` or one of the ephemeral containers: [${pod.ephemeralContainers.join(' ')}]`;
    throw new BadRequestError(msg);
  }
  if (![...pod.containers, ...pod.initContainers, ...pod.ephemeralContainers].includes(requested)) {
    throw new BadRequestError(`container ${requested} is not valid for pod ${pod.name}`);
  }
  return requested;
}

export function requireNode(pod: PodView): string {
  if (!pod.nodeName) throw new BadRequestError(`pod ${pod.name} does not have a host assigned`);
  return pod.nodeName;
}
