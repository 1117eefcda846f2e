// The tcpSocket handler (pkg/probe/tcp): success when a TCP connection opens within the timeout.
import { connect } from 'node:net';
import { dialError, joinHostPort } from './address.js';
import type { ProbeClock } from './clock.js';
import type { HandlerResult } from './types.js';

export function tcpProbe(host: string, port: number, timeoutMs: number, clock: ProbeClock): Promise<HandlerResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let settled = false;
    const done = (r: HandlerResult): void => {
      if (settled) return;
      settled = true;
      cancel();
      socket.destroy();
      resolve(r);
    };
    const cancel = clock.setTimeout(() => done({ outcome: 'failure', output: `dial tcp ${joinHostPort(host, port)}: i/o timeout` }), timeoutMs);
    socket.once('connect', () => done({ outcome: 'success', output: '' }));
    socket.once('error', (err) => done({ outcome: 'failure', output: dialError(host, port, err) }));
  });
}
