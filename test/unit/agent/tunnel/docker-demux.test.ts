// Docker's multiplexed stream split into stdout and stderr, whatever the read boundaries.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerDemuxer, type DemuxedChunk } from '../../../../agent/tunnel/docker-demux.js';

function frame(type: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = type;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

function demux(pieces: Buffer[]): DemuxedChunk[] {
  const d = new DockerDemuxer();
  return pieces.flatMap((p) => d.feed(p));
}

/** Merges adjacent pieces of one channel (how they are cut is not part of the contract). */
function joined(chunks: DemuxedChunk[]): [number, string][] {
  const out: [number, string][] = [];
  for (const c of chunks) {
    const last = out[out.length - 1];
    if (last && last[0] === c.channel) last[1] += c.data.toString();
    else out.push([c.channel, c.data.toString()]);
  }
  return out;
}

describe('DockerDemuxer', () => {
  const stream = Buffer.concat([frame(1, 'out-1\n'), frame(1, 'out-2\n'), frame(2, 'err\n'), frame(1, 'out-3\n')]);

  test('frames in one read: runs of a channel come out as one piece', () => {
    const chunks = demux([stream]);
    assert.deepEqual(chunks.map((c) => [c.channel, c.data.toString()]), [[1, 'out-1\nout-2\n'], [2, 'err\n'], [1, 'out-3\n']]);
  });

  test('every split of the stream gives the same bytes per channel', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      assert.deepEqual(joined(demux([stream.subarray(0, cut), stream.subarray(cut)])), [[1, 'out-1\nout-2\n'], [2, 'err\n'], [1, 'out-3\n']], `cut at ${cut}`);
    }
    const bytes = [...stream].map((b) => Buffer.from([b]));
    assert.deepEqual(joined(demux(bytes)), [[1, 'out-1\nout-2\n'], [2, 'err\n'], [1, 'out-3\n']]);
  });

  test('a frame larger than a read is passed on piece by piece', () => {
    const big = frame(1, 'x'.repeat(100_000));
    const chunks = demux([big.subarray(0, 50_000), big.subarray(50_000)]);
    assert.equal(chunks.length, 2);
    assert.equal(Buffer.concat(chunks.map((c) => c.data)).toString(), 'x'.repeat(100_000));
  });
});
