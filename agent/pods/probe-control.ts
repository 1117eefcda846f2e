// The probe manager (agent/probes) behind the small ProbeControl interface the pod workers use, turning
// its results into worker kicks and kubelet events.
import type { Container } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import { ProbeManager } from '../probes/index.js';
import type { ContainerRuntime } from '../runtime/types.js';
import type { PodEvents, ProbeControl, ProbeKind } from './deps.js';

export function probeControl(runtime: ContainerRuntime, events: PodEvents, podOf: (uid: string) => KubeObject | undefined, kick: (uid: string) => void): ProbeControl & { stop(): void } {
  const failures = new Map<string, { kind: ProbeKind; message: string }>();
  const manager = new ProbeManager({
    runtime,
    onChange: (uid, name, _kind, result) => {
      if (result.kill) failures.set(`${uid}/${name}`, { kind: result.kind, message: result.output });
      kick(uid);
    },
    onEvent: (uid, _name, e) => {
      const pod = podOf(uid);
      if (pod) events.record(pod, e.type, e.reason, e.message);
    },
  });
  return {
    add(podUid: string, c: Container, containerId: string, podIP: () => string | undefined, startedAt: Date | undefined): void {
      manager.addContainer(podUid, c.name, containerId, { liveness: c.livenessProbe, readiness: c.readinessProbe, startup: c.startupProbe }, { podIP, ports: c.ports, env: c.env, startedAt });
    },
    terminating: (uid) => manager.podTerminating(uid),
    removeContainer(uid, name): void {
      failures.delete(`${uid}/${name}`);
      manager.removeContainer(uid, name);
    },
    removePod(uid): void {
      for (const k of failures.keys()) if (k.startsWith(`${uid}/`)) failures.delete(k);
      manager.removePod(uid);
    },
    ready: (uid, name) => manager.isReady(uid, name),
    started: (uid, name) => manager.isStarted(uid, name),
    failed(uid, name): { kind: ProbeKind; message: string } | undefined {
      if (!manager.livenessFailed(uid, name) && !manager.startupFailed(uid, name)) return undefined;
      return failures.get(`${uid}/${name}`) ?? { kind: manager.startupFailed(uid, name) ? 'startup' : 'liveness', message: '' };
    },
    stop: () => manager.stop(),
  };
}
