// Content negotiation: what the client accepts (JSON, YAML, a Table, aggregated discovery) and what
// it sent. kubectl lists application/json as a fallback in every Accept, so JSON is always possible.
import { NotAcceptableError } from '../../api/errors/status-error.js';

export type OutputFormat = 'json' | 'yaml' | 'table' | 'discovery-v2' | 'discovery-v2beta1';

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || header.trim() === '') return [{ type: '*/*', params: {} }];
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const p: Record<string, string> = {};
    for (const kv of params) {
      const eq = kv.indexOf('=');
      if (eq > 0) p[kv.slice(0, eq).trim().toLowerCase()] = kv.slice(eq + 1).trim().replace(/^"|"$/g, '');
    }
    return { type: type.toLowerCase(), params: p };
  });
}

/** The first acceptable format in the client's order of preference. */
export function negotiate(header: string | undefined, allowed: { table?: boolean; discovery?: boolean }): OutputFormat {
  for (const m of parseAccept(header)) {
    if (m.type === 'application/json' && m.params.as === 'Table' && m.params.g === 'meta.k8s.io') {
      if (allowed.table && (m.params.v === 'v1' || m.params.v === 'v1beta1')) return 'table';
      continue;
    }
    if (m.type === 'application/json' && m.params.as === 'APIGroupDiscoveryList' && m.params.g === 'apidiscovery.k8s.io') {
      if (allowed.discovery && m.params.v === 'v2') return 'discovery-v2';
      if (allowed.discovery && m.params.v === 'v2beta1') return 'discovery-v2beta1';
      continue;
    }
    if (m.params.as !== undefined) continue;
    if (m.type === 'application/json' || m.type === 'application/*' || m.type === '*/*' || m.type === 'application/json-seq') return 'json';
    if (m.type === 'application/yaml' || m.type === 'text/yaml') return 'yaml';
  }
  throw new NotAcceptableError(`only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io (got "${header ?? ''}")`);
}

/** The media type of a request body, without parameters. */
export function bodyMediaType(header: string | undefined): string {
  return (header ?? 'application/json').split(';')[0].trim().toLowerCase() || 'application/json';
}
