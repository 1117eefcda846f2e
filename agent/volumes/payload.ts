// The files a secret, configMap or downwardAPI volume (or projected source) holds, built from the API
// objects as the kubelet's MakePayload and CollectData do: every key, or just the listed items with
// their own paths and modes.
import type { ConfigMap, DownwardAPIVolumeFile, KeyToPath, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { containerResourceValue, findContainer, podMetadataField, type ResourceList } from '../env/index.js';
import type { Payload } from './atomic-writer.js';
import { VolumeSetupError } from './types.js';

/** What the API server defaults defaultMode to (0644 = 420). */
export const DEFAULT_MODE = 0o644;

const fromBase64 = (data: Record<string, string> | undefined): [string, Buffer][] =>
  Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]);

function keysToFiles(
  data: Map<string, Buffer>, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean, missingKey: (key: string) => string,
): Payload {
  const payload: Payload = new Map();
  if (!items || items.length === 0) {
    for (const [key, content] of data) payload.set(key, { data: content, mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const content = data.get(item.key);
    if (content === undefined) {
      if (optional) continue;
      throw new VolumeSetupError(missingKey(item.key));
    }
    payload.set(item.path, { data: content, mode: item.mode ?? defaultMode });
  }
  return payload;
}

export function secretPayload(secret: Secret | undefined, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean): Payload {
  return keysToFiles(new Map(fromBase64(secret?.data)), items, defaultMode, optional, (key) => `references non-existent secret key: ${key}`);
}

/** data (text) and binaryData (base64) both become files; a key present in both is text. */
export function configMapPayload(cm: ConfigMap | undefined, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean): Payload {
  const data = new Map(fromBase64(cm?.binaryData));
  for (const [k, v] of Object.entries(cm?.data ?? {})) data.set(k, Buffer.from(v, 'utf8'));
  return keysToFiles(data, items, defaultMode, optional, (key) => `configmap references non-existent config key: ${key}`);
}

/** A downwardAPI volume's files; the errors of items that failed are collected, not thrown one by one. */
export function downwardApiPayload(
  pod: Pod, items: DownwardAPIVolumeFile[] | undefined, defaultMode: number, allocatable: ResourceList | undefined,
): { payload: Payload; errors: string[] } {
  const payload: Payload = new Map();
  const errors: string[] = [];
  for (const item of items ?? []) {
    let text = '';
    try {
      if (item.fieldRef) text = podMetadataField(pod, item.fieldRef.fieldPath);
      else if (item.resourceFieldRef) {
        const ref = item.resourceFieldRef;
        text = containerResourceValue(ref, findContainer(pod, ref.containerName ?? ''), allocatable);
      }
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
    payload.set(item.path, { data: Buffer.from(text, 'utf8'), mode: item.mode ?? defaultMode });
  }
  return { payload, errors };
}

/** One message for several errors, the way Go's error aggregates print them. */
export function aggregate(messages: string[]): string {
  return messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
}
