// The keys and values of a ConfigMap or Secret; a Secret's YAML with its values masked.
import type { KubeObject } from '@api/types/meta.js';

type DataMap = Record<string, string> | undefined;

export function dataKeys(o: KubeObject): string[] {
  return [...Object.keys((o.data as DataMap) ?? {}), ...Object.keys((o.binaryData as DataMap) ?? {}), ...Object.keys((o.stringData as DataMap) ?? {})].sort();
}

export function masked(secret: KubeObject): KubeObject {
  const mask = (m: DataMap): DataMap => (m ? Object.fromEntries(Object.keys(m).map((k) => [k, '<hidden: use Reveal>'])) : undefined);
  const out: KubeObject = { ...secret, data: mask(secret.data as DataMap) };
  if (secret.stringData) out.stringData = mask(secret.stringData as DataMap);
  const ann = secret.metadata.annotations;
  // The last-applied annotation holds the values in clear text.
  if (ann?.['kubectl.kubernetes.io/last-applied-configuration']) {
    out.metadata = { ...secret.metadata, annotations: { ...ann, 'kubectl.kubernetes.io/last-applied-configuration': '<hidden>' } };
  }
  return out;
}
