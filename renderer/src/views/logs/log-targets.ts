// Which containers a log view reads: one pod's, or every pod of a workload, for one container or all.
import type { KubeObject } from '@api/types/meta.js';
import type { LogSource } from './log-buffer.js';
import type { LogTarget } from './log-session.js';

/** The picker's value for every container. */
export const ALL_CONTAINERS = '*';

interface PodSpecLike {
  initContainers?: { name: string }[];
  containers?: { name: string }[];
}

/** Container names of a pod spec: init containers first, as kubectl lists them. */
export function containerNames(spec: PodSpecLike | undefined): string[] {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.name);
}

/** The pod template of a workload (CronJobs: their job template's). */
export function templateSpec(workload: KubeObject): PodSpecLike | undefined {
  const spec = workload.spec as { template?: { spec?: PodSpecLike }; jobTemplate?: { spec?: { template?: { spec?: PodSpecLike } } } } | undefined;
  return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

/** The container `kubectl logs` picks without -c: the default-container annotation, else the first app container. */
export function defaultContainer(obj: KubeObject, spec: PodSpecLike | undefined): string {
  const annotated = obj.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const names = containerNames(spec);
  if (annotated && names.includes(annotated)) return annotated;
  return spec?.containers?.[0]?.name ?? names[0] ?? '';
}

/** The sources to read: each pod's chosen container (pods without it are skipped), or all of them. */
export function logTargets(pods: readonly KubeObject[], container: string): LogTarget[] {
  const out: LogTarget[] = [];
  for (const p of pods) {
    const names = containerNames(p.spec as PodSpecLike | undefined);
    const pod = p.metadata.name ?? '';
    if (container === ALL_CONTAINERS) for (const c of names) out.push({ pod, container: c });
    else if (names.includes(container)) out.push({ pod, container });
  }
  return out;
}

/** How to name a source beside its lines: just what differs between the sources. */
export function sourceLabel(sources: readonly LogSource[], src: number): string {
  const s = sources[src];
  if (!s) return '';
  const onePod = sources.every((x) => x.pod === s.pod);
  const oneContainer = sources.every((x) => x.container === s.container);
  if (onePod) return s.container;
  if (oneContainer) return s.pod;
  return `${s.pod}/${s.container}`;
}
