// The Transport over HTTPS: what agents and the CLI use to reach the API server. Client-certificate or
// bearer-token authentication, keep-alive connections, JSON bodies, and watches as streamed JSON lines.
import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { ResourceType } from '../api/resources/registry.js';
import { apiVersionOfType } from '../api/resources/registry.js';
import type { KubeList, KubeObject, WatchEvent } from '../api/types/meta.js';
import { statusErrorFrom } from './status-error.js';
import type { DeleteOptions, ListOptions, PatchOptions, PatchType, Transport, WatchHandle, WatchOptions, WriteOptions } from './transport.js';

export interface HttpCredentials {
  server: string;
  caPem: string;
  certPem?: string;
  keyPem?: string;
  token?: string;
  /** Identifies the client in the server's managed fields when no fieldManager is given. */
  userAgent?: string;
}

const PATCH_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export class HttpTransport implements Transport {
  private agent: Agent;
  private readonly base: URL;

  constructor(private readonly creds: HttpCredentials) {
    this.base = new URL(creds.server);
    this.agent = this.newAgent();
  }

  private newAgent(): Agent {
    return new Agent({ keepAlive: true, maxSockets: 32, ca: this.creds.caPem, cert: this.creds.certPem, key: this.creds.keyPem });
  }

  /** Swaps the client certificate (rotation): new connections use it, open watches keep theirs. */
  setClientCertificate(certPem: string, keyPem: string): void {
    this.creds.certPem = certPem;
    this.creds.keyPem = keyPem;
    const old = this.agent;
    this.agent = this.newAgent();
    old.destroy();
  }

  close(): void {
    this.agent.destroy();
  }

  path(rt: ResourceType, namespace: string | undefined, name?: string, sub?: string): string {
    const root = rt.group === '' ? `/api/${rt.version}` : `/apis/${rt.group}/${rt.version}`;
    const ns = rt.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${root}${ns}/${rt.resource}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}${sub ? `/${sub}` : ''}`;
  }

  private options(method: string, path: string, contentType?: string, body?: string): RequestOptions {
    const headers: Record<string, string | number> = { Accept: 'application/json', 'User-Agent': this.creds.userAgent ?? 'skiff' };
    if (contentType) headers['Content-Type'] = contentType;
    // Always framed: Node does not chunk DELETE bodies by default.
    if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
    if (this.creds.token) headers.Authorization = `Bearer ${this.creds.token}`;
    return { method, host: this.base.hostname.replace(/^\[|\]$/g, ''), port: this.base.port || 443, path, headers, agent: this.agent, servername: isIp(this.base.hostname) ? undefined : this.base.hostname };
  }

  async call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(this.options(method, path, text === undefined ? undefined : contentType, text), (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => { data += d; });
        res.on('end', () => {
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) {
            try {
              resolve(data === '' ? undefined : JSON.parse(data));
            } catch (err) {
              reject(err);
            }
          } else {
            reject(statusErrorFrom(code, data));
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(text);
    });
  }

  async list(rt: ResourceType, namespace: string | undefined, opts: ListOptions = {}): Promise<KubeList> {
    return (await this.call('GET', this.path(rt, namespace) + query({ ...opts }))) as KubeList;
  }

  watch(rt: ResourceType, namespace: string | undefined, opts: WatchOptions, onEvent: (e: WatchEvent) => void, onClose: (err?: unknown) => void): WatchHandle {
    let closed = false;
    const close = (err?: unknown): void => {
      if (closed) return;
      closed = true;
      req.destroy();
      onClose(err);
    };
    const q = query({ ...opts, watch: 'true' });
    const req = request(this.options('GET', this.path(rt, namespace) + q), (res: IncomingMessage) => {
      if ((res.statusCode ?? 0) !== 200) {
        let data = '';
        res.on('data', (d: Buffer) => { data += d.toString(); });
        res.on('end', () => close(statusErrorFrom(res.statusCode ?? 0, data)));
        return;
      }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        let nl: number;
        while (!closed && (nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim() === '') continue;
          try {
            onEvent(JSON.parse(line) as WatchEvent);
          } catch (err) {
            close(err);
          }
        }
      });
      res.on('end', () => close());
      res.on('error', (err) => close(err));
    });
    req.on('error', (err) => close(err));
    req.end();
    return { stop: () => close() };
  }

  async get(rt: ResourceType, namespace: string | undefined, name: string, opts: { subresource?: 'status' | 'scale' } = {}): Promise<KubeObject> {
    return (await this.call('GET', this.path(rt, namespace, name, opts.subresource))) as KubeObject;
  }

  async create(rt: ResourceType, namespace: string | undefined, obj: KubeObject, opts: WriteOptions & { name?: string } = {}): Promise<KubeObject> {
    const path = opts.subresource ? this.path(rt, namespace, opts.name, opts.subresource) : this.path(rt, namespace);
    const body = opts.subresource ? obj : { ...obj, apiVersion: obj.apiVersion || apiVersionOfType(rt), kind: obj.kind || rt.kind };
    return (await this.call('POST', path + query(writeQuery(opts)), body)) as KubeObject;
  }

  async update(rt: ResourceType, namespace: string | undefined, name: string, obj: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    return (await this.call('PUT', this.path(rt, namespace, name, opts.subresource) + query(writeQuery(opts)), obj)) as KubeObject;
  }

  async patch(rt: ResourceType, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: PatchOptions = {}): Promise<KubeObject> {
    const q = { ...writeQuery(opts), force: opts.force ? 'true' : undefined };
    return (await this.call('PATCH', this.path(rt, namespace, name, opts.subresource) + query(q), patch, PATCH_TYPES[type])) as KubeObject;
  }

  async delete(rt: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<KubeObject | undefined> {
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...opts, dryRun: opts.dryRun ? ['All'] : undefined };
    const result = await this.call('DELETE', this.path(rt, namespace, name), body);
    return (result as { kind?: string } | undefined)?.kind === 'Status' ? undefined : (result as KubeObject);
  }
}

function writeQuery(opts: WriteOptions): Record<string, string | undefined> {
  return { fieldManager: opts.fieldManager, dryRun: opts.dryRun ? 'All' : undefined };
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[');
}
