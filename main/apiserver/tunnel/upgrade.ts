// The HTTPS server's 'upgrade' event: agent tunnels are accepted here; every other upgrade (exec,
// attach, port-forward) goes through the normal router with a response bound to the raw socket, so
// authentication, authorization and errors work as for any request.
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TUNNEL_PATH_PATTERN } from '../../../client/tunnel/index.js';
import type { ServerDeps } from '../handlers/context.js';
import { sendError } from '../respond.js';
import { route } from '../route.js';
import { acceptTunnel } from './connect.js';
import { markUpgrade, pendingUpgradeOf } from './pending-upgrade.js';

export function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, deps: ServerDeps): void {
  const res = new ServerResponse(req);
  res.assignSocket(socket as Socket);
  res.shouldKeepAlive = false;
  // An answer that is not a protocol switch ends the connection (the client sent an Upgrade request).
  res.on('finish', () => socket.end());
  socket.on('error', () => socket.destroy());
  markUpgrade(req, res, socket, head);
  const path = new URL(req.url ?? '/', 'https://skiff.invalid').pathname;
  const tunnel = TUNNEL_PATH_PATTERN.exec(path);
  if (!tunnel) {
    void route(req, res, deps);
    return;
  }
  acceptTunnel(req, decodeURIComponent(tunnel[1]), deps).catch((err: unknown) => {
    if (pendingUpgradeOf(req)) sendError(res, err);
    else {
      deps.log.warn({ err: (err as Error).message }, 'agent tunnel handshake failed');
      socket.destroy();
    }
  });
}
