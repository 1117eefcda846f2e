// pods/portforward: kubectl's SPDY/3.1 session (inside WebSocket binary messages, or on the raw
// upgraded socket). Each local connection arrives as an error stream and a data stream with the same
// `requestid`; the data stream is joined to a tunnel stream whose agent end dials the pod's port.
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { STDIN, type MuxStream, type TunnelConnection } from '../../../client/tunnel/index.js';
import type { OpenStreams } from '../handlers/context.js';
import type { PodView } from './pod-target.js';
import { RST_PROTOCOL_ERROR } from './spdy/frames.js';
import { SpdySession, type SpdyStream } from './spdy/session.js';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
export const SPDY_OVER_WEBSOCKET = `SPDY/3.1+${PORT_FORWARD_PROTOCOL}`;

/** How long the second stream of a pair may keep the first waiting (the kubelet's stream creation timeout). */
const PAIR_TIMEOUT_MS = 30_000;

export interface PortForwardContext {
  tunnel: TunnelConnection;
  pod: PodView;
  /** Where the agent dials: the pod IP, or 127.0.0.1 for hostNetwork pods. */
  host: string;
  log: Logger;
  streams: OpenStreams;
}

/** SPDY carried in WebSocket binary messages (kubectl 1.30+). */
export function portForwardOverWebSocket(ws: WebSocket, ctx: PortForwardContext): void {
  const session = new SpdySession({
    write: (data, done) => ws.send(data, done ? () => done() : undefined),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    close: () => ws.close(1000),
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary && Buffer.isBuffer(data)) session.feed(data);
    else session.close('a port-forward message was not binary');
  });
  ws.on('close', () => session.close('the client closed the connection', false));
  ws.on('error', () => ws.terminate());
  serveSession(session, ctx);
}

/** SPDY directly on the upgraded socket (kubectl's fallback, or KUBECTL_PORT_FORWARD_WEBSOCKETS=false). */
export function portForwardOverSpdy(socket: Duplex, head: Buffer, ctx: PortForwardContext): void {
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`);
  (socket as Socket).setNoDelay?.(true);
  const session = new SpdySession({
    write: (data, done) => { socket.write(data, done ? () => done() : undefined); },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => socket.end(),
  });
  socket.on('data', (d: Buffer) => session.feed(d));
  socket.on('close', () => session.close('the client closed the connection', false));
  socket.on('error', () => socket.destroy());
  if (head.length > 0) session.feed(head);
  serveSession(session, ctx);
}

function serveSession(session: SpdySession, ctx: PortForwardContext): void {
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream; timer: NodeJS.Timeout }>();
  const untrack = ctx.streams.add(() => session.close('the API server is shutting down'));
  session.onClose((reason) => {
    ctx.log.debug({ pod: `${ctx.pod.target.namespace}/${ctx.pod.name}`, reason }, 'port-forward session ended');
    untrack();
    for (const p of pairs.values()) clearTimeout(p.timer);
    pairs.clear();
  });
  session.onStream = (s) => {
    const type = s.headers.streamtype;
    if (type !== 'error' && type !== 'data') {
      s.reset(RST_PROTOCOL_ERROR);
      return;
    }
    s.reply();
    const id = s.headers.requestid ?? '';
    let pair = pairs.get(id);
    if (!pair) {
      const created = { timer: setTimeout(() => {
        pairs.delete(id);
        const msg = `timed out waiting for the ${created.error ? 'data' : 'error'} stream of port-forward request ${id}`;
        created.error?.write(Buffer.from(msg));
        created.error?.end();
        created.data?.end();
      }, PAIR_TIMEOUT_MS) } as { error?: SpdyStream; data?: SpdyStream; timer: NodeJS.Timeout };
      created.timer.unref();
      pair = created;
      pairs.set(id, pair);
    }
    if (pair[type]) {
      s.reset(RST_PROTOCOL_ERROR);
      return;
    }
    pair[type] = s;
    if (pair.error && pair.data) {
      clearTimeout(pair.timer);
      pairs.delete(id);
      void forward(session, pair.error, pair.data, ctx);
    }
  };
}

async function forward(session: SpdySession, errorStream: SpdyStream, dataStream: SpdyStream, ctx: PortForwardContext): Promise<void> {
  // kubectl FINs the error stream at once and only reads it.
  errorStream.setHandler({ data() {}, end() {}, reset() {} });
  const portText = dataStream.headers.port ?? '';
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  const fail = (message: string): void => {
    errorStream.write(Buffer.from(message));
    errorStream.end();
    dataStream.end();
  };
  if (!(port >= 1 && port <= 65535)) {
    dataStream.setHandler({ data() {}, end() {}, reset() {} });
    return fail(`invalid port ${JSON.stringify(portText)}: must be 1-65535`);
  }
  const started = performance.now();
  const what = `error forwarding port ${port} to pod ${ctx.pod.name}_${ctx.pod.target.namespace}, uid ${ctx.pod.target.uid}`;
  let stream: MuxStream;
  try {
    stream = await ctx.tunnel.open({ kind: 'portforward', pod: ctx.pod.target, host: ctx.host, port });
  } catch (err) {
    dataStream.setHandler({ data() {}, end() {}, reset() {} });
    return fail(`${what}: ${(err as Error).message}`);
  }
  let release: (() => void) | undefined;
  let toPod = 0, fromPod = 0;
  stream.on('drain', () => {
    release?.();
    release = undefined;
  });
  dataStream.setHandler({
    data(chunk) {
      toPod += chunk.length;
      // spdystream ignores SPDY flow control, so the only brake on the client is to stop reading it.
      if (!stream.write(STDIN, chunk) && !release) release = session.holdInput();
    },
    end() { stream.closeChannel(STDIN); },
    reset() { stream.cancel(); },
  });
  stream.setHandler({
    data(_channel, chunk) {
      fromPod += chunk.length;
      dataStream.write(chunk, () => stream.consumed(chunk.length));
    },
    end() { dataStream.end(); },
    done(result) {
      release?.();
      release = undefined;
      if (result.how !== 'closed') errorStream.write(Buffer.from(`${what}: ${result.error?.message ?? 'the stream failed'}`));
      dataStream.end();
      errorStream.end();
      ctx.log.debug({ pod: `${ctx.pod.target.namespace}/${ctx.pod.name}`, port, toPod, fromPod, how: result.how, ms: Math.round(performance.now() - started) }, 'port-forward connection ended');
    },
  });
}
