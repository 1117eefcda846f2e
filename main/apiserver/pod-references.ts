// The Secrets and ConfigMaps a pod names, as Kubernetes' podutil.VisitPodSecretNames and
// VisitPodConfigmapNames see them: what the Node authorizer lets the pod's node read.
import type { Container, EphemeralContainer, Pod, Volume } from 'kubernetes-types/core/v1.js';

const memo = new WeakMap<Pod, { secrets: Set<string>; configMaps: Set<string> }>();

export function podSecretNames(pod: Pod): Set<string> {
  return refs(pod).secrets;
}

export function podConfigMapNames(pod: Pod): Set<string> {
  return refs(pod).configMaps;
}

// Stored objects are replaced, never changed, on update: memoizing per object is safe.
function refs(pod: Pod): { secrets: Set<string>; configMaps: Set<string> } {
  let r = memo.get(pod);
  if (!r) memo.set(pod, (r = collect(pod)));
  return r;
}

function collect(pod: Pod): { secrets: Set<string>; configMaps: Set<string> } {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  const add = (set: Set<string>, name: string | undefined): void => {
    if (name) set.add(name);
  };
  const spec = pod.spec;
  for (const s of spec?.imagePullSecrets ?? []) add(secrets, s.name);
  const containers: (Container | EphemeralContainer)[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])];
  for (const c of containers) {
    for (const e of c.envFrom ?? []) {
      add(secrets, e.secretRef?.name);
      add(configMaps, e.configMapRef?.name);
    }
    for (const e of c.env ?? []) {
      add(secrets, e.valueFrom?.secretKeyRef?.name);
      add(configMaps, e.valueFrom?.configMapKeyRef?.name);
    }
  }
  for (const v of spec?.volumes ?? []) volumeRefs(v, (n) => add(secrets, n), (n) => add(configMaps, n));
  return { secrets, configMaps };
}

function volumeRefs(v: Volume, secret: (name: string | undefined) => void, configMap: (name: string | undefined) => void): void {
  secret(v.secret?.secretName);
  configMap(v.configMap?.name);
  for (const s of v.projected?.sources ?? []) {
    secret(s.secret?.name);
    configMap(s.configMap?.name);
  }
  // Volume plug-ins that take credentials from a Secret (Skiff mounts none of them, but a node running
  // such a pod under Kubernetes may read them, and the graph should say the same).
  secret(v.azureFile?.secretName);
  secret(v.cephfs?.secretRef?.name);
  secret(v.cinder?.secretRef?.name);
  secret(v.flexVolume?.secretRef?.name);
  secret(v.iscsi?.secretRef?.name);
  secret(v.rbd?.secretRef?.name);
  secret(v.scaleIO?.secretRef?.name);
  secret(v.storageos?.secretRef?.name);
  secret(v.csi?.nodePublishSecretRef?.name);
}
