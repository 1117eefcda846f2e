// The volume and environment parts of the agent (agent/volumes, agent/env) behind the small interfaces the
// pod workers use.
import type { Container, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { Informer } from '../../client/informer.js';
import { expandArgs, resolveEnv, serviceEnvironment } from '../env/index.js';
import { cleanupPodVolumes, mountsFor, prepareVolumes, updateVolumes, type PreparedVolumes } from '../volumes/index.js';
import type { EnvResolver, PodEvents, VolumeSetup } from './deps.js';
import type { ReferencedObjects } from './object-cache.js';

export function volumeSetup(objects: ReferencedObjects, allocatable: Record<string, string>, events: PodEvents): VolumeSetup {
  const prepared = new Map<string, PreparedVolumes>();
  const ctx = (podDir: string) => ({ podDir, getSecret: objects.getSecret, getConfigMap: objects.getConfigMap, nodeAllocatable: allocatable });
  return {
    async prepare(pod: KubeObject, podDir: string): Promise<string[]> {
      const known = prepared.get(podDir);
      if (known && known.errors.length === 0) {
        const u = await updateVolumes(pod as unknown as Pod, ctx(podDir));
        for (const w of u.warnings) events.record(pod, 'Warning', 'FailedMount', w.message);
        return u.errors.map((e) => e.message);
      }
      const p = await prepareVolumes(pod as unknown as Pod, ctx(podDir));
      prepared.set(podDir, p);
      for (const w of p.warnings) events.record(pod, 'Warning', 'FailedMount', w.message);
      return p.errors.map((e) => e.message);
    },
    async mounts(_pod: KubeObject, container: Container, podDir: string, env: { name: string; value: string }[]) {
      const p = prepared.get(podDir);
      if (!p) return { mounts: [], tmpfs: {}, error: 'the pod\'s volumes are not set up yet' };
      return mountsFor(container, p, env);
    },
    async cleanup(podDir: string): Promise<void> {
      prepared.delete(podDir);
      await cleanupPodVolumes(podDir);
    },
  };
}

export function envResolver(objects: ReferencedObjects, services: Informer, hostIP: string, allocatable: Record<string, string>, events: PodEvents): EnvResolver {
  return {
    async resolve(pod: KubeObject, container: Container, podIP: string | undefined) {
      const spec = pod.spec as { enableServiceLinks?: boolean };
      const visible = services.list().filter((s) => s.metadata.namespace === pod.metadata.namespace || (s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes'));
      const serviceEnv = serviceEnvironment(visible as unknown as Service[], pod.metadata.namespace!, spec.enableServiceLinks ?? true);
      const r = await resolveEnv(pod as unknown as Pod, container, {
        getSecret: objects.getSecret, getConfigMap: objects.getConfigMap, podIPs: podIP ? [podIP] : [], hostIPs: [hostIP], serviceEnv, nodeAllocatable: allocatable,
      });
      for (const w of r.warnings) events.record(pod, 'Warning', w.reason, w.message);
      return { env: r.env, error: r.error };
    },
    expand: (values, env) => expandArgs(values, env),
  };
}
