// A stream the API server opened: checked, then served by kind (a pod's stream, or the node's stats).
// Failures before `accept()` go back as the Status the server answers the client with.
import { BadRequestError } from '../../api/errors/status-error.js';
import { parseOpenRequest, type IncomingStream, type OpenRequest } from '../../client/tunnel/index.js';
import { failureStatus } from './failure.js';
import { serveLogs, type LogDeps } from './serve-logs.js';
import { servePortForward } from './serve-portforward.js';
import { serveRemoteCommand, type RemoteCommandDeps } from './serve-remote-command.js';
import { serveStats, type StatsSource } from './serve-stats.js';

export type StreamDeps = LogDeps & RemoteCommandDeps & { stats?: StatsSource };

export function serveStream(stream: IncomingStream, raw: unknown, deps: StreamDeps): void {
  let req: OpenRequest;
  try {
    req = parseOpenRequest(raw);
  } catch (err) {
    stream.fail(failureStatus(new BadRequestError(`bad tunnel stream request: ${(err as Error).message}`)));
    return;
  }
  if (req.kind === 'stats') {
    try {
      serveStats(stream, deps.stats);
    } catch (err) {
      stream.fail(failureStatus(err));
    }
    return;
  }
  const pod = `${req.pod.namespace}/${req.pod.name}`;
  const served = req.kind === 'log' ? serveLogs(stream, req, deps)
    : req.kind === 'portforward' ? servePortForward(stream, req)
    : serveRemoteCommand(stream, req, deps);
  served.catch((err: unknown) => {
    deps.log.debug({ kind: req.kind, pod, err: (err as Error).message }, 'tunnel stream refused');
    if (!stream.closed) stream.fail(failureStatus(err));
  });
}
