// Secrets and ConfigMaps the agent's pods reference, read through the API and remembered — in memory and,
// with a store, on the node's disk — so a pod can still (re)start while the control plane is unreachable,
// even after the agent or the machine restarted (offline autonomy).
import { findResource } from '../../api/resources/registry.js';
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import { StatusError } from '../../api/errors/status-error.js';
import type { Transport } from '../../client/transport.js';
import type { OfflineObjectStore } from '../store/offline-objects.js';
import type { Logger } from 'pino';

const SECRETS = findResource('', 'v1', 'secrets')!;
const CONFIGMAPS = findResource('', 'v1', 'configmaps')!;

export class ReferencedObjects {
  private readonly last = new Map<string, KubeObject>();

  constructor(private readonly transport: Transport, private readonly store?: OfflineObjectStore, private readonly log?: Logger) {}

  getSecret = async (namespace: string, name: string): Promise<Secret> => (await this.get(SECRETS.resource, namespace, name)) as unknown as Secret;
  getConfigMap = async (namespace: string, name: string): Promise<ConfigMap> => (await this.get(CONFIGMAPS.resource, namespace, name)) as unknown as ConfigMap;

  private async get(resource: string, namespace: string, name: string): Promise<KubeObject> {
    const key = `${resource}/${namespace}/${name}`;
    try {
      const obj = await this.transport.get(resource === 'secrets' ? SECRETS : CONFIGMAPS, namespace, name);
      this.last.set(key, obj);
      await this.store?.save(resource, obj).catch((e: unknown) => this.log?.warn({ object: key, err: String(e) }, 'could not keep the object on disk for offline restarts'));
      return obj;
    } catch (err) {
      // The API said it is gone: believe it. The API could not be reached: use what we saw last.
      if (err instanceof StatusError) {
        if (err.code === 404) {
          this.last.delete(key);
          await this.store?.remove(resource, namespace, name).catch(() => undefined);
        }
        throw err;
      }
      const cached = this.last.get(key) ?? (await this.store?.load(resource, namespace, name));
      if (cached) return cached;
      throw err;
    }
  }
}
