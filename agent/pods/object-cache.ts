// Secrets and ConfigMaps the agent's pods reference, read through the API and remembered, so a pod
// can still (re)start while the control plane is unreachable (offline autonomy).
import { findResource } from '../../api/resources/registry.js';
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import { StatusError } from '../../api/errors/status-error.js';
import type { Transport } from '../../client/transport.js';

const SECRETS = findResource('', 'v1', 'secrets')!;
const CONFIGMAPS = findResource('', 'v1', 'configmaps')!;

export class ReferencedObjects {
  private readonly last = new Map<string, KubeObject>();

  constructor(private readonly transport: Transport) {}

  getSecret = async (namespace: string, name: string): Promise<Secret> => (await this.get(SECRETS.resource, namespace, name)) as unknown as Secret;
  getConfigMap = async (namespace: string, name: string): Promise<ConfigMap> => (await this.get(CONFIGMAPS.resource, namespace, name)) as unknown as ConfigMap;

  private async get(resource: string, namespace: string, name: string): Promise<KubeObject> {
    const key = `${resource}/${namespace}/${name}`;
    try {
      const obj = await this.transport.get(resource === 'secrets' ? SECRETS : CONFIGMAPS, namespace, name);
      this.last.set(key, obj);
      return obj;
    } catch (err) {
      // The API said it is gone: believe it. The API could not be reached: use what we saw last.
      if (err instanceof StatusError) {
        if (err.code === 404) this.last.delete(key);
        throw err;
      }
      const cached = this.last.get(key);
      if (cached) return cached;
      throw err;
    }
  }
}
