// A stream the API server opened: checked, then served by kind. Failures before `accept()` go back as
// the Status the server answers the client with.
import { BadRequestError } from '../../api/errors/status-error.js';
import { parseOpenRequest, type IncomingStream, type OpenRequest } from '../../client/tunnel/index.js';
import { failureStatus } from './failure.js';
import { serveLogs, type LogDeps } from './serve-logs.js';
import { servePortForward } from './serve-portforward.js';
import { serveRemoteCommand, type RemoteCommandDeps } from './serve-remote-command.js';

export type StreamDeps = LogDeps & RemoteCommandDeps;

export function serveStream(stream: IncomingStream, raw: unknown, deps: StreamDeps): void {
  let req: OpenRequest;
  try {
    req = parseOpenRequest(raw);
  } catch (err) {
    stream.fail(failureStatus(new BadRequestError(`bad tunnel stream request: ${(err as Error).message}`)));
    return;
  }
  const served = req.kind === 'log' ? serveLogs(stream, req, deps)
    : req.kind === 'portforward' ? servePortForward(stream, req)
    : serveRemoteCommand(stream, req, deps);
  served.catch((err: unknown) => {
    deps.log.debug({ kind: req.kind, pod: `${req.pod.namespace}/${req.pod.name}`, err: (err as Error).message }, 'tunnel stream refused');
    if (!stream.closed) stream.fail(failureStatus(err));
  });
}
