// Test images built locally from the host's Debian binaries (no registry is reachable): a busybox image
// with the usual applets as links.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import Dockerode from 'dockerode';
import { tarArchive, type TarEntry } from '../../agent/runtime/tar.js';

export const BUSYBOX_IMAGE = 'skiff-test/busybox:1';
const APPLETS = ['sh', 'ls', 'cat', 'echo', 'sleep', 'wget', 'nc', 'env', 'hostname', 'ip', 'ps', 'kill', 'touch', 'mkdir', 'date', 'tail', 'grep', 'test', 'true', 'false', 'id', 'httpd', 'seq', 'head', 'wc', 'printf', 'nslookup', 'ping', 'rm', 'sed', 'awk', 'mount'];

export async function ensureBusyboxImage(docker = new Dockerode()): Promise<string> {
  if (await docker.getImage(BUSYBOX_IMAGE).inspect().catch(() => undefined)) return BUSYBOX_IMAGE;
  const entries: TarEntry[] = [
    { path: 'bin', mode: 0o755 },
    { path: 'bin/busybox', mode: 0o755, data: readFileSync('/bin/busybox') },
    ...APPLETS.map((a) => ({ path: `bin/${a}`, mode: 0o777, linkTarget: 'busybox' })),
    { path: 'etc', mode: 0o755 },
    { path: 'tmp', mode: 0o1777 },
    { path: 'var', mode: 0o755 },
    { path: 'var/log', mode: 0o755 },
  ];
  const [repo, tag] = BUSYBOX_IMAGE.split(':');
  const stream = await docker.importImage(Readable.from([tarArchive(entries)]), { repo, tag, changes: ['CMD ["/bin/sh"]', 'ENV PATH=/bin'].join('\n') } as object);
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
  return BUSYBOX_IMAGE;
}
