// An HTTP upgrade request travels through the normal router (authentication, authorization, the
// resource handlers) with a response object bound to its socket, so errors are ordinary Status
// replies. A handler that accepts the upgrade takes the socket from here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface PendingUpgrade {
  socket: Duplex;
  head: Buffer;
}

const pending = new WeakMap<IncomingMessage, PendingUpgrade & { res: ServerResponse }>();

export function markUpgrade(req: IncomingMessage, res: ServerResponse, socket: Duplex, head: Buffer): void {
  pending.set(req, { socket, head, res });
}

/** The upgrade behind this request, if it is one (and no handler took it yet). */
export function pendingUpgradeOf(req: IncomingMessage): PendingUpgrade | undefined {
  return pending.get(req);
}

/** Takes the socket for a protocol switch: the placeholder response lets go of it. */
export function takeUpgrade(req: IncomingMessage): PendingUpgrade {
  const p = pending.get(req);
  if (!p) throw new Error('takeUpgrade: not an upgrade request');
  pending.delete(req);
  p.res.detachSocket(p.socket as Socket);
  return { socket: p.socket, head: p.head };
}

/** The protocol named in the Upgrade header, lower-cased ("websocket", "spdy/3.1"). */
export function upgradeProtocolOf(req: IncomingMessage): string {
  return (req.headers.upgrade ?? '').toLowerCase();
}

/** Subprotocols a WebSocket client offers, in its order. */
export function offeredSubprotocols(req: IncomingMessage): string[] {
  const raw = req.headers['sec-websocket-protocol'];
  return (Array.isArray(raw) ? raw.join(',') : raw ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
}
