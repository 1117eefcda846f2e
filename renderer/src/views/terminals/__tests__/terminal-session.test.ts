import { describe, expect, it } from 'vitest';
import { FakeSocket, FakeWebSocket } from '../../../api/__tests__/fake-socket.js';
import { TerminalSession } from '../terminal-session.js';

const text = (chunks: readonly Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c)).join('');

function session(): TerminalSession {
  return new TerminalSession({ url: 'wss://h/ui/shell', protocols: () => Promise.resolve(['v5.channel.k8s.io']), WebSocket: FakeWebSocket }, () => {});
}

describe('TerminalSession', () => {
  it('replays what was printed to a terminal that attaches later, then streams to it live', async () => {
    const s = session();
    await s.start();
    FakeSocket.last.open();
    FakeSocket.last.receive(1, '$ ls\r\n');
    const live: Uint8Array[] = [];
    const replayed = text(s.replay());
    const off = s.subscribe((d) => live.push(d));
    FakeSocket.last.receive(1, 'a b\r\n');
    off();
    FakeSocket.last.receive(1, 'not shown live');
    expect(replayed).toBe('$ ls\r\n');
    expect(text(live)).toBe('a b\r\n');
    expect(text(s.replay())).toBe('$ ls\r\na b\r\nnot shown live');
  });

  it('keeps about the last MiB for replay', async () => {
    const s = session();
    await s.start();
    FakeSocket.last.open();
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 40; i++) FakeSocket.last.receive(1, chunk);
    const kept = s.replay().reduce((n, c) => n + c.length, 0);
    expect(kept).toBeLessThanOrEqual(1 << 20);
    expect(kept).toBeGreaterThan((1 << 20) - chunk.length);
  });

  it('says in the terminal how the shell ended, and a reconnect opens a new connection', async () => {
    const s = session();
    await s.start();
    const first = FakeSocket.last;
    first.open();
    first.receive(3, '{"status":"Success"}');
    expect(text(s.replay())).toContain('[process exited]');
    await s.reconnect();
    expect(FakeSocket.last).not.toBe(first);
    expect(text(s.replay())).toContain('[reconnecting]');
    expect(s.state.phase).toBe('connecting');
  });
});
