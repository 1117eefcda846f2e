// Moving a Node stream's bytes onto a tunnel stream with back-pressure: the source pauses while the
// tunnel stream's window is used up and resumes on 'drain'.
import type { Readable } from 'node:stream';
import type { MuxStream } from './mux-stream.js';

export interface PumpOptions {
  /** Also paused while the window is full (a raw socket feeding `source` without back-pressure). */
  upstream?: Readable;
  onEnd?: () => void;
}

/** Returns a function that detaches the pump. */
export function pumpToStream(source: Readable, stream: MuxStream, channel: number, opts: PumpOptions = {}): () => void {
  const onData = (chunk: Buffer | string): void => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!stream.write(channel, buf)) {
      source.pause();
      opts.upstream?.pause();
    }
  };
  const onDrain = (): void => {
    source.resume();
    opts.upstream?.resume();
  };
  const onEnd = (): void => {
    detach();
    opts.onEnd?.();
  };
  const detach = (): void => {
    source.off('data', onData);
    source.off('end', onEnd);
    stream.off('drain', onDrain);
  };
  source.on('data', onData);
  source.once('end', onEnd);
  stream.on('drain', onDrain);
  return detach;
}
