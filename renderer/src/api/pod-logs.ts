// pods/log: a container's output as text, streamed while it arrives (`follow=true` keeps the response open).
// The same request `kubectl logs` sends; the GUI always asks for timestamps, to merge pods in time order
// and to resume after a break without repeating lines.
import { NetworkError } from './api-error.js';
import type { ApiClient } from './client.js';
import { withQuery } from './paths.js';

export interface LogQuery {
  container: string;
  follow?: boolean;
  previous?: boolean;
  timestamps?: boolean;
  tailLines?: number;
  /** RFC 3339; whole seconds, as the Kubernetes API parses it. */
  sinceTime?: string;
}

export function podLogPath(namespace: string, pod: string, q: LogQuery): string {
  const flag = (b: boolean | undefined) => (b ? 'true' : undefined);
  return withQuery(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`, {
    container: q.container,
    follow: flag(q.follow),
    previous: flag(q.previous),
    timestamps: flag(q.timestamps),
    tailLines: q.tailLines === undefined ? undefined : String(q.tailLines),
    sinceTime: q.sinceTime,
  });
}

/** The log's text in the pieces it arrives in, until the server ends the response or `signal` aborts. */
export async function* readPodLog(client: ApiClient, namespace: string, pod: string, q: LogQuery, signal: AbortSignal): AsyncGenerator<string> {
  const res = await client.request('GET', podLogPath(namespace, pod, q), { signal });
  if (!res.body) {
    yield await res.text();
    return;
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        if (signal.aborted) return;
        throw new NetworkError(`the log stream broke off: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (chunk.done) break;
      const text = decoder.decode(chunk.value, { stream: true });
      if (text !== '') yield text;
    }
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } finally {
    reader.releaseLock();
  }
}
