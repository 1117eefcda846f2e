// Starting one container of a pod: pull per policy, resolve env and mounts, create, start — and when a
// step fails, the waiting reason and message kubectl shows (ErrImagePull, CreateContainerConfigError, …).
import type { Container } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import { ImagePullError } from '../runtime/types.js';
import { runtimeSpec } from './container-spec.js';
import { writeEtcFiles } from './etc-files.js';
import type { PodDeps } from './deps.js';
import type { Waiting } from './status.js';

export interface StartRequest {
  pod: KubeObject;
  container: Container;
  role: 'init' | 'app';
  sandboxId: string;
  restartCount: number;
  podIP: string | undefined;
  podDir: string;
}

/** Starts the container; returns the waiting state to report when it could not. */
export async function startContainer(deps: PodDeps, r: StartRequest): Promise<{ id?: string; waiting?: Waiting }> {
  const c = r.container;
  const pod = r.pod;
  const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const pullKey = `${pod.metadata.uid}/pull/${c.name}`;
  const now = deps.clock().getTime();
  const wait = deps.imageBackoff.remaining(pullKey, now);
  if (wait > 0) {
    return { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } };
  }
  try {
    const before = Date.now();
    await deps.runtime.ensureImage(c.image ?? '', (c.imagePullPolicy ?? 'IfNotPresent') as 'Always' | 'IfNotPresent' | 'Never');
    if (Date.now() - before < 50) deps.events.record(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
    else deps.events.record(pod, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${Date.now() - before}ms`);
  } catch (err) {
    if (err instanceof ImagePullError) {
      deps.imageBackoff.next(pullKey, now, 0);
      deps.events.record(pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${err.message}`);
      deps.events.record(pod, 'Warning', 'Failed', `Error: ${err.reason}`);
      return { waiting: { reason: err.reason, message: err.message } };
    }
    throw err;
  }
  const { env, error: envError } = await deps.env.resolve(pod, c, r.podIP);
  if (envError) {
    deps.events.record(pod, 'Warning', 'Failed', `Error: ${envError}`);
    return { waiting: { reason: 'CreateContainerConfigError', message: envError } };
  }
  const { mounts: volumeMounts, tmpfs, error: mountError } = await deps.volumes.mounts(pod, c, r.podDir, env);
  if (mountError) {
    deps.events.record(pod, 'Warning', 'Failed', `Error: ${mountError}`);
    return { waiting: { reason: 'CreateContainerConfigError', message: mountError } };
  }
  const etc = await writeEtcFiles(deps, pod, r.podDir, r.podIP);
  for (const w of etc.warnings) deps.events.record(pod, 'Warning', w.reason, w.message);
  // The managed files, unless the container mounts its own at that path.
  const mounts = [...etc.mounts.filter((m) => !volumeMounts.some((v) => v.containerPath === m.containerPath)), ...volumeMounts];
  const spec = runtimeSpec({
    pod, container: c, role: r.role, sandboxId: r.sandboxId, restartCount: r.restartCount, env,
    command: deps.env.expand(c.command, env), args: deps.env.expand(c.args, env), mounts, tmpfs,
  });
  let id: string;
  try {
    id = await deps.runtime.createContainer(spec);
  } catch (err) {
    const message = (err as { json?: { message?: string } }).json?.message ?? (err as Error).message;
    deps.events.record(pod, 'Warning', 'Failed', `Error: ${message}`);
    return { waiting: { reason: 'CreateContainerError', message } };
  }
  deps.events.record(pod, 'Normal', 'Created', `Created container ${c.name}`);
  try {
    await deps.runtime.startContainer(id);
  } catch (err) {
    const message = (err as { json?: { message?: string } }).json?.message ?? (err as Error).message;
    deps.events.record(pod, 'Warning', 'Failed', `Error: failed to start container "${c.name}": ${message}`);
    deps.log.warn({ pod: podKey, container: c.name, err: message }, 'container failed to start');
    return { id, waiting: { reason: 'RunContainerError', message } };
  }
  deps.events.record(pod, 'Normal', 'Started', `Started container ${c.name}`);
  return { id };
}
