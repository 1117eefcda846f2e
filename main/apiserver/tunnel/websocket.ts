// Completing a WebSocket handshake on a socket taken from a pending upgrade, with a chosen subprotocol.
// The subprotocol is set here rather than by ws: kubectl's `SPDY/3.1+portforward.k8s.io` has a '/',
// which ws's strict token check refuses.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

const chosen = new WeakMap<IncomingMessage, { protocol: string; fail: (err: Error) => void }>();
let server: WebSocketServer | undefined;

function wss(): WebSocketServer {
  if (server) return server;
  const s = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    // Tunnel and exec frames are small; port-forward data comes in 32 KiB pieces from kubectl.
    maxPayload: 16 * 1024 * 1024,
  });
  s.on('headers', (headers, req) => {
    const c = chosen.get(req);
    if (c) headers.push(`Sec-WebSocket-Protocol: ${c.protocol}`);
  });
  // Without a listener ws answers a bad handshake itself and the callback never runs.
  s.on('wsClientError', (err, socket, req) => {
    socket.destroy();
    chosen.get(req)?.fail(err);
  });
  server = s;
  return s;
}

/** Answers 101 with `protocol` (the caller checked the client offered it) and resolves with the socket. */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // ws drops a socket that closed meanwhile without a word; the caller must hear of it.
    const gone = (): void => reject(new Error('the client went away before the WebSocket handshake'));
    if (socket.destroyed) return gone();
    socket.once('close', gone);
    chosen.set(req, { protocol, fail: reject });
    delete req.headers['sec-websocket-protocol'];
    wss().handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', gone);
      chosen.delete(req);
      resolve(ws);
    });
  });
}
