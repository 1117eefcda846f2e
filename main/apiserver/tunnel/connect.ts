// The agents' end of the tunnel: `GET /apis/tunnel.skiff.dev/v1/nodes/{node}/connect`, upgraded to a
// WebSocket. Only the node itself may connect (certificate CN=system:node:{node}, O=system:nodes).
import type { IncomingMessage } from 'node:http';
import { BadRequestError, ForbiddenError } from '../../../api/errors/status-error.js';
import { TUNNEL_SUBPROTOCOL, TunnelConnection } from '../../../client/tunnel/index.js';
import { authenticate } from '../authn.js';
import type { ServerDeps } from '../handlers/context.js';
import { offeredSubprotocols, takeUpgrade, upgradeProtocolOf } from './pending-upgrade.js';
import { acceptWebSocket } from './websocket.js';

export async function acceptTunnel(req: IncomingMessage, node: string, deps: ServerDeps): Promise<void> {
  const user = authenticate(req, deps);
  if (user.name !== `system:node:${node}` || !user.groups.includes('system:nodes')) {
    throw new ForbiddenError(`User "${user.name}" cannot connect the tunnel of node "${node}": only the node itself (system:node:${node} in group system:nodes) may`);
  }
  if (upgradeProtocolOf(req) !== 'websocket' || !offeredSubprotocols(req).includes(TUNNEL_SUBPROTOCOL)) {
    throw new BadRequestError(`the agent tunnel is a WebSocket with subprotocol ${TUNNEL_SUBPROTOCOL}`);
  }
  const { socket, head } = takeUpgrade(req);
  const ws = await acceptWebSocket(req, socket, head, TUNNEL_SUBPROTOCOL);
  const conn = new TunnelConnection(ws, {
    role: 'server',
    node,
    keepaliveMs: deps.tunnelKeepaliveMs,
    onProblem: (message) => deps.log.warn({ node, message }, 'agent tunnel protocol error'),
  });
  deps.tunnels.attach(conn);
  const untrack = deps.streams.add(() => conn.close('the API server is shutting down', 1001));
  conn.onClose(() => untrack());
}
