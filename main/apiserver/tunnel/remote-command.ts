// pods/exec and pods/attach over WebSocket, Kubernetes' channel protocol (v5.channel.k8s.io; v4 too):
// each binary message is one channel byte and its payload. stdin (0) and resize (4) come from the
// client, stdout (1), stderr (2) and the final Status (3) go to it; v5 adds CLOSE (255) for stdin EOF.
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Status } from '../../../api/types/meta.js';
import { STDERR, STDIN, STDOUT, type MuxStream, type StreamResult } from '../../../client/tunnel/index.js';
import type { OpenStreams } from '../handlers/context.js';

export const V5 = 'v5.channel.k8s.io';
export const V4 = 'v4.channel.k8s.io';

const CH_ERROR = 3;
const CH_RESIZE = 4;
const CH_CLOSE = 255;

/** The protocol to answer with: v5 when offered, else v4; undefined when neither is. */
export function chooseRemoteCommandProtocol(offered: string[]): string | undefined {
  if (offered.includes(V5)) return V5;
  if (offered.includes(V4)) return V4;
  return undefined;
}

/** The Status kubectl reads on channel 3 when the command has ended (its exit code, if any). */
export function exitStatus(result: StreamResult, command: string[]): Status {
  if (result.how === 'closed') {
    const code = result.trailer?.exitCode;
    if (typeof code !== 'number' || code === 0) return { metadata: {}, status: 'Success' };
    return {
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: error executing command ${goList(command)}, exit code ${code}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
    };
  }
  const e = result.error;
  return { metadata: {}, status: 'Failure', message: e?.message ?? 'the stream failed', reason: e?.reason ?? 'InternalError', code: e?.code ?? 500 };
}

export interface RemoteCommandSession {
  protocol: string;
  command: string[];
  what: string;
  log: Logger;
  streams: OpenStreams;
}

/** Joins a client's WebSocket to the agent's exec/attach stream until either ends. */
export function bridgeRemoteCommand(ws: WebSocket, stream: MuxStream, s: RemoteCommandSession): void {
  const started = performance.now();
  let inBytes = 0, outBytes = 0;
  const untrack = s.streams.add(() => {
    stream.cancel();
    ws.close(1001, 'the API server is shutting down');
  });
  let waitingForWindow = false;

  ws.on('message', (data, isBinary) => {
    if (!isBinary || !Buffer.isBuffer(data) || data.length === 0) return;
    const channel = data[0];
    const payload = data.subarray(1);
    switch (channel) {
      case STDIN:
        inBytes += payload.length;
        if (!stream.write(STDIN, payload) && !waitingForWindow) {
          // Back-pressure to the client: stop reading its socket until the agent takes more.
          waitingForWindow = true;
          ws.pause();
          stream.once('drain', () => {
            waitingForWindow = false;
            ws.resume();
          });
        }
        break;
      case CH_RESIZE: {
        const size = parseResize(payload);
        if (size) stream.resize(size.width, size.height);
        break;
      }
      case CH_CLOSE:
        if (payload[0] === STDIN) stream.closeChannel(STDIN);
        break;
      default:
        break;
    }
  });
  ws.on('close', () => {
    if (!stream.closed) stream.cancel();
    untrack();
  });
  ws.on('error', () => ws.terminate());

  stream.setHandler({
    data(channel, chunk) {
      if (channel !== STDOUT && channel !== STDERR) return;
      outBytes += chunk.length;
      ws.send(Buffer.concat([Buffer.from([channel]), chunk]), () => stream.consumed(chunk.length));
    },
    done(result) {
      const status = exitStatus(result, s.command);
      ws.send(Buffer.concat([Buffer.from([CH_ERROR]), Buffer.from(JSON.stringify(status))]));
      ws.close(1000);
      untrack();
      s.log.debug({ what: s.what, protocol: s.protocol, how: result.how, exit: result.trailer?.exitCode, inBytes, outBytes, ms: Math.round(performance.now() - started) }, 'remote command ended');
    },
  });
}

/** `{"Width":W,"Height":H}` (the capitalised keys of remotecommand.TerminalSize). */
function parseResize(payload: Buffer): { width: number; height: number } | undefined {
  try {
    const v: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof v !== 'object' || v === null) return undefined;
    const { Width, Height } = v as { Width?: unknown; Height?: unknown };
    if (typeof Width !== 'number' || typeof Height !== 'number') return undefined;
    return { width: Width, height: Height };
  } catch {
    return undefined;
  }
}

/** Go's %v of a []string: `[sh -c exit 3]`. */
function goList(items: string[]): string {
  return `[${items.join(' ')}]`;
}
