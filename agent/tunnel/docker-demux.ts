// Docker's multiplexed stream format (8-byte header: stream type, 3 zero bytes, uint32 length) split
// into stdout and stderr pieces. A plain parser fed from 'data' events, not a Transform: the engine
// sends a log as one HTTP chunk per line, and stream machinery per 100-byte piece costs more than the
// bytes. Payloads are passed on as they arrive, not gathered per frame (a frame can be megabytes).

export interface DemuxedChunk {
  /** 1 stdout, 2 stderr (Docker's numbers, which are also the tunnel's channels). */
  channel: 1 | 2;
  data: Buffer;
}

const EMPTY = Buffer.alloc(0);

export class DockerDemuxer {
  private header: Buffer = EMPTY;
  private channel: 1 | 2 = 1;
  private remaining = 0;

  /** The payload bytes in `chunk`, one piece per run of a channel. */
  feed(chunk: Buffer): DemuxedChunk[] {
    const out: DemuxedChunk[] = [];
    let run: Buffer[] = [];
    let runChannel: 1 | 2 = this.channel;
    const endRun = (): void => {
      if (run.length > 0) out.push({ channel: runChannel, data: run.length === 1 ? run[0] : Buffer.concat(run) });
      run = [];
    };
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        if (runChannel !== this.channel) endRun();
        runChannel = this.channel;
        run.push(chunk.subarray(i, i + n));
        i += n;
        this.remaining -= n;
        continue;
      }
      const take = chunk.subarray(i, i + 8 - this.header.length);
      this.header = this.header.length > 0 ? Buffer.concat([this.header, take]) : take;
      i += take.length;
      if (this.header.length === 8) {
        this.channel = this.header[0] === 2 ? 2 : 1;
        this.remaining = this.header.readUInt32BE(4);
        this.header = EMPTY;
      }
    }
    endRun();
    return out;
  }
}
