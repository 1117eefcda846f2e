// One DNS exchange with a server: a query out, the matching answer back, over UDP from a fresh socket
// (a random source port per query, so off-path spoofing must guess it and the id) or over TCP with the
// two-byte length framing of RFC 1035 §4.2.2. Anything that is not the awaited answer is ignored.
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { decodeMessage } from './decode.js';
import type { Message } from './message.js';

export interface Endpoint {
  host: string;
  port: number;
}

export class ExchangeTimeout extends Error {
  override readonly name = 'ExchangeTimeout';
}

/** Calls `onFrame` with each length-prefixed message arriving on a TCP socket. */
export function readFrames(sock: Socket, onFrame: (frame: Buffer) => void): void {
  let acc: Buffer = Buffer.alloc(0);
  sock.on('data', (chunk: Buffer) => {
    acc = acc.length === 0 ? chunk : Buffer.concat([acc, chunk]);
    while (acc.length >= 2) {
      const len = acc.readUInt16BE(0);
      if (acc.length < 2 + len) break;
      const frame = Buffer.from(acc.subarray(2, 2 + len));
      acc = acc.subarray(2 + len);
      onFrame(frame);
    }
  });
}

export function writeFrame(sock: Socket, msg: Buffer): void {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(msg.length);
  sock.write(Buffer.concat([head, msg]));
}

export function exchange(server: Endpoint, wire: Buffer, proto: 'udp' | 'tcp', matches: (m: Message) => boolean, timeoutMs: number): Promise<Message> {
  return new Promise((resolve, reject) => {
    let finished = false;
    let close = (): void => undefined;
    const done = (err: Error | undefined, msg?: Message): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      close();
      if (err) reject(err);
      else resolve(msg!);
    };
    const timer = setTimeout(() => done(new ExchangeTimeout(`no ${proto.toUpperCase()} answer from ${server.host}:${server.port} in ${timeoutMs} ms`)), timeoutMs);
    const take = (buf: Buffer): void => {
      try {
        const m = decodeMessage(buf);
        if (matches(m)) done(undefined, m);
      } catch { /* not a DNS answer: keep waiting */ }
    };
    if (proto === 'udp') {
      const sock = createSocket(server.host.includes(':') ? 'udp6' : 'udp4');
      close = () => { try { sock.close(); } catch { /* already closed */ } };
      sock.on('error', (err) => done(err));
      sock.on('message', take);
      sock.connect(server.port, server.host, () => sock.send(wire, (err) => err && done(err)));
    } else {
      const sock = connect({ host: server.host, port: server.port });
      close = () => sock.destroy();
      sock.on('error', (err) => done(err));
      sock.on('connect', () => writeFrame(sock, wire));
      readFrames(sock, take);
      sock.on('end', () => done(new Error(`${server.host}:${server.port} closed the TCP connection before answering`)));
    }
  });
}
