// A Docker engine of the test's own: its own socket, data root and exec root (so its own containerd), no
// bridge and no iptables rules. A test may stop and start it — as a restart of dockerd on a node — without
// disturbing the machine's engine or the tests that use it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { tempDir } from './tmp.js';

export interface PrivateDockerd {
  docker: Dockerode;
  socket: string;
  /** SIGTERM, as a service manager stops it: the engine stops its containers, then exits. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Copies images from the machine's engine (no registry is reachable). */
  loadFrom(host: Dockerode, images: string[]): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

export async function startPrivateDockerd(): Promise<PrivateDockerd> {
  const dir = tempDir('skd-');
  const socket = join(dir.path, 'docker.sock');
  const config = join(dir.path, 'daemon.json');
  writeFileSync(config, '{}\n');
  const log = createWriteStream(join(dir.path, 'dockerd.log'), { flags: 'a' });
  const docker = new Dockerode({ socketPath: socket });
  let proc: ChildProcess | undefined;
  const args = [
    '--host', `unix://${socket}`, '--data-root', join(dir.path, 'data'), '--exec-root', join(dir.path, 'exec'),
    '--pidfile', join(dir.path, 'docker.pid'), '--config-file', config, '--bridge', 'none', '--iptables=false',
    '--ip6tables=false', '--ip-masq=false', '--userland-proxy=false', '--shutdown-timeout', '2', '--log-level', 'warn',
  ];
  const d: PrivateDockerd = {
    docker, socket,
    async start() {
      const child = spawn('dockerd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      proc = child;
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the private dockerd exited with ${child.exitCode}; see ${join(dir.path, 'dockerd.log')}`);
        if (await docker.ping().then(() => true, () => false)) return;
        if (Date.now() > deadline) throw new Error(`the private dockerd did not answer within 30 s; see ${join(dir.path, 'dockerd.log')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      const child = proc;
      proc = undefined;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
    async loadFrom(host, images) {
      for (const image of images) {
        const tar = await host.getImage(image).get();
        const res = await docker.loadImage(tar);
        await new Promise<void>((resolve, reject) => docker.modem.followProgress(res, (err: Error | null) => (err ? reject(err) : resolve())));
      }
    },
    async destroy() {
      for (const c of await docker.listContainers({ all: true }).catch(() => [])) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
      await d.stop();
      log.end();
      // Layers the engine had mounted when it went down (a container being made at that moment).
      dir.dispose();
    },
  };
  await d.start();
  return d;
}
