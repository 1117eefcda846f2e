// Argument parsing for skiff's commands, with messages that name the flag and the fix.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '')}\n\n${usage}`);
  }
}

/** "HOST:PORT", "[::1]:PORT" or ":PORT" → host and port. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UsageError(`--listen: "${value}" is not HOST:PORT (for example 127.0.0.1:6443 or [::1]:6443)`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}
