// pods/log: the agent's log stream, relayed as a chunked text/plain response. Each chunk is written as
// it arrives and the agent gets more window only once the client's socket took the bytes, so a slow
// reader holds at most one stream window here.
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { STDOUT, type LogRequest, type TunnelConnection } from '../../../client/tunnel/index.js';
import type { OpenStreams } from '../handlers/context.js';

export async function relayLogs(res: ServerResponse, tunnel: TunnelConnection, request: LogRequest, deps: { streams: OpenStreams; log: Logger }): Promise<void> {
  const started = performance.now();
  // Errors before the first byte (no such container, no previous instance) are Status replies.
  const stream = await tunnel.open(request);
  if (res.destroyed || res.writableEnded) {
    stream.cancel();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let bytes = 0;
  const untrack = deps.streams.add(() => {
    stream.cancel();
    res.end();
  });
  const finish = (how: string): void => {
    untrack();
    deps.log.debug({ pod: `${request.pod.namespace}/${request.pod.name}`, container: request.container, follow: request.follow, bytes, how, ms: Math.round(performance.now() - started) }, 'log stream ended');
  };
  // The client went away (kubectl logs -f interrupted): stop the agent's reader too.
  res.on('close', () => {
    if (!stream.closed) {
      stream.cancel();
      finish('client closed');
    }
  });
  stream.setHandler({
    data(channel, chunk) {
      if (channel !== STDOUT || res.destroyed) return;
      bytes += chunk.length;
      res.write(chunk, () => stream.consumed(chunk.length));
    },
    done(result) {
      if (result.how === 'closed') {
        res.end();
      } else {
        // Mid-stream there is no way to send a Status; an aborted chunked body tells the client the log is incomplete.
        deps.log.warn({ pod: `${request.pod.namespace}/${request.pod.name}`, container: request.container, err: result.error?.message }, 'log stream failed');
        res.destroy();
      }
      finish(result.how);
    },
  });
}
