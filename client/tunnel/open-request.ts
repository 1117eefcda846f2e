// What the API server asks an agent to serve on a new tunnel stream, and the validator the agent runs
// on it (the payload crosses a process boundary, so it is `unknown` until checked here).
import { isObject } from '../../api/types/meta.js';

export interface PodTarget {
  namespace: string;
  name: string;
  uid: string;
}

export interface LogRequest {
  kind: 'log';
  pod: PodTarget;
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339. */
  sinceTime?: string;
  limitBytes?: number;
  /** The container's waiting reason from the pod's status, for the "is waiting to start" message. */
  waitingReason?: string;
}

export interface ExecRequest {
  kind: 'exec' | 'attach';
  pod: PodTarget;
  container: string;
  /** exec only. */
  command: string[];
  tty: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

export interface PortForwardRequest {
  kind: 'portforward';
  pod: PodTarget;
  /** Where the agent connects: the pod IP, or 127.0.0.1 for hostNetwork pods. */
  host: string;
  port: number;
}

/** The node's latest usage summary (the metrics API's source): answered as JSON on STDOUT. */
export interface StatsRequest {
  kind: 'stats';
}

export type OpenRequest = LogRequest | ExecRequest | PortForwardRequest | StatsRequest;

/** The requests about one pod (all but stats). */
export type PodStreamRequest = Exclude<OpenRequest, StatsRequest>;

export class OpenRequestError extends Error {}

export function parseOpenRequest(v: unknown): OpenRequest {
  if (!isObject(v)) throw new OpenRequestError('open request must be an object');
  if (v.kind === 'stats') return { kind: 'stats' };
  const pod = podOf(v.pod);
  switch (v.kind) {
    case 'log':
      return {
        kind: 'log', pod, container: str(v.container, 'container'),
        follow: bool(v.follow), previous: bool(v.previous), timestamps: bool(v.timestamps),
        tailLines: optInt(v.tailLines, 'tailLines'), sinceSeconds: optInt(v.sinceSeconds, 'sinceSeconds'),
        sinceTime: optStr(v.sinceTime, 'sinceTime'), limitBytes: optInt(v.limitBytes, 'limitBytes'),
        waitingReason: optStr(v.waitingReason, 'waitingReason'),
      };
    case 'exec':
    case 'attach': {
      const command = Array.isArray(v.command) ? v.command : [];
      if (!command.every((c): c is string => typeof c === 'string')) throw new OpenRequestError('command must be a list of strings');
      if (v.kind === 'exec' && command.length === 0) throw new OpenRequestError('exec needs a command');
      return { kind: v.kind, pod, container: str(v.container, 'container'), command, tty: bool(v.tty), stdin: bool(v.stdin), stdout: bool(v.stdout), stderr: bool(v.stderr) };
    }
    case 'portforward': {
      const port = optInt(v.port, 'port');
      if (port === undefined || port < 1 || port > 65535) throw new OpenRequestError('port must be 1-65535');
      return { kind: 'portforward', pod, host: str(v.host, 'host'), port };
    }
  }
  throw new OpenRequestError(`unknown stream kind ${JSON.stringify(v.kind)}`);
}

function podOf(v: unknown): PodTarget {
  if (!isObject(v)) throw new OpenRequestError('pod must be an object');
  return { namespace: str(v.namespace, 'pod.namespace'), name: str(v.name, 'pod.name'), uid: str(v.uid, 'pod.uid') };
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw new OpenRequestError(`${field} must be a non-empty string`);
  return v;
}

function optStr(v: unknown, field: string): string | undefined {
  return v === undefined ? undefined : str(v, field);
}

function optInt(v: unknown, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new OpenRequestError(`${field} must be an integer`);
  return v;
}

function bool(v: unknown): boolean {
  return v === true;
}
