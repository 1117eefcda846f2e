// A fake Kubernetes API for renderer tests: answers lists, streams watch lines the test pushes, records
// every request. Only fetch is faked; the client, list-watch and stores run for real.
import type { KubeObject } from '@api/types/meta.js';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  credentials?: RequestCredentials;
}

interface OpenWatch {
  url: string;
  push(line: unknown): void;
  end(): void;
}

export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  readonly watches: OpenWatch[] = [];
  /** Objects served by list, by URL path (e.g. /api/v1/pods). */
  readonly lists = new Map<string, { items: KubeObject[]; resourceVersion: string }>();
  /** Per-path answers for anything else: status and body. */
  readonly answers = new Map<string, { status: number; body: unknown }[]>();
  private waiters: (() => void)[] = [];

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const u = new URL(url, 'https://skiff.test');
    const headers = { ...(init.headers as Record<string, string> | undefined) };
    this.requests.push({ method: init.method ?? 'GET', url, headers, body: init.body as string | undefined, credentials: init.credentials });
    const queued = this.answers.get(`${init.method ?? 'GET'} ${u.pathname}`);
    if (queued && queued.length > 0) {
      const a = queued.length > 1 ? queued.shift()! : queued[0];
      return json(a.status, a.body);
    }
    if (u.searchParams.get('watch') === '1') return this.openWatch(url, init.signal ?? undefined);
    const list = this.lists.get(u.pathname);
    if (list) return json(200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: list.resourceVersion }, items: list.items });
    return json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${u.pathname} not found` });
  };

  /** Resolves once `n` watches have been opened in total. */
  async watchOpened(n: number): Promise<OpenWatch> {
    while (this.watches.length < n) await new Promise<void>((r) => this.waiters.push(r));
    return this.watches[n - 1];
  }

  private openWatch(url: string, signal: AbortSignal | undefined): Response {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => { controller = c; } });
    const enc = new TextEncoder();
    let open = true;
    const w: OpenWatch = {
      url,
      // Split each line in two chunks: the reader must join them.
      push: (line) => {
        if (!open) return;
        const text = `${JSON.stringify(line)}\n`;
        const cut = Math.floor(text.length / 2);
        controller.enqueue(enc.encode(text.slice(0, cut)));
        controller.enqueue(enc.encode(text.slice(cut)));
      },
      end: () => { if (open) { open = false; controller.close(); } },
    };
    signal?.addEventListener('abort', () => {
      if (!open) return;
      open = false;
      controller.error(new DOMException('aborted', 'AbortError'));
    });
    this.watches.push(w);
    for (const r of this.waiters.splice(0)) r();
    return new Response(stream, { status: 200, headers: { 'Content-Type': 'application/json' } });
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function pod(name: string, rv: string, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', resourceVersion: rv, uid: `uid-${name}`, labels: { app: name.split('-')[0] } }, spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'busybox' }] }, status: { phase: 'Running' }, ...extra };
}
