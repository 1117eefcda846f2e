// pods/log, pods/exec, pods/attach, pods/portforward: checked here against the pod (as the Kubernetes
// API server does), then served by the agent of the pod's node through its tunnel.
import type { IncomingMessage } from 'node:http';
import { BadRequestError, InvalidError, MethodNotAllowedError, ServiceUnavailableError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import type { StatusCause } from '../../../api/types/meta.js';
import type { LogRequest, TunnelConnection } from '../../../client/tunnel/index.js';
import { boolOf, intOf } from '../query.js';
import { relayLogs } from '../tunnel/logs.js';
import { offeredSubprotocols, pendingUpgradeOf, takeUpgrade, upgradeProtocolOf } from '../tunnel/pending-upgrade.js';
import { podView, requireNode, resolveContainer, type PodView } from '../tunnel/pod-target.js';
import { portForwardOverSpdy, portForwardOverWebSocket, SPDY_OVER_WEBSOCKET } from '../tunnel/portforward.js';
import { bridgeRemoteCommand, chooseRemoteCommandProtocol } from '../tunnel/remote-command.js';
import { acceptWebSocket } from '../tunnel/websocket.js';
import type { HandlerContext } from './context.js';

const PODS = findResource('', 'v1', 'pods')!;

export async function serveNodeSubresource(h: HandlerContext, method: string): Promise<void> {
  const sub = h.info.subresource!;
  if (method !== 'GET' && !(method === 'POST' && sub !== 'log')) throw new MethodNotAllowedError(`${method} is not supported on pods/${sub}`);
  const pod = podView(h.deps.registry.get(PODS, h.info.namespace, h.info.name!));
  switch (sub) {
    case 'log': return podLogs(h, pod);
    case 'exec':
    case 'attach': return remoteCommand(h, pod, sub);
    case 'portforward': return portForward(h, pod);
  }
  throw new MethodNotAllowedError(`${method} is not supported on pods/${sub}`);
}

function tunnelTo(h: HandlerContext, node: string): TunnelConnection {
  const t = h.deps.tunnels.get(node);
  if (!t) throw new ServiceUnavailableError(`no agent connection for node "${node}"`);
  return t;
}

async function podLogs(h: HandlerContext, pod: PodView): Promise<void> {
  const q = h.query;
  const container = resolveContainer(pod, q.get('container'));
  const request: LogRequest = {
    kind: 'log', pod: pod.target, container,
    follow: boolOf(q, 'follow'), previous: boolOf(q, 'previous'), timestamps: boolOf(q, 'timestamps'),
    tailLines: intOf(q, 'tailLines'), sinceSeconds: intOf(q, 'sinceSeconds'), limitBytes: intOf(q, 'limitBytes'),
    sinceTime: q.get('sinceTime') ?? undefined, waitingReason: pod.waitingReason.get(container),
  };
  validateLogOptions(pod.name, request);
  // As upstream: a pod not yet on a node has no logs yet (an empty 200).
  if (!pod.nodeName) {
    h.res.writeHead(200, { 'Content-Type': 'text/plain' });
    h.res.end();
    return;
  }
  await relayLogs(h.res, tunnelTo(h, pod.nodeName), request, h.deps);
}

/** PodLogOptions validation (422 Invalid, as upstream). */
function validateLogOptions(name: string, r: LogRequest): void {
  const causes: StatusCause[] = [];
  const bad = (field: string, value: unknown, why: string): void => { causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${why}` }); };
  if (r.tailLines !== undefined && r.tailLines < 0) bad('tailLines', r.tailLines, 'must be greater than or equal to 0');
  if (r.limitBytes !== undefined && r.limitBytes < 1) bad('limitBytes', r.limitBytes, 'must be greater than 0');
  if (r.sinceSeconds !== undefined && r.sinceSeconds < 1) bad('sinceSeconds', r.sinceSeconds, 'must be greater than 0');
  if (r.sinceSeconds !== undefined && r.sinceTime !== undefined) causes.push({ reason: 'FieldValueForbidden', field: '', message: 'at most one of `sinceTime` or `sinceSeconds` may be specified' });
  if (r.sinceTime !== undefined && Number.isNaN(Date.parse(r.sinceTime))) bad('sinceTime', r.sinceTime, 'must be an RFC3339 time');
  if (causes.length > 0) throw new InvalidError('PodLogOptions', '', name, causes);
}

async function remoteCommand(h: HandlerContext, pod: PodView, kind: 'exec' | 'attach'): Promise<void> {
  const q = h.query;
  const container = resolveContainer(pod, q.get('container'));
  const node = requireNode(pod);
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') {
    throw new BadRequestError(`cannot exec into or attach to a container in a completed pod; current phase is ${pod.phase}`);
  }
  const command = q.getAll('command');
  if (kind === 'exec' && command.length === 0) throw new BadRequestError('you must specify at least one command for the container');
  const io = { stdin: boolOf(q, 'stdin'), stdout: boolOf(q, 'stdout'), stderr: boolOf(q, 'stderr'), tty: boolOf(q, 'tty') };
  if (!io.stdin && !io.stdout && !io.stderr) throw new BadRequestError('you must specify at least 1 of stdin, stdout, stderr');
  const tunnel = tunnelTo(h, node);
  const protocol = requireWebSocket(h.req, chooseRemoteCommandProtocol(offeredSubprotocols(h.req)), kind, 'v5.channel.k8s.io (or v4.channel.k8s.io)');
  // The agent checks the container is running and starts the process before the client is switched
  // over, so its refusal is still an HTTP error kubectl can print.
  const stream = await tunnel.open({ kind, pod: pod.target, container, command, ...io });
  const { socket, head } = takeUpgrade(h.req);
  try {
    const ws = await acceptWebSocket(h.req, socket, head, protocol);
    bridgeRemoteCommand(ws, stream, { protocol, command, what: `${kind} ${pod.target.namespace}/${pod.name}/${container}`, log: h.deps.log, streams: h.deps.streams });
  } catch {
    stream.cancel();
  }
}

async function portForward(h: HandlerContext, pod: PodView): Promise<void> {
  const node = requireNode(pod);
  const tunnel = tunnelTo(h, node);
  const host = pod.hostNetwork ? '127.0.0.1' : pod.podIP;
  if (!host) throw new BadRequestError(`pod ${pod.name} has no IP address yet`);
  const ctx = { tunnel, pod, host, log: h.deps.log, streams: h.deps.streams };
  const upgrade = upgradeProtocolOf(h.req);
  if (upgrade === 'spdy/3.1' && pendingUpgradeOf(h.req)) {
    const versions = String(h.req.headers['x-stream-protocol-version'] ?? '').split(',').map((v) => v.trim());
    if (!versions.includes('portforward.k8s.io')) throw new BadRequestError('port-forward over SPDY needs X-Stream-Protocol-Version: portforward.k8s.io');
    const { socket, head } = takeUpgrade(h.req);
    portForwardOverSpdy(socket, head, ctx);
    return;
  }
  const protocol = requireWebSocket(h.req, offeredSubprotocols(h.req).includes(SPDY_OVER_WEBSOCKET) ? SPDY_OVER_WEBSOCKET : undefined, 'portforward', SPDY_OVER_WEBSOCKET);
  const { socket, head } = takeUpgrade(h.req);
  try {
    portForwardOverWebSocket(await acceptWebSocket(h.req, socket, head, protocol), ctx);
  } catch (err) {
    h.deps.log.debug({ err: (err as Error).message }, 'port-forward handshake failed');
  }
}

/** The WebSocket subprotocol to answer with, or the 400 kubectl prints when the request cannot be served. */
function requireWebSocket(req: IncomingMessage, protocol: string | undefined, what: string, wanted: string): string {
  const upgrade = upgradeProtocolOf(req);
  if (!pendingUpgradeOf(req) || upgrade === '') throw new BadRequestError(`Upgrade request required: pods/${what} is a WebSocket (subprotocol ${wanted})`);
  if (upgrade !== 'websocket') {
    throw new BadRequestError(`pods/${what} over ${req.headers.upgrade} is not supported by Skiff; use the WebSocket protocol ${wanted} (kubectl 1.30+ does unless KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false)`);
  }
  if (!protocol) throw new BadRequestError(`pods/${what} needs the WebSocket subprotocol ${wanted}; the client offered: ${offeredSubprotocols(req).join(', ') || 'none'}`);
  return protocol;
}
