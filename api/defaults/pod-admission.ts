// What kube-apiserver's default admission plugins add to a new Pod (not defaulting proper, but what
// `kubectl get pod -o yaml` shows): ServiceAccount (serviceAccountName "default"), Priority (priority 0,
// preemptionPolicy) and DefaultTolerationSeconds (not-ready/unreachable for 300s). The service-account
// token volume is left to whoever issues tokens.
import { type Obj, isObj, objAt, setIfAbsent, setIfEmpty } from './record.js';

const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

export function applyPodAdmissionDefaults(pod: Obj): void {
  const spec = objAt(pod, 'spec');
  setIfEmpty(spec, 'serviceAccountName', 'default');
  spec.serviceAccount = spec.serviceAccountName;
  if (!spec.priorityClassName) setIfAbsent(spec, 'priority', 0);
  setIfAbsent(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  const tolerations = Array.isArray(spec.tolerations) ? spec.tolerations.filter(isObj) : [];
  for (const key of DEFAULT_TOLERATIONS) {
    const covered = tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
    if (!covered) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
}
