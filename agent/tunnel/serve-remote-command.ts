// Serving exec and attach: the engine's session joined to the tunnel stream. stdin (and its EOF) and
// terminal resizes come in; stdout/stderr go out with back-pressure on the engine's socket; exec ends
// with the command's exit code as the stream's trailer.
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { STDERR, STDIN, STDOUT, pumpToStream, type ExecRequest, type IncomingStream } from '../../client/tunnel/index.js';
import type { Logger } from '../logger.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { runningContainer } from './containers.js';
import { DockerDemuxer } from './docker-demux.js';
import { engineAttach, isTty } from './docker-io.js';
import { failureStatus } from './failure.js';

export interface RemoteCommandDeps {
  runtime: Pick<ContainerRuntime, 'list' | 'exec'>;
  docker: Dockerode;
  log: Logger;
}

/** One engine session, whichever call made it. */
interface Session {
  /** The engine's socket: stdin goes in, and pausing it stops output at the source. */
  socket: Duplex;
  outputs: { channel: number; source: Readable }[];
  resize(width: number, height: number): Promise<void>;
  /** Exit code (exec) or undefined (attach: the container's own exit is not the client's business). */
  finished: Promise<number | undefined>;
}

export async function serveRemoteCommand(stream: IncomingStream, req: ExecRequest, deps: RemoteCommandDeps): Promise<void> {
  const c = await runningContainer(deps.runtime, req.pod, req.container);
  const session = req.kind === 'exec' ? await execSession(deps, c.id, req) : await attachSession(deps.docker, c.id, req);
  stream.accept();
  const started = performance.now();
  let ended = false;
  let cancelled: () => void = () => {};
  const whenCancelled = new Promise<'cancelled'>((resolve) => { cancelled = () => resolve('cancelled'); });
  const cleanup = (): void => {
    ended = true;
    session.socket.destroy();
  };

  let pendingResize: { width: number; height: number } | undefined;
  let resizing = false;
  const resize = (width: number, height: number): void => {
    // Resizes may come faster than the engine answers; only the last one matters.
    pendingResize = { width, height };
    if (resizing) return;
    resizing = true;
    void (async () => {
      while (pendingResize) {
        const r = pendingResize;
        pendingResize = undefined;
        await session.resize(r.width, r.height).catch((err: Error) => deps.log.debug({ err: err.message }, 'terminal resize failed'));
      }
      resizing = false;
    })();
  };

  stream.setHandler({
    data(channel, chunk) {
      if (channel !== STDIN || !req.stdin || ended) return stream.consumed(chunk.length);
      session.socket.write(chunk, () => stream.consumed(chunk.length));
    },
    end(channel) {
      if (channel === STDIN && req.stdin && !ended) session.socket.end();
    },
    resize,
    done() {
      cleanup();
      cancelled();
    },
  });

  // The stream ends once every output has been queued on it and the process is gone.
  const outputsDone = session.outputs.map(({ channel, source }) => new Promise<void>((resolve) => {
    const wanted = channel === STDOUT ? req.stdout || req.tty : req.stderr;
    if (!wanted) {
      source.on('data', () => {});
      source.once('end', resolve);
      return;
    }
    pumpToStream(source, stream, channel, { upstream: session.socket, onEnd: resolve });
    source.once('error', () => resolve());
  }));
  try {
    const result = await Promise.race([Promise.all([session.finished, ...outputsDone]), whenCancelled]);
    if (result === 'cancelled') return;
    const [exitCode] = result;
    if (!stream.closed) stream.end(exitCode === undefined ? undefined : { exitCode });
    deps.log.debug({ kind: req.kind, pod: `${req.pod.namespace}/${req.pod.name}`, container: req.container, exitCode, ms: Math.round(performance.now() - started) }, 'remote command ended');
  } catch (err) {
    if (!stream.closed) stream.fail(failureStatus(err));
  } finally {
    cleanup();
  }
}

async function execSession(deps: RemoteCommandDeps, id: string, req: ExecRequest): Promise<Session> {
  const s = await deps.runtime.exec(id, req.command, { tty: req.tty, stdin: req.stdin });
  s.stream.on('error', () => {});
  return {
    socket: s.stream,
    outputs: req.tty ? [{ channel: STDOUT, source: s.stdout }] : [{ channel: STDOUT, source: s.stdout }, { channel: STDERR, source: s.stderr }],
    resize: (w, h) => s.resize(w, h),
    finished: s.exitCode,
  };
}

async function attachSession(docker: Dockerode, id: string, req: ExecRequest): Promise<Session> {
  const tty = await isTty(docker, id);
  const socket = await engineAttach(docker, id, req.stdin);
  socket.on('error', () => {});
  const finished = new Promise<undefined>((resolve) => socket.once('close', () => resolve(undefined)));
  const container = docker.getContainer(id);
  const resize = async (w: number, h: number): Promise<void> => { await container.resize({ w, h }); };
  if (tty) return { socket, outputs: [{ channel: STDOUT, source: socket }], resize, finished };
  // Without a terminal the engine multiplexes stdout and stderr on the socket.
  const demux = new DockerDemuxer();
  const outs = { 1: new PassThrough(), 2: new PassThrough() };
  socket.on('data', (chunk: Buffer) => {
    let full = false;
    for (const piece of demux.feed(chunk)) full = !outs[piece.channel].write(piece.data) || full;
    if (full) socket.pause();
  });
  for (const out of Object.values(outs)) out.on('drain', () => socket.resume());
  socket.once('end', () => { outs[1].end(); outs[2].end(); });
  return { socket, outputs: [{ channel: STDOUT, source: outs[1] }, { channel: STDERR, source: outs[2] }], resize, finished };
}
