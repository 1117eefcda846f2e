// A minimal ustar writer: enough to hand `docker import` a root filesystem made of a few host files.
export interface TarEntry {
  path: string;
  mode: number;
  /** File contents; undefined for a directory. */
  data?: Buffer;
  /** Symbolic link target. */
  linkTarget?: string;
}

function field(buf: Buffer, offset: number, length: number, value: string): void {
  buf.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'utf8');
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function header(entry: TarEntry): Buffer {
  const h = Buffer.alloc(512);
  const isDir = entry.data === undefined && entry.linkTarget === undefined;
  const name = isDir && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path;
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: path too long: ${name}`);
  field(h, 0, 100, name);
  field(h, 100, 8, octal(entry.mode, 8));
  field(h, 108, 8, octal(0, 8));
  field(h, 116, 8, octal(0, 8));
  field(h, 124, 12, octal(entry.data?.length ?? 0, 12));
  field(h, 136, 12, octal(0, 12));
  field(h, 148, 8, '        ');
  field(h, 156, 1, entry.linkTarget !== undefined ? '2' : isDir ? '5' : '0');
  if (entry.linkTarget !== undefined) field(h, 157, 100, entry.linkTarget);
  field(h, 257, 6, 'ustar\0');
  field(h, 263, 2, '00');
  let sum = 0;
  for (const b of h) sum += b;
  field(h, 148, 8, octal(sum, 7) + ' ');
  return h;
}

export function tarArchive(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e));
    if (e.data) {
      parts.push(e.data);
      const pad = (512 - (e.data.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
