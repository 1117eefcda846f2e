import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, inflateSync } from 'node:zlib';
import { encodePng } from '../../../../main/electron/png.js';
import { drawLogo } from '../../../../main/electron/tray-icon.js';

/** Reads back a PNG written by encodePng: chunks checked by CRC, pixels un-filtered (filter 0 only). */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8, width = 0, height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    assert.equal(png.readUInt32BE(at + 8 + len), crc32(png.subarray(at + 4, at + 8 + len)), `${type} CRC`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.deepEqual([...data.subarray(8)], [8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    assert.equal(rows[y * (width * 4 + 1)], 0, 'filter type 0');
    rows.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

const pixel = (rgba: Buffer, size: number, x: number, y: number): number[] => [...rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];

describe('tray icon', () => {
  test('the PNG holds exactly the drawn pixels', () => {
    const rgba = drawLogo(22, 'ok');
    const back = decodePng(encodePng(22, 22, rgba));
    assert.deepEqual([back.width, back.height], [22, 22]);
    assert.ok(back.rgba.equals(rgba));
  });

  test('the sail takes the tone colour, the hull stays grey, the corners are transparent', () => {
    const size = 48;
    // (8, 14) on the 24 grid is inside the big sail; (12, 20.5) inside the hull; (1, 1) outside everything.
    const at = (tone: 'ok' | 'warn' | 'error', x: number, y: number): number[] => pixel(drawLogo(size, tone), size, x * 2, y * 2);
    assert.deepEqual(at('ok', 9, 14), [0x2f, 0x6f, 0xde, 255]);
    assert.deepEqual(at('warn', 9, 14), [0xe0, 0xa3, 0x40, 255]);
    assert.deepEqual(at('error', 9, 14), [0xc4, 0x30, 0x2b, 255]);
    assert.deepEqual(at('error', 12, 20), [0x6b, 0x72, 0x80, 255]);
    assert.equal(at('ok', 1, 1)[3], 0);
  });

  test('encodePng refuses a buffer of the wrong size', () => {
    assert.throws(() => encodePng(4, 4, Buffer.alloc(10)), /not 4×4 RGBA/);
  });
});
