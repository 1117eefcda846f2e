// A minimal DNS client for tests: one question over UDP or TCP, the answer decoded.
import { exchange } from '../../../../agent/dns/exchange.js';
import type { Message } from '../../../../agent/dns/message.js';
import { queryWire } from './fixtures.js';

export interface AskOptions {
  proto?: 'udp' | 'tcp';
  /** Send an OPT record (default true); false asks like a pre-EDNS resolver, limited to 512 bytes. */
  edns?: boolean;
  timeoutMs?: number;
}

export function ask(server: { host: string; port: number }, name: string, type: number, o: AskOptions = {}): Promise<Message> {
  const id = Math.floor(Math.random() * 0x10000);
  return exchange(server, queryWire(name, type, { id, edns: o.edns }), o.proto ?? 'udp', (m) => m.id === id, o.timeoutMs ?? 5000);
}
