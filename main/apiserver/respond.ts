// Writing responses: JSON or YAML bodies, Status errors, Warning headers.
import type { ServerResponse } from 'node:http';
import { stringify } from 'yaml';
import { toStatus } from '../../api/errors/status-error.js';
import type { OutputFormat } from './negotiate.js';

const CONTENT_TYPES: Record<OutputFormat, string> = {
  json: 'application/json',
  yaml: 'application/yaml',
  table: 'application/json;as=Table;v=v1;g=meta.k8s.io',
  'discovery-v2': 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'discovery-v2beta1': 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
};

export function contentTypeOf(format: OutputFormat): string {
  return CONTENT_TYPES[format];
}

export function send(res: ServerResponse, code: number, body: unknown, format: OutputFormat = 'json', warnings: string[] = []): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = format === 'yaml' ? stringify(body) : JSON.stringify(body);
  const headers: Record<string, string | string[] | number> = {
    'Content-Type': CONTENT_TYPES[format],
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  };
  if (warnings.length > 0) headers.Warning = warnings.map(warningHeader);
  res.writeHead(code, headers);
  res.end(text);
}

/** Sends an error as a metav1.Status with its HTTP code. */
export function sendError(res: ServerResponse, err: unknown, format: OutputFormat = 'json'): number {
  const status = toStatus(err);
  const headers: Record<string, string> = {};
  const retry = status.details?.retryAfterSeconds;
  if (retry) headers['Retry-After'] = String(retry);
  for (const [k, v] of Object.entries(headers)) if (!res.headersSent) res.setHeader(k, v);
  send(res, status.code ?? 500, status, format === 'yaml' ? 'yaml' : 'json');
  return status.code ?? 500;
}

/** RFC 7234 warning: `299 - "text"`, the form kubectl prints as `Warning: text`. */
export function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text.replace(/[\r\n]+/g, ' '))}`;
}
