// Which Docker container a stream means: the pod's current instance of a container, or for
// `previous` the one before it (the pod worker keeps the last dead instance for exactly this).
import { BadRequestError } from '../../api/errors/status-error.js';
import type { PodTarget } from '../../client/tunnel/index.js';
import type { ContainerInfo, ContainerRuntime } from '../runtime/types.js';

export type ContainerLister = Pick<ContainerRuntime, 'list'>;

/** Instances of `name` in the pod, newest first. */
async function instances(runtime: ContainerLister, pod: PodTarget, name: string): Promise<ContainerInfo[]> {
  const all = await runtime.list(pod.uid);
  return all.filter((c) => c.name === name && c.role !== 'sandbox').sort((a, b) => b.restartCount - a.restartCount || (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}

/** The instance whose logs `kubectl logs [--previous]` wants (the kubelet's messages when there is none). */
export async function logContainer(runtime: ContainerLister, pod: PodTarget, name: string, previous: boolean, waitingReason?: string): Promise<ContainerInfo> {
  const list = await instances(runtime, pod, name);
  if (previous) {
    const prev = list[1];
    if (!prev) throw new BadRequestError(`previous terminated container "${name}" in pod "${pod.name}" not found`);
    return prev;
  }
  const current = list[0];
  if (!current || current.state === 'created') {
    throw new BadRequestError(`container "${name}" in pod "${pod.name}" is waiting to start: ${waitingReason ?? 'ContainerCreating'}`);
  }
  return current;
}

/** The running instance exec and attach need. */
export async function runningContainer(runtime: ContainerLister, pod: PodTarget, name: string): Promise<ContainerInfo> {
  const current = (await instances(runtime, pod, name))[0];
  if (!current) throw new BadRequestError(`container not found ("${name}")`);
  if (current.state !== 'running') throw new BadRequestError(`container "${name}" in pod "${pod.name}" is not running`);
  return current;
}
