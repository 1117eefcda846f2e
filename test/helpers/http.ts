// A raw HTTPS client for the API, authenticated with the admin client certificate (or not at all),
// for tests that need to see status codes, headers and bodies exactly.
import { request as httpsRequest, Agent } from 'node:https';
import type { ControlPlane } from '../../main/control-plane.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  body?: string | Buffer;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
  /** 'admin' (default): the admin client cert; 'none': no client cert; or a cert/key pair. */
  as?: 'admin' | 'none' | { cert: string; key: string };
}

export function apiClient(cp: ControlPlane) {
  const agents = new Map<string, Agent>();
  const agentFor = (as: RequestOptions['as']): Agent => {
    const id = as === undefined || as === 'admin' ? 'admin' : as === 'none' ? 'none' : as.cert;
    let agent = agents.get(id);
    if (!agent) {
      const identity = as === undefined || as === 'admin' ? { cert: cp.pki.admin.certPem, key: cp.pki.admin.keyPem } : as === 'none' ? {} : as;
      agent = new Agent({ ca: cp.pki.caCertPem, keepAlive: true, maxSockets: 64, ...identity });
      agents.set(id, agent);
    }
    return agent;
  };
  const request = (method: string, path: string, opts: RequestOptions = {}): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const url = new URL(path, cp.url);
      const headers: Record<string, string | number> = { Accept: opts.accept ?? 'application/json', ...opts.headers };
      if (opts.body !== undefined) {
        headers['Content-Type'] = opts.contentType ?? 'application/json';
        headers['Content-Length'] = Buffer.byteLength(opts.body);
      }
      const req = httpsRequest(url, { method, headers, agent: agentFor(opts.as) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (opts.body !== undefined) req.write(opts.body);
      req.end();
    });
  return {
    request,
    close: () => { for (const a of agents.values()) a.destroy(); },
  };
}
