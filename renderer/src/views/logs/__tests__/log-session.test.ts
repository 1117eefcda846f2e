import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../../api/client.js';
import { LogBuffer } from '../log-buffer.js';
import { LogSession } from '../log-session.js';

/** A fake API serving pods/log: each request gets a body the test writes to, and ends. */
class FakeLogs {
  readonly requests: { path: string; query: URLSearchParams; write(text: string): void; end(): void }[] = [];
  private waiters: (() => void)[] = [];

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const u = new URL(String(input), 'https://skiff.test');
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => { controller = c; } });
    let open = true;
    init.signal?.addEventListener('abort', () => { if (open) { open = false; controller.error(new DOMException('aborted', 'AbortError')); } });
    this.requests.push({
      path: u.pathname, query: u.searchParams,
      write: (t) => { if (open) controller.enqueue(new TextEncoder().encode(t)); },
      end: () => { if (open) { open = false; controller.close(); } },
    });
    for (const w of this.waiters.splice(0)) w();
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/plain' } });
  };

  async request(n: number): Promise<FakeLogs['requests'][number]> {
    while (this.requests.length < n) await new Promise<void>((r) => this.waiters.push(r));
    return this.requests[n - 1];
  }
}

function setup(opts: { previous?: boolean; tailLines?: number } = {}) {
  const api = new FakeLogs();
  const buffer = new LogBuffer();
  const flushes: (() => void)[] = [];
  let changes = 0;
  const sleeps: number[] = [];
  const session = new LogSession({ namespace: 'shop', previous: opts.previous ?? false, tailLines: opts.tailLines }, {
    client: new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch }),
    buffer,
    onChange: () => { changes++; },
    schedule: (fn) => flushes.push(fn),
    // Waits between reads end at once, but only after the test looked (a microtask later).
    sleep: (ms) => { sleeps.push(ms); return new Promise((r) => setTimeout(r, 0)); },
  });
  const flush = () => { for (const f of flushes.splice(0)) f(); };
  const settle = () => new Promise((r) => setTimeout(r, 5));
  return { api, buffer, session, flush, settle, sleeps, changes: () => changes };
}

describe('LogSession', () => {
  it('follows one container with timestamps from the tail, and lines reach the buffer once per frame', async () => {
    const { api, buffer, session, flush, settle } = setup({ tailLines: 500 });
    session.setTargets([{ pod: 'web-1', container: 'app' }]);
    const r = await api.request(1);
    expect(r.path).toBe('/api/v1/namespaces/shop/pods/web-1/log');
    expect(Object.fromEntries(r.query)).toEqual({ container: 'app', follow: 'true', timestamps: 'true', tailLines: '500' });
    r.write('2024-05-01T12:00:01Z one\n2024-05-01T12:00:02Z tw');
    r.write('o\n');
    await settle();
    expect(buffer.lines.length).toBe(0);
    flush();
    expect(buffer.lines.map((l) => l.text)).toEqual(['one', 'two']);
    session.stop();
  });

  it('holds lines while paused and releases them on resume', async () => {
    const { api, buffer, session, flush, settle } = setup();
    session.setTargets([{ pod: 'web-1', container: 'app' }]);
    const r = await api.request(1);
    session.pause();
    r.write('2024-05-01T12:00:01Z held\n');
    await settle();
    flush();
    expect(buffer.lines.length).toBe(0);
    expect(session.held).toBe(1);
    session.resume();
    expect(buffer.lines.map((l) => l.text)).toEqual(['held']);
    expect(session.held).toBe(0);
    session.stop();
  });

  it('one source streams, the others poll; a read after a break resumes at its last second without repeating lines', async () => {
    const { api, buffer, session, flush, settle } = setup();
    session.setTargets([{ pod: 'web-1', container: 'app' }, { pod: 'web-2', container: 'app' }]);
    const first = await api.request(1);
    const second = await api.request(2);
    expect(first.query.get('follow')).toBe('true');
    expect(second.query.get('follow')).toBeNull();
    second.write('2024-05-01T12:00:05.25Z b1\n2024-05-01T12:00:05.5Z b2\n');
    second.end();
    // The poll that follows starts from the second of web-2's last line and must not repeat b1, b2.
    const again = await api.request(3);
    expect(again.query.get('sinceTime')).toBe('2024-05-01T12:00:05Z');
    expect(again.query.get('tailLines')).toBeNull();
    again.write('2024-05-01T12:00:05.25Z b1\n2024-05-01T12:00:05.5Z b2\n2024-05-01T12:00:06Z b3\n');
    again.end();
    first.write('2024-05-01T12:00:04Z a1\n');
    await settle();
    flush();
    expect(buffer.lines.map((l) => l.text)).toEqual(['a1', 'b1', 'b2', 'b3']);
    expect(buffer.sources[buffer.lines[0].src].pod).toBe('web-1');
    session.stop();
  });

  it('the previous container is read once, without follow', async () => {
    const { api, session, settle } = setup({ previous: true });
    session.setTargets([{ pod: 'web-1', container: 'app' }]);
    const r = await api.request(1);
    expect(r.query.get('previous')).toBe('true');
    expect(r.query.get('follow')).toBeNull();
    r.end();
    await settle();
    await settle();
    expect(api.requests.length).toBe(1);
    expect(session.statuses.get('web-1/app')?.mode).toBe('done');
  });
});
