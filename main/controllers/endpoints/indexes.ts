// What the endpoints controllers share: Services and pods by namespace (a pod's change is mapped to the
// Services whose selector matches it, old labels and new), and a Service's pods.
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { selectorFromSet } from '../../../api/selectors/index.js';
import type { KubeObject } from '../../../api/types/meta.js';
import type { Informer } from '../../../client/informer.js';
import { objectKey } from '../../../client/keys.js';
import { asPodObject, asService, hasSelector, podEndpointsChanged } from './pod-endpoints.js';

export const BY_NAMESPACE = 'endpoints:namespace';

/** Adding the same index to a shared informer twice is harmless (same name, same function). */
export function indexByNamespace(informer: Informer): void {
  informer.addIndex(BY_NAMESPACE, (o) => [o.metadata.namespace ?? '']);
}

function selects(svc: Service, labels: Record<string, string> | undefined): boolean {
  return hasSelector(svc) && selectorFromSet(svc.spec!.selector!).matches(labels ?? {});
}

/** Keys of the Services in the pod's namespace whose selector matches the pod. */
export function servicesSelecting(services: Informer, pod: KubeObject): string[] {
  return services.byIndex(BY_NAMESPACE, pod.metadata.namespace ?? '').filter((s) => selects(asService(s), pod.metadata.labels)).map(objectKey);
}

/** Services to resync after a pod update: none if nothing they show changed, else those matching before or after. */
export function servicesForPodUpdate(services: Informer, old: KubeObject, cur: KubeObject): string[] {
  const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
  if (!labelsChanged && !podEndpointsChanged(asPodObject(old), asPodObject(cur))) return [];
  const keys = new Set(servicesSelecting(services, cur));
  if (labelsChanged) for (const k of servicesSelecting(services, old)) keys.add(k);
  return [...keys];
}

/** Resyncs a Service when it changes and when a pod it selects, or selected, changes in a way endpoints show. */
export function enqueueOnServiceAndPodChanges(services: Informer, pods: Informer, enqueue: (key: string) => void): void {
  const service = (o: KubeObject): void => enqueue(objectKey(o));
  const each = (keys: string[]): void => { for (const k of keys) enqueue(k); };
  services.addEventHandler({ onAdd: service, onUpdate: (_o, s) => service(s), onDelete: service });
  pods.addEventHandler({
    onAdd: (p) => each(servicesSelecting(services, p)),
    onUpdate: (old, p) => each(servicesForPodUpdate(services, old, p)),
    onDelete: (p) => each(servicesSelecting(services, p)),
  });
}

/** The pods a Service selects (a Service without a selector selects none). */
export function podsOf(pods: Informer, svc: Service): Pod[] {
  if (!hasSelector(svc)) return [];
  const selector = selectorFromSet(svc.spec!.selector!);
  return pods.byIndex(BY_NAMESPACE, svc.metadata?.namespace ?? '').filter((p) => selector.matches(p.metadata.labels ?? {})).map(asPodObject);
}
