// Kubernetes' remote-command channel protocol (v5.channel.k8s.io) as kubectl speaks it over WebSocket:
// each binary message is one channel byte and its payload. The GUI sends stdin (0), resize (4) and CLOSE
// (255); it reads stdout (1), stderr (2) and the final Status on channel 3. The local shell (/ui/shell)
// speaks the same framing, so one terminal serves both.
import { isObject } from '@api/types/meta.js';

export const CHANNEL_PROTOCOL = 'v5.channel.k8s.io';

export const CH_STDIN = 0;
export const CH_STDOUT = 1;
export const CH_STDERR = 2;
export const CH_STATUS = 3;
export const CH_RESIZE = 4;
export const CH_CLOSE = 255;

const encoder = new TextEncoder();

export function encodeFrame(channel: number, payload: Uint8Array | string): Uint8Array {
  const body = typeof payload === 'string' ? encoder.encode(payload) : payload;
  const frame = new Uint8Array(body.length + 1);
  frame[0] = channel;
  frame.set(body, 1);
  return frame;
}

/** The channel and payload of a received message; undefined for an empty or text message. */
export function decodeFrame(data: ArrayBuffer | Uint8Array | string): { channel: number; payload: Uint8Array } | undefined {
  if (typeof data === 'string') return undefined;
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length === 0) return undefined;
  return { channel: bytes[0], payload: bytes.subarray(1) };
}

/** remotecommand.TerminalSize: capitalised keys, whole cells. */
export function resizeFrame(cols: number, rows: number): Uint8Array {
  return encodeFrame(CH_RESIZE, JSON.stringify({ Width: Math.max(1, Math.floor(cols)), Height: Math.max(1, Math.floor(rows)) }));
}

/** v5's "stdin is at EOF". */
export function closeStdinFrame(): Uint8Array {
  return new Uint8Array([CH_CLOSE, CH_STDIN]);
}

export interface ExitStatus {
  success: boolean;
  /** The process's exit code when the server reported one (NonZeroExitCode), 0 on success. */
  exitCode?: number;
  message: string;
}

/** Reads the metav1.Status the server sends on channel 3 when the command ends (or cannot start). */
export function parseExitStatus(payload: Uint8Array): ExitStatus {
  const text = new TextDecoder().decode(payload);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { success: false, message: text.trim() || 'the command ended' };
  }
  if (!isObject(v)) return { success: false, message: text.trim() };
  if (v.status === 'Success') return { success: true, exitCode: 0, message: '' };
  const message = typeof v.message === 'string' ? v.message : 'the command failed';
  const details = isObject(v.details) ? v.details : undefined;
  const causes = Array.isArray(details?.causes) ? details.causes : [];
  const exit = causes.find((c): c is { reason: string; message: string } => isObject(c) && c.reason === 'ExitCode' && typeof c.message === 'string');
  const code = exit ? Number(exit.message) : NaN;
  return { success: false, exitCode: Number.isInteger(code) ? code : undefined, message };
}
