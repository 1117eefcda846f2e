// The pairing state lives in Secrets of kube-system (see pairing-store.ts); these helpers read and write
// their base64 `data` as text.
import type { KubeObject } from '../../api/types/meta.js';

export const PAIRING_NAMESPACE = 'kube-system';
/** Every pairing Secret carries it, so `kubectl get secrets -n kube-system -l skiff.dev/pairing` lists them. */
export const PAIRING_LABEL = 'skiff.dev/pairing';

export function secretObject(name: string, type: string, role: string, data: Record<string, string | undefined>): KubeObject {
  const encoded: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (v !== undefined) encoded[k] = Buffer.from(v, 'utf8').toString('base64');
  return {
    apiVersion: 'v1', kind: 'Secret',
    metadata: { name, namespace: PAIRING_NAMESPACE, labels: { [PAIRING_LABEL]: role } },
    type,
    data: encoded,
  };
}

/** The text of one data entry, or undefined. */
export function dataOf(secret: KubeObject, key: string): string | undefined {
  const data = secret.data as Record<string, string> | undefined;
  const v = data?.[key];
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : undefined;
}
