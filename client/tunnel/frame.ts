// The agent tunnel's wire format: one binary WebSocket message per frame, a 6-byte header
// (type, stream id, channel) and a payload. Shared by the API server and the agent.

export const TUNNEL_SUBPROTOCOL = 'v1.tunnel.skiff.dev';

/** The path an agent opens its tunnel on; `{node}` must be the agent's own node name. */
export function tunnelPath(node: string): string {
  return `/apis/tunnel.skiff.dev/v1/nodes/${encodeURIComponent(node)}/connect`;
}

export const TUNNEL_PATH_PATTERN = /^\/apis\/tunnel\.skiff\.dev\/v1\/nodes\/([^/]+)\/connect$/;

export enum FrameType {
  /** Server → agent: JSON OpenRequest. Agent → server: the stream is accepted (empty payload). */
  Open = 1,
  /** Bytes on `channel`. */
  Data = 2,
  /** The sender sends no more on `channel`; on ALL_CHANNELS the sender is done with the stream (JSON trailer, optional). */
  Close = 3,
  /** JSON metav1.Status; ends the stream. */
  Error = 4,
  /** uint16 width, uint16 height. */
  Resize = 5,
  /** uint32: more bytes the receiver of this frame may send on the stream (flow control). */
  Window = 6,
}

export const ALL_CHANNELS = 255;
/** Channels as in Kubernetes' remotecommand protocol; logs use STDOUT, port-forward uses STDIN both ways. */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;

export const HEADER_BYTES = 6;

export interface Frame {
  type: FrameType;
  streamId: number;
  channel: number;
  payload: Buffer;
}

export class FrameError extends Error {}

export function encodeFrame(type: FrameType, streamId: number, channel: number, payload: Buffer = EMPTY): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out[0] = type;
  out.writeUInt32BE(streamId, 1);
  out[5] = channel;
  payload.copy(out, HEADER_BYTES);
  return out;
}

export function decodeFrame(msg: Buffer): Frame {
  if (msg.length < HEADER_BYTES) throw new FrameError(`tunnel frame too short (${msg.length} bytes)`);
  const type = msg[0];
  if (type < FrameType.Open || type > FrameType.Window) throw new FrameError(`unknown tunnel frame type ${type}`);
  return { type, streamId: msg.readUInt32BE(1), channel: msg[5], payload: msg.subarray(HEADER_BYTES) };
}

export function resizePayload(width: number, height: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16BE(clamp16(width), 0);
  b.writeUInt16BE(clamp16(height), 2);
  return b;
}

export function windowPayload(bytes: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(bytes, 0);
  return b;
}

const EMPTY = Buffer.alloc(0);

function clamp16(n: number): number {
  return Math.max(0, Math.min(0xffff, Math.floor(n)));
}
