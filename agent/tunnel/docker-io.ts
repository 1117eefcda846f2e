// The engine calls behind logs and attach, streamed (dockerode buffers a non-follow log whole, and its
// demuxer ignores back-pressure; a large log must flow through in pieces).
import type { Duplex, Readable } from 'node:stream';
import type Dockerode from 'dockerode';

export interface EngineLogOptions {
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  /** Unix seconds, fractional. */
  since?: number;
}

function dial<T>(docker: Dockerode, opts: Parameters<Dockerode['modem']['dial']>[0]): Promise<T> {
  return new Promise((resolve, reject) => {
    docker.modem.dial({ statusCodes: { 101: true, 200: true, 404: 'no such container', 409: 'container is not running', 500: 'server error' }, ...opts }, (err, result) => {
      if (err) reject(err);
      else resolve(result as T);
    });
  });
}

export function engineLogs(docker: Dockerode, id: string, o: EngineLogOptions): Promise<Readable> {
  return dial<Readable>(docker, {
    path: `/containers/${id}/logs?`,
    method: 'GET',
    isStream: true,
    options: { stdout: true, stderr: true, follow: o.follow, timestamps: o.timestamps, tail: o.tailLines ?? 'all', since: o.since ?? 0 },
  });
}

export function engineAttach(docker: Dockerode, id: string, stdin: boolean): Promise<Duplex> {
  return dial<Duplex>(docker, {
    path: `/containers/${id}/attach?`,
    method: 'POST',
    isStream: true,
    hijack: true,
    openStdin: stdin,
    options: { stream: true, stdin, stdout: true, stderr: true },
  });
}

export async function isTty(docker: Dockerode, id: string): Promise<boolean> {
  return (await docker.getContainer(id).inspect()).Config.Tty === true;
}
