// The QR code of the pairing command, drawn as one SVG path (no canvas, no v-html). The encoder (the
// qrcode package) loads on demand, with the dialog's first token, not with the app.
export interface QrMatrix {
  size: number;
  /** Row-major, 1 for a dark module. */
  data: ArrayLike<number>;
}

export interface QrDrawing {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Dark modules as runs: `M{x} {y}h{w}v1h-{w}z` per run of a row. */
  path: string;
  /** The text it encodes. */
  text: string;
}

/** Medium error correction: a phone camera reads it off a screen at once, and it stays small. */
export const QR_ERROR_CORRECTION = 'M';

export function qrPath(m: QrMatrix): string {
  const parts: string[] = [];
  for (let y = 0; y < m.size; y++) {
    let x = 0;
    while (x < m.size) {
      if (!m.data[y * m.size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < m.size && m.data[y * m.size + x]) x++;
      parts.push(`M${start} ${y}h${x - start}v1h-${x - start}z`);
    }
  }
  return parts.join('');
}

export async function drawQrCode(text: string): Promise<QrDrawing> {
  const { create } = await import('qrcode');
  const qr = create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  return { size: qr.modules.size, path: qrPath(qr.modules), text };
}
