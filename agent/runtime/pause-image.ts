// The sandbox ("pause") image: built on the node from the host's static busybox, never pulled. Its only
// job is to hold the pod's namespaces, so it sleeps until it is killed.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { tarArchive } from './tar.js';

export const PAUSE_IMAGE = 'skiff/pause:1';
export const PAUSE_COMMAND = ['/bin/busybox', 'sleep', '2147483647'];
const BUSYBOX_CANDIDATES = [process.env.SKIFF_BUSYBOX, '/bin/busybox', '/usr/bin/busybox'].filter((p): p is string => !!p);

export async function ensurePauseImage(docker: Dockerode): Promise<string> {
  try {
    await docker.getImage(PAUSE_IMAGE).inspect();
    return PAUSE_IMAGE;
  } catch {
    // not there yet: build it
  }
  let busybox: Buffer | undefined;
  for (const p of BUSYBOX_CANDIDATES) {
    busybox = await readFile(p).catch(() => undefined);
    if (busybox) break;
  }
  if (!busybox) {
    throw new Error(`cannot build the pause image: no static busybox found (looked at ${BUSYBOX_CANDIDATES.join(', ')}); install busybox-static (sudo bash scripts/setup-host.sh)`);
  }
  const tar = tarArchive([
    { path: 'bin', mode: 0o755 },
    { path: 'bin/busybox', mode: 0o755, data: busybox },
    { path: 'etc', mode: 0o755 },
    { path: 'proc', mode: 0o755 },
    { path: 'dev', mode: 0o755 },
  ]);
  const [repo, tag] = PAUSE_IMAGE.split(':');
  // docker-modem sends an array as one JSON string, which dockerd refuses: one change per line instead.
  const stream = await docker.importImage(Readable.from([tar]), { repo, tag, changes: `CMD ${JSON.stringify(PAUSE_COMMAND)}` } as object);
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
  await docker.getImage(PAUSE_IMAGE).inspect();
  return PAUSE_IMAGE;
}
