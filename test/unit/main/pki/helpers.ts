// Shared by the PKI tests: openssl as an independent judge, temp dirs, a loopback HTTPS server.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';

export const execFileAsync = promisify(execFile);

/** A fresh directory removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pki-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function openssl(args: string[], input?: string): string {
  return execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs openssl expecting it to fail; returns its stderr. */
export function opensslFails(args: string[]): string {
  try {
    openssl(args);
  } catch (err) {
    return String((err as { stderr?: unknown }).stderr);
  }
  throw new Error(`openssl ${args.join(' ')} succeeded, expected a failure`);
}

/** Writes `text` to DIR/name and returns the path (openssl reads files). */
export function fileIn(dir: string, name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 and a free port. */
export async function listenHttps(
  options: ServerOptions, handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RunningServer> {
  const server = createServer(options, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
