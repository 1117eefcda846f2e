// The pods this node was given, kept on its own disk: after a restart without the control plane the agent
// still knows what to run. One JSON file per pod, written atomically.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../../api/types/meta.js';
import { writeJsonAtomic } from './json-file.js';

export class OfflinePodStore {
  constructor(private readonly dir: string) {}

  private file(uid: string): string {
    return join(this.dir, `${uid}.json`);
  }

  async save(pod: KubeObject): Promise<void> {
    await writeJsonAtomic(this.file(pod.metadata.uid!), pod);
  }

  async remove(uid: string): Promise<void> {
    await rm(this.file(uid), { force: true });
  }

  /** Every stored pod; unreadable files are skipped (and reported). */
  async load(onBad: (file: string, err: unknown) => void = () => {}): Promise<KubeObject[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const pods: KubeObject[] = [];
    for (const n of names) {
      if (!n.endsWith('.json')) continue;
      try {
        pods.push(JSON.parse(await readFile(join(this.dir, n), 'utf8')) as KubeObject);
      } catch (err) {
        onBad(n, err);
      }
    }
    return pods;
  }
}
