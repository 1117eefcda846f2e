// The editor's text as manifests to apply: one per YAML document, each with its resource type, namespace
// and name, or line errors for what cannot be sent (bad YAML, unknown kind, missing name).
import { parseAllDocuments, type Document } from 'yaml';
import { findKind, type ResourceType } from '@api/resources/registry.js';
import { isObject, type KubeObject } from '@api/types/meta.js';
import { lineAt, offsetOfPath, type LineError } from './field-lines.js';

export interface Manifest {
  doc: Document;
  object: KubeObject;
  rt: ResourceType;
  namespace?: string;
  name: string;
}

export interface ParsedManifests {
  manifests: Manifest[];
  errors: LineError[];
}

export function parseManifests(text: string, defaultNamespace: string): ParsedManifests {
  const manifests: Manifest[] = [];
  const errors: LineError[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) errors.push({ line: lineAt(text, e.pos[0]), message: e.message.split('\n')[0] });
      continue;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    const at = (path: string[]): number => lineAt(text, offsetOfPath(doc, path) ?? 0);
    if (!isObject(value)) {
      errors.push({ line: at([]), message: 'a manifest is a mapping with apiVersion, kind and metadata' });
      continue;
    }
    const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
    const kind = typeof value.kind === 'string' ? value.kind : '';
    const meta = isObject(value.metadata) ? value.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    if (apiVersion === '' || kind === '') {
      errors.push({ line: at([]), message: 'apiVersion and kind are required' });
      continue;
    }
    const rt = findKind(apiVersion, kind);
    if (!rt) {
      errors.push({ line: at(['kind']), message: `this cluster serves no ${kind} in ${apiVersion}` });
      continue;
    }
    if (name === '') {
      errors.push({ line: at(['metadata']), message: 'metadata.name is required (server-side apply names the object it creates)' });
      continue;
    }
    const namespace = rt.namespaced ? (typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : defaultNamespace || 'default') : undefined;
    const object = { ...value, metadata: { ...meta, ...(namespace ? { namespace } : {}) } } as KubeObject;
    manifests.push({ doc, object, rt, namespace, name });
  }
  return { manifests, errors };
}
