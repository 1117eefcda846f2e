// SPDY/3 header blocks: the dictionary kubectl checks by Adler-32, blocks from a real zlib deflater
// (as Go's writer makes them) decoded in order, and ours readable by a persistent inflater.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { adler32, SPDY3_DICTIONARY, SPDY3_DICTIONARY_ADLER32 } from '../../../../../../main/apiserver/tunnel/spdy/dictionary.js';
import { HeaderBlockDecoder, HeaderBlockEncoder, parseHeaders, serializeHeaders } from '../../../../../../main/apiserver/tunnel/spdy/headers.js';

/** One block out of a persistent zlib stream, ended with a sync flush (what each SPDY frame carries). */
function syncFlushed(z: Deflate | Inflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const on = (d: Buffer): void => { out.push(d); };
    z.on('data', on);
    z.write(input);
    z.flush(constants.Z_SYNC_FLUSH, () => {
      z.off('data', on);
      resolve(Buffer.concat(out));
    });
  });
}

describe('SPDY/3 header blocks', () => {
  test('the rebuilt dictionary is the spec\'s (1423 bytes, Adler-32 0xe3c6a7c2)', () => {
    assert.equal(SPDY3_DICTIONARY.length, 1423);
    assert.equal(adler32(SPDY3_DICTIONARY), SPDY3_DICTIONARY_ADLER32);
    assert.equal(SPDY3_DICTIONARY_ADLER32, 0xe3c6a7c2);
  });

  test('blocks from one deflate stream with the dictionary decode in order', async () => {
    const deflate = createDeflate({ dictionary: SPDY3_DICTIONARY });
    const decoder = new HeaderBlockDecoder();
    const pairs = [0, 1, 2].map((id) => ({ streamtype: id === 1 ? 'data' : 'error', port: '8080', requestid: String(id) }));
    const blocks = [];
    for (const h of pairs) blocks.push(await syncFlushed(deflate, serializeHeaders(h)));
    // The first block names the dictionary by its checksum (FDICT), as kubectl's does.
    assert.equal(blocks[0].readUInt32BE(2), SPDY3_DICTIONARY_ADLER32);
    // Decoded concurrently-issued, answered in order.
    assert.deepEqual(await Promise.all(blocks.map((b) => decoder.decode(b))), pairs);
    decoder.close();
  });

  test('our blocks inflate block by block, each complete before the next arrives', async () => {
    const encoder = new HeaderBlockEncoder();
    const inflate = createInflate();
    for (const h of [{}, { a: 'b' }, {}] as Record<string, string>[]) {
      const block = encoder.encode(h);
      // Ends like a sync flush: Go's inflater releases a stored block's bytes only when the next block starts.
      assert.deepEqual(block.subarray(-4), Buffer.from([0x00, 0x00, 0xff, 0xff]));
      assert.deepEqual(parseHeaders(await syncFlushed(inflate, block)), h);
    }
  });

  test('header names are lower-cased and several values keep the first', () => {
    const raw = Buffer.concat([u32(1), u32(4), Buffer.from('Port'), u32(9), Buffer.from('8080\u00009090')]);
    assert.deepEqual(parseHeaders(raw), { port: '8080' });
    assert.throws(() => parseHeaders(Buffer.from([0, 0, 0, 1, 0, 0])), /truncated/);
  });
});

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}
