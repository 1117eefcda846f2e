// The GUI's only way to the cluster: Kubernetes REST calls and watches over fetch. Cookie sessions get the
// CSRF header on writes; a bearer token (Electron) is asked for again once after a 401.
import type { ResourceType } from '@api/resources/registry.js';
import { isObject, type KubeList, type KubeObject, type WatchEvent } from '@api/types/meta.js';
import { ApiError, apiErrorFrom, NetworkError } from './api-error.js';
import type { Connection } from './connection.js';
import { jsonLines } from './json-lines.js';
import { resourcePath, withQuery, type ObjectRef } from './paths.js';

export const CSRF_HEADER = 'X-Skiff-CSRF';
export const FIELD_MANAGER = 'skiff-ui';

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

const PATCH_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface RequestOptions {
  body?: string;
  contentType?: string;
  signal?: AbortSignal;
}

export interface ClientDeps {
  connection: Connection;
  fetch?: typeof fetch;
  /** Called on a 401 the client could not recover from (the session ended). */
  onUnauthorized?: () => void;
}

export class ApiClient {
  private readonly fetchFn: typeof fetch;
  private token: string | undefined;

  constructor(private readonly deps: ClientDeps) {
    this.fetchFn = deps.fetch ?? ((input, init) => fetch(input, init));
  }

  get connection(): Connection {
    return this.deps.connection;
  }

  /** A request that must succeed (2xx); throws ApiError with the server's Status otherwise. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    let res = await this.send(method, path, opts, false);
    if (res.status === 401 && this.deps.connection.token) res = await this.send(method, path, opts, true);
    if (res.ok) return res;
    if (res.status === 401) this.deps.onUnauthorized?.();
    throw await apiErrorFrom(res);
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    return (await res.json()) as T;
  }

  list<T extends KubeObject = KubeObject>(rt: ResourceType, query: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<KubeList<T>> {
    return this.json('GET', withQuery(resourcePath(rt), query), { signal });
  }

  get<T extends KubeObject = KubeObject>(rt: ResourceType, ref: ObjectRef): Promise<T> {
    return this.json('GET', resourcePath(rt, ref));
  }

  patch<T extends KubeObject = KubeObject>(rt: ResourceType, ref: ObjectRef, type: PatchType, body: unknown, query: Record<string, string | undefined> = {}): Promise<T> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return this.json('PATCH', withQuery(resourcePath(rt, ref), { fieldManager: FIELD_MANAGER, ...query }), { body: text, contentType: PATCH_TYPES[type] });
  }

  /** Server-side apply of a YAML or JSON manifest (creates the object when it does not exist). */
  apply<T extends KubeObject = KubeObject>(rt: ResourceType, ref: ObjectRef, manifest: string, opts: { dryRun?: boolean; force?: boolean } = {}): Promise<T> {
    return this.patch(rt, ref, 'apply', manifest, {
      fieldValidation: 'Strict',
      dryRun: opts.dryRun ? 'All' : undefined,
      force: opts.force ? 'true' : undefined,
    });
  }

  async delete(rt: ResourceType, ref: ObjectRef, propagationPolicy: 'Background' | 'Foreground' | 'Orphan' = 'Background'): Promise<void> {
    await this.request('DELETE', resourcePath(rt, ref), { body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy }), contentType: 'application/json' });
  }

  /** Streams watch events from `resourceVersion` until the server ends the watch or `signal` aborts. */
  async *watch(rt: ResourceType, resourceVersion: string, signal: AbortSignal): AsyncGenerator<WatchEvent> {
    const path = withQuery(resourcePath(rt), { watch: '1', resourceVersion, allowWatchBookmarks: 'true' });
    const res = await this.request('GET', path, { signal });
    if (!res.body) throw new NetworkError('the watch response has no body');
    for await (const line of jsonLines(res.body)) {
      if (!isObject(line) || typeof line.type !== 'string' || !isObject(line.object)) continue;
      yield line as unknown as WatchEvent;
    }
  }

  private async send(method: string, path: string, opts: RequestOptions, freshToken: boolean): Promise<Response> {
    const { connection } = this.deps;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (opts.contentType) headers['Content-Type'] = opts.contentType;
    if (connection.token) {
      if (freshToken || this.token === undefined) this.token = await connection.token();
      headers.Authorization = `Bearer ${this.token}`;
    } else if (method !== 'GET' && method !== 'HEAD') {
      headers[CSRF_HEADER] = '1';
    }
    try {
      return await this.fetchFn(`${connection.baseUrl}${path}`, {
        method,
        headers,
        body: opts.body,
        signal: opts.signal,
        credentials: connection.token ? 'omit' : 'same-origin',
        cache: 'no-store',
      });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      throw new NetworkError(`cannot reach the API server: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

export function isApiError(err: unknown, code?: number): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}
