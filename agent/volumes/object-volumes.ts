// The volumes whose files come from API objects (secret, configMap, downwardAPI, projected): what each
// should hold right now. They are written with the AtomicWriter and rewritten when the objects change.
import type { Pod, Volume } from 'kubernetes-types/core/v1.js';
import { ReferencedObjectError, fetchReferenced } from '../env/index.js';
import type { Payload } from './atomic-writer.js';
import { DEFAULT_MODE, aggregate, configMapPayload, downwardApiPayload, secretPayload } from './payload.js';
import { VolumeSetupError, type VolumeContext } from './types.js';

export type ObjectVolumeKind = 'secret' | 'configMap' | 'downwardAPI' | 'projected';

export const OBJECT_VOLUME_PLUGINS: Record<ObjectVolumeKind, string> = {
  secret: 'kubernetes.io~secret',
  configMap: 'kubernetes.io~configmap',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
};

export function objectVolumeKind(vol: Volume): ObjectVolumeKind | undefined {
  if (vol.secret) return 'secret';
  if (vol.configMap) return 'configMap';
  if (vol.downwardAPI) return 'downwardAPI';
  if (vol.projected) return 'projected';
  return undefined;
}

const NO_TOKEN = 'token projection needs the TokenRequest API, which this cluster does not serve yet; the volume holds the other sources only';

/** The volume's files; `warn` hears about sources left out. Throws (with the kubelet's message) when the pod must not start. */
export async function objectVolumePayload(vol: Volume, pod: Pod, ctx: VolumeContext, warn: (message: string) => void): Promise<Payload> {
  const ns = pod.metadata?.namespace ?? 'default';
  const getSecret = (name: string, optional: boolean) => fetchReferenced(() => ctx.getSecret(ns, name), 'secret', name, optional);
  const getConfigMap = (name: string, optional: boolean) => fetchReferenced(() => ctx.getConfigMap(ns, name), 'configmap', name, optional);

  if (vol.secret) {
    const src = vol.secret;
    const optional = src.optional === true;
    return secretPayload(await getSecret(src.secretName ?? '', optional), src.items, src.defaultMode ?? DEFAULT_MODE, optional);
  }
  if (vol.configMap) {
    const src = vol.configMap;
    const optional = src.optional === true;
    return configMapPayload(await getConfigMap(src.name ?? '', optional), src.items, src.defaultMode ?? DEFAULT_MODE, optional);
  }
  if (vol.downwardAPI) {
    const r = downwardApiPayload(pod, vol.downwardAPI.items, vol.downwardAPI.defaultMode ?? DEFAULT_MODE, ctx.nodeAllocatable);
    if (r.errors.length > 0) throw new VolumeSetupError(aggregate(r.errors));
    return r.payload;
  }

  // projected: every source's files in one volume; failing sources are reported together
  const defaultMode = vol.projected?.defaultMode ?? DEFAULT_MODE;
  const payload: Payload = new Map();
  const errors: string[] = [];
  for (const source of vol.projected?.sources ?? []) {
    try {
      let part: Payload | undefined;
      if (source.secret) {
        const optional = source.secret.optional === true;
        part = secretPayload(await getSecret(source.secret.name ?? '', optional), source.secret.items, defaultMode, optional);
      } else if (source.configMap) {
        const optional = source.configMap.optional === true;
        part = configMapPayload(await getConfigMap(source.configMap.name ?? '', optional), source.configMap.items, defaultMode, optional);
      } else if (source.downwardAPI) {
        const r = downwardApiPayload(pod, source.downwardAPI.items, defaultMode, ctx.nodeAllocatable);
        errors.push(...r.errors);
        part = r.payload;
      } else if (source.serviceAccountToken) {
        warn(`skipped serviceAccountToken source (path ${source.serviceAccountToken.path}): ${NO_TOKEN}`);
      } else if (source.clusterTrustBundle) {
        warn(`skipped clusterTrustBundle source (path ${source.clusterTrustBundle.path}): ClusterTrustBundles are not served by this cluster`);
      }
      for (const [p, file] of part ?? []) payload.set(p, file);
    } catch (err) {
      if (!(err instanceof VolumeSetupError || err instanceof ReferencedObjectError)) throw err;
      errors.push(err.message);
    }
  }
  if (errors.length > 0) throw new VolumeSetupError(aggregate(errors));
  return payload;
}
