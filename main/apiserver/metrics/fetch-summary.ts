// Asking one node's agent for its usage summary: a `stats` stream on its tunnel, read to the end
// (one JSON document on STDOUT), within a deadline.
import { ServiceUnavailableError, StatusError } from '../../../api/errors/status-error.js';
import { parseStatsSummary, STDOUT, type MuxStream, type StatsSummary, type TunnelConnection } from '../../../client/tunnel/index.js';

/** A summary larger than this is not a summary (a few hundred bytes per pod). */
const MAX_SUMMARY_BYTES = 8 * 1024 * 1024;

export function fetchSummary(tunnel: TunnelConnection, timeoutMs: number): Promise<StatsSummary> {
  return new Promise<StatsSummary>((resolve, reject) => {
    let settled = false;
    let stream: MuxStream | undefined;
    const finish = (err: Error | undefined, summary?: StatsSummary): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        if (stream && !stream.closed) stream.cancel();
        reject(err);
      } else resolve(summary!);
    };
    const timer = setTimeout(() => finish(new ServiceUnavailableError(`the agent of node "${tunnel.node}" sent no stats within ${timeoutMs} ms`)), timeoutMs);
    tunnel.open({ kind: 'stats' }).then((s) => {
      stream = s;
      // Opened after the deadline: nobody is waiting for it any more.
      if (settled) return s.cancel();
      const chunks: Buffer[] = [];
      let bytes = 0;
      s.setHandler({
        data(channel, chunk) {
          if (channel !== STDOUT) return;
          bytes += chunk.length;
          if (bytes > MAX_SUMMARY_BYTES) return finish(new StatusError(502, 'InternalError', `the agent of node "${tunnel.node}" sent more than ${MAX_SUMMARY_BYTES} bytes of stats`));
          chunks.push(chunk);
          s.consumed(chunk.length);
        },
        done(result) {
          if (result.how !== 'closed') return finish(result.error ?? new ServiceUnavailableError(`the stats stream of node "${tunnel.node}" failed`));
          try {
            finish(undefined, parseStatsSummary(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          } catch (err) {
            finish(new StatusError(502, 'InternalError', `the agent of node "${tunnel.node}" sent bad stats: ${(err as Error).message}`));
          }
        },
      });
    }, (err: Error) => finish(err));
  });
}
