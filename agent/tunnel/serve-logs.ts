// Serving a log stream: the container instance's engine log, demultiplexed, cut at limitBytes, sent
// on the tunnel's STDOUT channel with back-pressure; it ends with the log (or when the server cancels).
import type Dockerode from 'dockerode';
import { STDOUT, type IncomingStream, type LogRequest } from '../../client/tunnel/index.js';
import type { Logger } from '../logger.js';
import { logContainer, type ContainerLister } from './containers.js';
import { DockerDemuxer } from './docker-demux.js';
import { engineLogs, isTty } from './docker-io.js';
import { failureStatus } from './failure.js';

export interface LogDeps {
  runtime: ContainerLister;
  docker: Dockerode;
  log: Logger;
  clock: () => Date;
}

export async function serveLogs(stream: IncomingStream, req: LogRequest, deps: LogDeps): Promise<void> {
  const c = await logContainer(deps.runtime, req.pod, req.container, req.previous, req.waitingReason);
  const nowSeconds = deps.clock().getTime() / 1000;
  const since = req.sinceTime !== undefined ? Date.parse(req.sinceTime) / 1000 : req.sinceSeconds !== undefined ? nowSeconds - req.sinceSeconds : undefined;
  const tty = await isTty(deps.docker, c.id);
  const raw = await engineLogs(deps.docker, c.id, { follow: req.follow, timestamps: req.timestamps, tailLines: req.tailLines, since });
  stream.accept();
  const demux = tty ? undefined : new DockerDemuxer();
  let left = req.limitBytes ?? Infinity;
  let done = false;
  const stop = (): void => {
    if (done) return;
    done = true;
    raw.destroy();
  };
  stream.setHandler({
    data() {},
    done() { stop(); },
  });
  stream.on('drain', () => raw.resume());
  const send = (data: Buffer): void => {
    if (done) return;
    if (data.length > left) data = data.subarray(0, left);
    left -= data.length;
    if (!stream.write(STDOUT, data)) raw.pause();
    if (left <= 0) {
      stream.end();
      stop();
    }
  };
  // stdout and stderr both: the log is what the container wrote, interleaved as the engine recorded it.
  raw.on('data', (chunk: Buffer) => {
    if (!demux) return send(chunk);
    for (const piece of demux.feed(chunk)) send(piece.data);
  });
  raw.on('end', () => {
    if (done) return;
    stream.end();
    stop();
  });
  const onError = (err: Error): void => {
    if (done) return;
    deps.log.warn({ container: c.id.slice(0, 12), err: err.message }, 'log stream failed');
    stream.fail(failureStatus(err));
    stop();
  };
  raw.on('error', onError);
}
