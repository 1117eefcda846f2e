// The SPDY/3.1 session as kubectl's port-forward drives it: frames split across messages at any byte,
// SYN_STREAM with compressed headers, SYN_REPLY before data, PING echoed, FIN and RST_STREAM.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createDeflate, type Deflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from '../../../../../../main/apiserver/tunnel/spdy/dictionary.js';
import { ControlType, controlFrame, dataFrame, FLAG_FIN, rstStreamFrame, RST_CANCEL, SpdyFrameReader, type SpdyFrame } from '../../../../../../main/apiserver/tunnel/spdy/frames.js';
import { serializeHeaders } from '../../../../../../main/apiserver/tunnel/spdy/headers.js';
import { SpdySession, type SpdyStream } from '../../../../../../main/apiserver/tunnel/spdy/session.js';
import { waitFor } from '../../../../../helpers/wait.js';

function syncFlushed(z: Deflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const on = (d: Buffer): void => { out.push(d); };
    z.on('data', on);
    z.write(input);
    z.flush(constants.Z_SYNC_FLUSH, () => { z.off('data', on); resolve(Buffer.concat(out)); });
  });
}

/** A client end: compresses its headers like kubectl and reads what the session writes. */
class FakeClient {
  private readonly deflate = createDeflate({ dictionary: SPDY3_DICTIONARY });
  readonly reader = new SpdyFrameReader();
  readonly received: SpdyFrame[] = [];
  paused = false;
  closed = false;
  readonly session = new SpdySession({
    write: (data, done) => { this.received.push(...this.reader.push(data)); done?.(); },
    pause: () => { this.paused = true; },
    resume: () => { this.paused = false; },
    close: () => { this.closed = true; },
  });

  async synStream(id: number, headers: Record<string, string>, fin = false): Promise<Buffer> {
    const block = await syncFlushed(this.deflate, serializeHeaders(headers));
    const ids = Buffer.alloc(10);
    ids.writeUInt32BE(id, 0);
    return controlFrame(ControlType.SynStream, fin ? FLAG_FIN : 0, Buffer.concat([ids, block]));
  }

  /** Feeds bytes the way kubectl's tunnel does: a frame split over several messages. */
  feedSplit(bytes: Buffer, sizes = [2, 2, 4, 4, 4, 1, 1]): void {
    let i = 0;
    for (const n of sizes) {
      if (i >= bytes.length) break;
      this.session.feed(bytes.subarray(i, i + n));
      i += n;
    }
    if (i < bytes.length) this.session.feed(bytes.subarray(i));
  }

  controls(type: ControlType): (SpdyFrame & { kind: 'control' })[] {
    return this.received.filter((f): f is SpdyFrame & { kind: 'control' } => f.kind === 'control' && f.type === type);
  }
}

describe('SPDY/3.1 session', () => {
  test('a split SYN_STREAM arrives with its headers; the reply comes before any data', async () => {
    const c = new FakeClient();
    const streams: SpdyStream[] = [];
    c.session.onStream = (s) => { streams.push(s); s.reply(); s.write(Buffer.from('pong')); };
    c.feedSplit(await c.synStream(1, { streamtype: 'error', port: '80', requestid: '0' }));
    c.feedSplit(await c.synStream(3, { streamtype: 'data', port: '80', requestid: '0' }));
    await waitFor('two streams', () => streams.length === 2);
    assert.deepEqual(streams.map((s) => s.headers), [{ streamtype: 'error', port: '80', requestid: '0' }, { streamtype: 'data', port: '80', requestid: '0' }]);
    const order = c.received.map((f) => (f.kind === 'data' ? `data:${f.streamId}` : `control${f.type}:${f.body.readUInt32BE(0)}`));
    assert.deepEqual(order, ['control2:1', 'data:1', 'control2:3', 'data:3']);
    const data = c.received.find((f) => f.kind === 'data');
    assert.equal(data?.kind === 'data' && data.data.toString(), 'pong');
  });

  test('data, FIN and RST_STREAM reach the stream handler; PING is echoed', async () => {
    const c = new FakeClient();
    const events: string[] = [];
    c.session.onStream = (s) => {
      s.reply();
      s.setHandler({ data: (d) => events.push(`data ${s.id} ${d.toString()}`), end: () => events.push(`end ${s.id}`), reset: () => events.push(`reset ${s.id}`) });
    };
    c.session.feed(Buffer.concat([await c.synStream(1, { streamtype: 'data', port: '80', requestid: '0' }), dataFrame(1, Buffer.from('GET /'), false), dataFrame(1, Buffer.alloc(0), true)]));
    c.session.feed(Buffer.concat([await c.synStream(3, { streamtype: 'data', port: '80', requestid: '1' }), rstStreamFrame(3, RST_CANCEL)]));
    const ping = Buffer.alloc(4);
    ping.writeUInt32BE(7, 0);
    c.feedSplit(controlFrame(ControlType.Ping, 0, ping));
    await waitFor('the events', () => events.length === 3 && c.controls(ControlType.Ping).length === 1);
    assert.deepEqual(events, ['data 1 GET /', 'end 1', 'reset 3']);
    assert.equal(c.controls(ControlType.Ping)[0].body.readUInt32BE(0), 7);
  });

  test('data for a stream without a handler yet is kept, and input pauses past a limit', async () => {
    const c = new FakeClient();
    let stream: SpdyStream | undefined;
    c.session.onStream = (s) => { stream = s; s.reply(); };
    c.session.feed(await c.synStream(1, { streamtype: 'data', port: '80', requestid: '0' }));
    await waitFor('the stream', () => stream);
    for (let i = 0; i < 10; i++) c.session.feed(dataFrame(1, Buffer.alloc(32 * 1024, i), false));
    await waitFor('input to pause', () => c.paused);
    const got: Buffer[] = [];
    stream!.setHandler({ data: (d) => got.push(d), end() {}, reset() {} });
    assert.equal(Buffer.concat(got).length, 10 * 32 * 1024);
    assert.equal(c.paused, false);
  });

  test('GOAWAY from the client ends the session and resets its streams', async () => {
    const c = new FakeClient();
    const events: string[] = [];
    c.session.onStream = (s) => { s.reply(); s.setHandler({ data() {}, end() {}, reset: () => events.push('reset') }); };
    c.session.feed(await c.synStream(1, { streamtype: 'data', port: '80', requestid: '0' }));
    c.session.feed(controlFrame(ControlType.GoAway, 0, Buffer.alloc(8)));
    await waitFor('the session to close', () => c.closed);
    assert.deepEqual(events, ['reset']);
  });

  test('a frame in an unsupported SPDY version is a protocol error that closes the session', async () => {
    const c = new FakeClient();
    const bad = controlFrame(ControlType.Ping, 0, Buffer.alloc(4, 1));
    bad.writeUInt16BE(0x8002, 0);
    c.session.feed(bad);
    await waitFor('the session to close', () => c.closed && c.controls(ControlType.GoAway).length === 1);
  });
});
