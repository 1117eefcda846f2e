// The Secrets and ConfigMaps this node's pods reference, kept on its own disk beside the pods
// (offline-store.ts): after a reboot without the control plane, a pod with a secret volume or a
// secretKeyRef still starts. One JSON file per object (0600, in a 0700 directory), written atomically and
// only when the object changed — the same data the pods' volume files already hold on this disk.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../../api/types/meta.js';
import { writeJsonAtomic } from './json-file.js';

export class OfflineObjectStore {
  /** resourceVersion last written, per file. */
  private readonly written = new Map<string, string>();

  constructor(private readonly dir: string) {}

  private file(resource: string, namespace: string, name: string): string {
    return join(this.dir, `${resource}.${namespace}.${name}.json`);
  }

  async save(resource: string, obj: KubeObject): Promise<void> {
    const f = this.file(resource, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
    const rv = obj.metadata.resourceVersion ?? '';
    if (rv !== '' && this.written.get(f) === rv) return;
    await writeJsonAtomic(f, obj);
    this.written.set(f, rv);
  }

  async load(resource: string, namespace: string, name: string): Promise<KubeObject | undefined> {
    try {
      return JSON.parse(await readFile(this.file(resource, namespace, name), 'utf8')) as KubeObject;
    } catch {
      return undefined;
    }
  }

  async remove(resource: string, namespace: string, name: string): Promise<void> {
    const f = this.file(resource, namespace, name);
    this.written.delete(f);
    await rm(f, { force: true });
  }
}
