// The tray icon drawn in code (the logo of the app bar: two sails and a hull), coloured by the cluster's
// tone, so no image files are needed per state and size. Also the source of the packaging icon
// (scripts/make-icon.js). Pure: pixels in, pixels out.
import type { Tone } from './tray-status.js';

type Point = [number, number];
type Rgba = [number, number, number, number];

const TONE_COLOUR: Record<Tone, [number, number, number]> = {
  ok: [0x2f, 0x6f, 0xde],
  warn: [0xe0, 0xa3, 0x40],
  error: [0xc4, 0x30, 0x2b],
};
const HULL: Rgba = [0x6b, 0x72, 0x80, 255];

/** The logo's convex shapes on a 24×24 grid (App.vue's SVG). */
function shapes(tone: Tone): [Point[], Rgba][] {
  const [r, g, b] = TONE_COLOUR[tone];
  return [
    [[[12, 2], [12, 17], [4, 17]], [r, g, b, 255]],
    [[[13, 5], [20, 17], [13, 17]], [r, g, b, 150]],
    [[[2, 19], [22, 19], [19, 22], [5, 22]], HULL],
  ];
}

/** RGBA pixels, `size`×`size`, anti-aliased by 4×4 supersampling. */
export function drawLogo(size: number, tone: Tone): Buffer {
  const out = Buffer.alloc(size * size * 4);
  const scale = 24 / size;
  const polys = shapes(tone);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) * scale;
          const y = (py + (sy + 0.5) / S) * scale;
          const hit = polys.find(([poly]) => inside(poly, x, y));
          if (!hit) continue;
          const [cr, cg, cb, ca] = hit[1];
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const i = (py * size + px) * 4;
      if (a === 0) continue;
      out[i] = Math.round(r / a);
      out[i + 1] = Math.round(g / a);
      out[i + 2] = Math.round(b / a);
      out[i + 3] = Math.round(a / (S * S));
    }
  }
  return out;
}

/** Inside a convex polygon given in either winding. */
function inside(poly: readonly Point[], x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i];
    const [x2, y2] = poly[(i + 1) % poly.length];
    const cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1);
    if (cross === 0) continue;
    const s = Math.sign(cross);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}
