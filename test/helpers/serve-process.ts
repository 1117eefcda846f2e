// Runs `skiff serve` as a real child process and waits for its "API: https://…" line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { repoPath } from './paths.js';

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

export async function startServe(args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [repoPath('bin', 'skiff.js'), 'serve', ...args], { env: { ...process.env, SKIFF_LOG_LEVEL: 'warn', ...env } });
  let out = '', err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`skiff serve did not print its API line in 15 s; stderr: ${err}`)), 15_000);
    const check = (): void => {
      const m = /^API: (https:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`skiff serve exited (${code}) before serving; stderr: ${err}`));
    });
  });
  return { child, url, stdout: () => out, stderr: () => err, exited };
}
