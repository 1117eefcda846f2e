// Serving one port-forward connection: a TCP connection to the pod's port, joined to the tunnel stream
// (STDIN channel both ways). The client's half-close is passed to the pod; when the pod closes its
// side the whole stream ends (as the kubelet's forwarder does), so kubectl closes the local connection.
import { connect, type Socket } from 'node:net';
import { StatusError } from '../../api/errors/status-error.js';
import { STDIN, pumpToStream, type IncomingStream, type PortForwardRequest } from '../../client/tunnel/index.js';

const CONNECT_TIMEOUT_MS = 10_000;

export async function servePortForward(stream: IncomingStream, req: PortForwardRequest): Promise<void> {
  const socket = await dial(req.host, req.port);
  socket.setNoDelay(true);
  stream.accept();
  stream.setHandler({
    data(_channel, chunk) {
      socket.write(chunk, () => stream.consumed(chunk.length));
    },
    end() { socket.end(); },
    done() { socket.destroy(); },
  });
  pumpToStream(socket, stream, STDIN, {
    onEnd: () => {
      stream.closeChannel(STDIN);
      stream.end();
      socket.end();
    },
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => { if (!stream.closed) stream.end(); });
}

function dial(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    // Half-open: the pod may close its side while the client still sends (and the other way round).
    const s = connect({ host, port, allowHalfOpen: true, timeout: CONNECT_TIMEOUT_MS });
    const fail = (message: string): void => {
      s.destroy();
      reject(new StatusError(500, 'InternalError', `failed to connect to ${host}:${port}: ${message}`));
    };
    s.once('connect', () => {
      s.setTimeout(0);
      s.removeAllListeners('error');
      s.removeAllListeners('timeout');
      resolve(s);
    });
    s.once('error', (err) => fail(err.message));
    s.once('timeout', () => fail(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`));
  });
}
