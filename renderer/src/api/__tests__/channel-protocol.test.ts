import { describe, expect, it } from 'vitest';
import { CH_RESIZE, CH_STDIN, closeStdinFrame, decodeFrame, encodeFrame, parseExitStatus, resizeFrame } from '../channel-protocol.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('v5.channel.k8s.io frames', () => {
  it('stdin is channel 0 followed by the UTF-8 bytes', () => {
    const f = encodeFrame(CH_STDIN, 'ls é\r');
    expect(f[0]).toBe(0);
    expect(text(f.subarray(1))).toBe('ls é\r');
    expect(f.length).toBe(1 + new TextEncoder().encode('ls é\r').length);
  });

  it('resize is channel 4 with remotecommand.TerminalSize (capitalised keys, whole cells)', () => {
    const f = resizeFrame(120.7, 40);
    expect(f[0]).toBe(CH_RESIZE);
    expect(JSON.parse(text(f.subarray(1)))).toEqual({ Width: 120, Height: 40 });
  });

  it('CLOSE of stdin is ff 00, as kubectl sends at EOF', () => {
    expect([...closeStdinFrame()]).toEqual([0xff, 0x00]);
  });

  it('decodes the channel of a received message; text or empty messages are not frames', () => {
    const got = decodeFrame(new Uint8Array([1, 104, 105]).buffer);
    expect(got?.channel).toBe(1);
    expect(text(got!.payload)).toBe('hi');
    expect(decodeFrame(new ArrayBuffer(0))).toBeUndefined();
    expect(decodeFrame('hello')).toBeUndefined();
  });
});

describe('the Status on channel 3', () => {
  const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

  it('success', () => {
    expect(parseExitStatus(enc({ metadata: {}, status: 'Success' }))).toEqual({ success: true, exitCode: 0, message: '' });
  });

  it('a non-zero exit carries its code in details.causes (as the API server sends it)', () => {
    const s = parseExitStatus(enc({
      metadata: {}, status: 'Failure', message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    }));
    expect(s.success).toBe(false);
    expect(s.exitCode).toBe(3);
  });

  it('other failures keep their message and have no exit code', () => {
    const s = parseExitStatus(enc({ metadata: {}, status: 'Failure', message: 'container not found ("web")', reason: 'InternalError', code: 500 }));
    expect(s).toEqual({ success: false, exitCode: undefined, message: 'container not found ("web")' });
    expect(parseExitStatus(new TextEncoder().encode('not json')).message).toBe('not json');
  });
});
