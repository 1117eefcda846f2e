// The tunnel protocol over a real WebSocket pair on loopback: streams opened by the server end and
// served by the agent end, flow control, failures, keepalive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { BadRequestError, toStatus } from '../../../../api/errors/status-error.js';
import { FrameType, STDIN, STDOUT, STREAM_WINDOW, TunnelConnection, type IncomingStream, type MuxStream, type OpenRequest, type StreamResult } from '../../../../client/tunnel/index.js';
import { encodeFrame } from '../../../../client/tunnel/frame.js';
import { waitFor } from '../../../helpers/wait.js';

const LOG: OpenRequest = { kind: 'log', pod: { namespace: 'default', name: 'web', uid: 'u1' }, container: 'main', follow: false, previous: false, timestamps: false };

interface Pair {
  server: TunnelConnection;
  agent: TunnelConnection;
  agentWs: WebSocket;
}

describe('tunnel connection', () => {
  let wss: WebSocketServer;
  let url: string;
  let onAgentStream: (s: IncomingStream, req: unknown) => void = () => {};
  const open: Pair[] = [];

  const connect = async (opts: { serverKeepaliveMs?: number } = {}): Promise<Pair> => {
    const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const agentWs = new WebSocket(url);
    await new Promise((resolve, reject) => { agentWs.once('open', resolve); agentWs.once('error', reject); });
    const server = new TunnelConnection(await serverSide, { role: 'server', node: 'n1', keepaliveMs: opts.serverKeepaliveMs });
    const agent = new TunnelConnection(agentWs, { role: 'agent', node: 'n1', onStream: (s, r) => onAgentStream(s, r) });
    const p = { server, agent, agentWs };
    open.push(p);
    return p;
  };

  before(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const p of open) p.server.close('test over');
    await new Promise((resolve) => wss.close(resolve));
  });

  test('a stream carries data both ways and ends with the agent\'s trailer', async () => {
    const { server } = await connect();
    onAgentStream = (s, req) => {
      assert.deepEqual(req, LOG);
      s.accept();
      s.setHandler({
        data(channel, chunk) {
          s.consumed(chunk.length);
          s.write(STDOUT, Buffer.from(`echo:${channel}:${chunk.toString()}`));
        },
        end(channel) { s.end({ exitCode: 7, closed: channel }); },
        done() {},
      });
    };
    const stream = await server.open(LOG);
    const got: string[] = [];
    const result = new Promise<StreamResult>((resolve) => stream.setHandler({ data: (ch, d) => got.push(`${ch}:${d.toString()}`), done: resolve }));
    stream.write(STDIN, Buffer.from('hi'));
    stream.closeChannel(STDIN);
    const r = await result;
    assert.deepEqual(got, ['1:echo:0:hi']);
    assert.equal(r.how, 'closed');
    assert.deepEqual(r.trailer, { exitCode: 7, closed: 0 });
    assert.equal(server.streamCount, 0);
  });

  test('a refusal before accept rejects open() with the agent\'s Status', async () => {
    const { server } = await connect();
    onAgentStream = (s) => s.fail(toStatus(new BadRequestError('previous terminated container "main" in pod "web" not found')));
    await assert.rejects(server.open({ ...LOG, previous: true }), (err: Error & { code?: number; reason?: string }) => {
      assert.equal(err.code, 400);
      assert.equal(err.reason, 'BadRequest');
      assert.equal(err.message, 'previous terminated container "main" in pod "web" not found');
      return true;
    });
  });

  test('a reader that does not consume holds the writer to one window; consuming lets the rest through', async () => {
    const { server } = await connect();
    const total = STREAM_WINDOW * 5 + 123;
    let agentStream: MuxStream | undefined;
    let paused = 0;
    onAgentStream = (s) => {
      agentStream = s;
      s.accept();
      s.setHandler({ data() {}, done() {} });
      const chunk = Buffer.alloc(64 * 1024, 1);
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          const n = Math.min(chunk.length, total - sent);
          sent += n;
          if (!s.write(STDOUT, chunk.subarray(0, n))) {
            paused++;
            s.once('drain', pump);
            return;
          }
        }
        s.end();
      };
      pump();
    };
    const stream = await server.open(LOG);
    let received = 0, consumed = 0, maxUnconsumed = 0;
    const held: number[] = [];
    let release = false;
    const done = new Promise<void>((resolve) => stream.setHandler({
      data(_ch, d) {
        received += d.length;
        maxUnconsumed = Math.max(maxUnconsumed, received - consumed);
        if (release) {
          consumed += d.length;
          stream.consumed(d.length);
        } else held.push(d.length);
      },
      done: () => resolve(),
    }));
    await waitFor('one window to arrive', () => received === STREAM_WINDOW);
    await waitFor('the agent to hold the rest', () => agentStream!.pendingBytes > 0 && paused > 0);
    assert.equal(received, STREAM_WINDOW);
    release = true;
    for (const n of held.splice(0)) {
      consumed += n;
      stream.consumed(n);
    }
    await done;
    assert.equal(received, total);
    assert.ok(maxUnconsumed <= STREAM_WINDOW, `at most one window unconsumed (saw ${maxUnconsumed})`);
  });

  test('small writes in one tick go out as one frame', async () => {
    const { server } = await connect();
    onAgentStream = (s) => {
      s.accept();
      s.setHandler({ data() {}, done() {} });
      for (let i = 0; i < 1000; i++) s.write(STDOUT, Buffer.from(`line ${i}\n`));
      s.end();
    };
    const stream = await server.open(LOG);
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve) => stream.setHandler({ data: (_c, d) => chunks.push(d), done: () => resolve() }));
    assert.equal(chunks.length, 1);
    assert.equal(Buffer.concat(chunks).toString(), Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join(''));
  });

  test('losing the connection fails open and pending streams with a clear error', async () => {
    const { server, agentWs } = await connect();
    const accepted: IncomingStream[] = [];
    onAgentStream = (s) => {
      accepted.push(s);
      if (accepted.length === 1) s.accept();
    };
    const first = await server.open(LOG);
    const firstDone = new Promise<StreamResult>((resolve) => first.setHandler({ data() {}, done: resolve }));
    const second = server.open(LOG);
    await waitFor('the second open to reach the agent', () => accepted.length === 2);
    agentWs.terminate();
    const r = await firstDone;
    assert.equal(r.how, 'lost');
    assert.equal(r.error?.code, 503);
    assert.match(r.error!.message, /^lost the connection to the agent of node "n1"/);
    await assert.rejects(second, /lost the connection to the agent of node "n1"/);
    await assert.rejects(server.open(LOG), /lost the connection to the agent of node "n1"/);
  });

  test('a peer that sends past its window is cut off instead of buffered', async () => {
    const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const raw = new WebSocket(url);
    await new Promise((resolve) => raw.once('open', resolve));
    const server = new TunnelConnection(await serverSide, { role: 'server', node: 'n1' });
    open.push({ server, agent: server, agentWs: raw });
    // A hand-made agent: accepts, then ignores the window.
    raw.on('message', (m: Buffer) => {
      const id = m.readUInt32BE(1);
      if (m[0] !== FrameType.Open) return;
      raw.send(encodeFrame(FrameType.Open, id, 0));
      for (let i = 0; i <= STREAM_WINDOW / (64 * 1024); i++) raw.send(encodeFrame(FrameType.Data, id, STDOUT, Buffer.alloc(64 * 1024)));
    });
    const stream = await server.open(LOG);
    let received = 0;
    const r = await new Promise<StreamResult>((resolve) => stream.setHandler({ data: (_c, d) => { received += d.length; }, done: resolve }));
    assert.equal(r.how, 'error');
    assert.match(r.error!.message, /more than its flow-control window/);
    assert.equal(received, STREAM_WINDOW);
  });

  test('the server drops a peer that stops answering keepalive pings', async () => {
    const { server, agentWs } = await connect({ serverKeepaliveMs: 50 });
    const closed = new Promise<string>((resolve) => server.onClose(resolve));
    // A paused socket reads nothing, so pings go unanswered (a dead NAT path looks the same).
    agentWs.pause();
    assert.match(await closed, /no keepalive answer/);
    assert.equal(server.isOpen, false);
  });
});
