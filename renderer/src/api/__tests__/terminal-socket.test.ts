import { describe, expect, it } from 'vitest';
import { CHANNEL_PROTOCOL } from '../channel-protocol.js';
import { execPath, socketProtocols, socketUrl, TerminalSocket, type SocketState } from '../terminal-socket.js';
import { FakeSocket, FakeWebSocket } from './fake-socket.js';

function connect(): { ts: TerminalSocket; out: string[]; states: SocketState[] } {
  const out: string[] = [];
  const states: SocketState[] = [];
  const ts = new TerminalSocket(
    { url: 'wss://h/x', protocols: () => Promise.resolve([CHANNEL_PROTOCOL]), WebSocket: FakeWebSocket },
    { output: (d) => out.push(new TextDecoder().decode(d)), state: (s) => states.push(s) },
  );
  return { ts, out, states };
}

const decode = (f: Uint8Array) => [f[0], new TextDecoder().decode(f.subarray(1))];

describe('exec request', () => {
  it('is the one kubectl exec -it sends: each argv element its own command=, tty, no stderr', () => {
    const p = execPath({ namespace: 'shop', pod: 'web-1', container: 'main', command: ['sh', '-c', 'echo a b'] });
    expect(p).toBe('/api/v1/namespaces/shop/pods/web-1/exec?command=sh&command=-c&command=echo+a+b&container=main&stdin=true&stdout=true&tty=true');
  });

  it('same-origin wss in browser mode; the API URL and a bearer subprotocol in Electron', async () => {
    expect(socketUrl({ baseUrl: '' }, { protocol: 'https:', host: 'skiff.local:6443' }, '/ui/shell')).toBe('wss://skiff.local:6443/ui/shell');
    expect(socketUrl({ baseUrl: 'https://127.0.0.1:6443' }, { protocol: 'file:', host: '' }, '/api/v1/x')).toBe('wss://127.0.0.1:6443/api/v1/x');
    expect(await socketProtocols({ baseUrl: '' })).toEqual([CHANNEL_PROTOCOL]);
    const [, bearer] = await socketProtocols({ baseUrl: 'https://h', token: () => Promise.resolve('abc?>') });
    expect(bearer).toBe('base64url.bearer.authorization.k8s.io.YWJjPz4');
  });
});

describe('TerminalSocket', () => {
  it('sends the size on open (the latest one), keys as stdin, and shows stdout and stderr', async () => {
    const { ts, out, states } = connect();
    ts.resize(80, 24);
    await ts.open();
    const ws = FakeSocket.last;
    expect(ws.protocols).toEqual([CHANNEL_PROTOCOL]);
    expect(ws.binaryType).toBe('arraybuffer');
    ts.resize(100, 30);
    ts.input('x');
    expect(ws.sent).toEqual([]);
    ws.open();
    ts.input('echo hi\r');
    ts.resize(100, 30);
    ts.resize(90, 20);
    expect(ws.sent.map(decode)).toEqual([[4, '{"Width":100,"Height":30}'], [0, 'echo hi\r'], [4, '{"Width":90,"Height":20}']]);
    ws.receive(1, 'hi\r\n');
    ws.receive(2, 'oops');
    expect(out).toEqual(['hi\r\n', 'oops']);
    expect(states.map((s) => s.phase)).toEqual(['connecting', 'open']);
  });

  it('the exit Status ends the session; the close after it does not turn it into a disconnect', async () => {
    const { ts, states } = connect();
    await ts.open();
    const ws = FakeSocket.last;
    ws.open();
    ws.receive(3, JSON.stringify({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '2' }] } }));
    ws.drop(1000);
    expect(ts.state).toEqual({ phase: 'exited', status: { success: false, exitCode: 2, message: 'the command failed' } });
    expect(states.at(-1)?.phase).toBe('exited');
  });

  it('a refused upgrade says so, a dropped connection says it was lost, and open() reconnects', async () => {
    const { ts } = connect();
    await ts.open();
    FakeSocket.last.drop();
    expect(ts.state.phase === 'closed' && ts.state.reason).toMatch(/could not connect/);
    await ts.open();
    FakeSocket.last.open();
    FakeSocket.last.drop(1006);
    expect(ts.state.phase === 'closed' && ts.state.reason).toMatch(/lost/);
  });
});
