// The agent's structured logger (pino, JSON lines on stderr).
import { pino, type Logger } from 'pino';

export function createAgentLogger(name: string, level = process.env.SKIFF_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: false }));
}

export type { Logger };
