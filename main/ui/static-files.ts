// The built renderer (Vite's output) served from memory: each file read once, kept with its gzip form.
// Hashed assets are immutable; index.html is revalidated, and answers every other path under the base so
// the app's history-mode routes (/ui/pods/...) survive a reload.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.map', '.txt']);

/** Headers every GUI response carries: no framing, no sniffing, no referrer (login URLs hold a token). */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

interface CachedFile {
  body: Buffer;
  gzip?: Buffer;
  type: string;
  etag: string;
  immutable: boolean;
}

export class StaticFiles {
  private readonly cache = new Map<string, Promise<CachedFile | undefined>>();
  private readonly root: string;

  /** `dir` holds index.html and assets/; `base` is the URL prefix it is served under ("/ui/"). */
  constructor(dir: string, readonly base: string) {
    this.root = resolve(dir);
  }

  /** Whether the renderer has been built (dir/index.html exists). */
  async available(): Promise<boolean> {
    return (await this.file('index.html')) !== undefined;
  }

  /** Serves `pathname` (under base); false when there is nothing to serve (the caller answers 404/503). */
  async serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const rel = pathname.startsWith(this.base) ? pathname.slice(this.base.length) : '';
    let file = rel !== '' && !rel.endsWith('/') ? await this.file(rel) : undefined;
    // A missing asset is a 404 (a stale tab after an upgrade must not get HTML as JavaScript); any other
    // path is an app route.
    if (!file && (rel.startsWith('assets/') || extname(rel) !== '')) return false;
    file ??= await this.file('index.html');
    if (!file) return false;
    const headers: Record<string, string | number> = {
      ...SECURITY_HEADERS,
      'Content-Type': file.type,
      ETag: file.etag,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      Vary: 'Accept-Encoding',
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzip! : file.body;
    if (gzip) headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }

  private file(rel: string): Promise<CachedFile | undefined> {
    let entry = this.cache.get(rel);
    if (!entry) {
      entry = this.load(rel);
      this.cache.set(rel, entry);
      // A file missing now may appear after `npm run build:renderer`: do not remember misses.
      void entry.then((f) => { if (!f) this.cache.delete(rel); });
    }
    return entry;
  }

  private async load(rel: string): Promise<CachedFile | undefined> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(rel);
    } catch {
      return undefined;
    }
    const path = normalize(join(this.root, decoded));
    if (!path.startsWith(this.root + sep) || decoded.includes('\0')) return undefined;
    try {
      if (!(await stat(path)).isFile()) return undefined;
      const body = await readFile(path);
      const ext = extname(path).toLowerCase();
      return {
        body,
        gzip: COMPRESSIBLE.has(ext) && body.length > 512 ? gzipSync(body, { level: 9 }) : undefined,
        type: TYPES[ext] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        immutable: rel.startsWith('assets/'),
      };
    } catch {
      return undefined;
    }
  }
}
