// The endpoints.kubernetes.io/last-change-trigger-time annotation (upstream's TriggerTimeTracker): the
// earliest change since the last sync that the new endpoints reflect — a pod's Ready transition, or the
// Service's creation the first time it is seen. Zero (no annotation) when nothing relevant changed.
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { podTriggerTime } from './pod-endpoints.js';

interface ServiceState {
  serviceTime: number;
  podTimes: Map<string, number>;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** Records this sync's view and returns the trigger time in ms, or undefined for none. */
  compute(key: string, svc: Service, pods: Pod[]): number | undefined {
    const state = this.states.get(key);
    let min: number | undefined;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = podTriggerTime(pod);
      if (t === undefined) continue;
      podTimes.set(pod.metadata?.name ?? '', t);
      if (t > (state?.podTimes.get(pod.metadata?.name ?? '') ?? -Infinity)) min = min === undefined ? t : Math.min(min, t);
    }
    const created = Date.parse(svc.metadata?.creationTimestamp ?? '');
    const serviceTime = Number.isFinite(created) ? created : 0;
    if (serviceTime > (state?.serviceTime ?? -Infinity)) min = min === undefined ? serviceTime : Math.min(min, serviceTime);
    this.states.set(key, { serviceTime, podTimes });
    return state ? min : serviceTime || undefined;
  }

  delete(key: string): void {
    this.states.delete(key);
  }
}
