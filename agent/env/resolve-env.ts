// A container's environment as the kubelet's makeEnvironmentVariables builds it: service variables
// underneath, then envFrom sources in order, then env entries in order (each may use `$(VAR)` of what
// came before); a later definition of a name wins. A missing required Secret, ConfigMap or key is a
// CreateContainerConfigError with the kubelet's message.
import type { ConfigMap, Container, EnvVar, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { isRelaxedEnvVarName } from '../../api/validation/index.js';
import { DownwardApiError, containerResourceValue, findContainer, podFieldValue, type ResourceList, type RuntimeAddresses } from './downward-api.js';
import { expand, mappingFor, type EnvVarValue, type Mapping } from './expansion.js';
import { ReferencedObjectError, fetchReferenced } from './referenced-object.js';

export interface EnvContext extends RuntimeAddresses {
  /** Both reject with a StatusError of code 404 when the object does not exist. */
  getSecret(namespace: string, name: string): Promise<Secret>;
  getConfigMap(namespace: string, name: string): Promise<ConfigMap>;
  /** From serviceEnvironment(); explicit variables override them. */
  serviceEnv: readonly EnvVarValue[];
  /** Stands in for unset limits in resourceFieldRef (the node's allocatable cpu, memory, ephemeral-storage). */
  nodeAllocatable?: ResourceList;
}

/** Something the kubelet reports as a Warning event on the pod while the container still starts. */
export interface EnvWarning {
  reason: string;
  message: string;
}

export interface ResolvedEnv {
  env: EnvVarValue[];
  /** Set when the container cannot be created (reason CreateContainerConfigError); env is then empty. */
  error?: string;
  warnings: EnvWarning[];
}

class EnvConfigError extends Error {
  override readonly name = 'EnvConfigError';
}

/** Fetches each referenced object once per resolution; undefined for a missing optional one. */
class ObjectCache {
  private readonly secrets = new Map<string, Promise<Secret>>();
  private readonly configMaps = new Map<string, Promise<ConfigMap>>();

  constructor(private readonly ctx: EnvContext, private readonly namespace: string) {}

  secret(name: string, optional: boolean): Promise<Secret | undefined> {
    return fetchReferenced(() => cached(this.secrets, name, () => this.ctx.getSecret(this.namespace, name)), 'secret', name, optional);
  }

  configMap(name: string, optional: boolean): Promise<ConfigMap | undefined> {
    return fetchReferenced(() => cached(this.configMaps, name, () => this.ctx.getConfigMap(this.namespace, name)), 'configmap', name, optional);
  }
}

function cached<T>(cache: Map<string, Promise<T>>, name: string, get: () => Promise<T>): Promise<T> {
  let p = cache.get(name);
  if (!p) cache.set(name, (p = get()));
  return p;
}

/** Secret values arrive base64-encoded. */
const secretData = (s: Secret): Record<string, string> =>
  Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

class EnvResolver {
  private readonly objects: ObjectCache;
  private readonly namespace: string;
  readonly warnings: EnvWarning[] = [];
  /** envFrom and env definitions so far, in first-definition order. */
  readonly explicit = new Map<string, string>();

  constructor(private readonly pod: Pod, private readonly container: Container, private readonly ctx: EnvContext) {
    this.namespace = pod.metadata?.namespace ?? 'default';
    this.objects = new ObjectCache(ctx, this.namespace);
  }

  async addEnvFrom(): Promise<void> {
    for (const from of this.container.envFrom ?? []) {
      let source: { kind: string; name: string; data: Record<string, string> } | undefined;
      if (from.configMapRef) {
        const ref = from.configMapRef;
        const cm = await this.objects.configMap(ref.name ?? '', ref.optional === true);
        if (cm) source = { kind: 'configMap', name: ref.name ?? '', data: cm.data ?? {} };
      } else if (from.secretRef) {
        const ref = from.secretRef;
        const secret = await this.objects.secret(ref.name ?? '', ref.optional === true);
        if (secret) source = { kind: 'secret', name: ref.name ?? '', data: secretData(secret) };
      }
      if (source) this.addAll(source, from.prefix ?? '');
    }
  }

  /**
   * A name the runtime cannot carry (non-printable, or with '=') is skipped and reported the way the
   * kubelet reports keys it skips. ConfigMap and Secret keys always pass the relaxed rule Kubernetes
   * 1.32 applies (`1234` included); only a prefix the API server did not validate can trip it.
   */
  private addAll(source: { kind: string; name: string; data: Record<string, string> }, prefix: string): void {
    const invalid: string[] = [];
    for (const [key, value] of Object.entries(source.data)) {
      const name = prefix + key;
      if (isRelaxedEnvVarName(name).length > 0) invalid.push(name);
      else this.explicit.set(name, value);
    }
    if (invalid.length > 0) {
      this.warnings.push({
        reason: 'InvalidEnvironmentVariableNames',
        message: `Keys [${invalid.sort().join(', ')}] from the EnvFrom ${source.kind} ${this.namespace}/${source.name} were skipped since they are considered invalid environment variable names.`,
      });
    }
  }

  async addEnv(lookup: Mapping): Promise<void> {
    for (const ev of this.container.env ?? []) {
      const value = await this.valueOf(ev, lookup);
      if (value !== undefined) this.explicit.set(ev.name, value);
    }
  }

  /** undefined: an optional source is missing, and the variable is left out. */
  private async valueOf(ev: EnvVar, lookup: Mapping): Promise<string | undefined> {
    if (ev.value) return expand(ev.value, lookup);
    const from = ev.valueFrom;
    if (from?.fieldRef) return podFieldValue(this.pod, from.fieldRef, this.ctx);
    if (from?.resourceFieldRef) {
      const ref = from.resourceFieldRef;
      const target = ref.containerName ? findContainer(this.pod, ref.containerName) : this.container;
      return containerResourceValue(ref, target, this.ctx.nodeAllocatable);
    }
    if (from?.configMapKeyRef) {
      const { name = '', key, optional = false } = from.configMapKeyRef;
      const cm = await this.objects.configMap(name, optional);
      return cm && this.keyOf(cm.data ?? {}, key, optional, `ConfigMap ${this.namespace}/${name}`);
    }
    if (from?.secretKeyRef) {
      const { name = '', key, optional = false } = from.secretKeyRef;
      const secret = await this.objects.secret(name, optional);
      return secret && this.keyOf(secretData(secret), key, optional, `Secret ${this.namespace}/${name}`);
    }
    return '';
  }

  private keyOf(data: Record<string, string>, key: string, optional: boolean, what: string): string | undefined {
    if (Object.hasOwn(data, key)) return data[key];
    if (optional) return undefined;
    throw new EnvConfigError(`couldn't find key ${key} in ${what}`);
  }
}

export async function resolveEnv(pod: Pod, container: Container, ctx: EnvContext): Promise<ResolvedEnv> {
  const r = new EnvResolver(pod, container, ctx);
  const services = new Map(ctx.serviceEnv.map((e) => [e.name, e.value]));
  try {
    await r.addEnvFrom();
    // $(VAR) sees what is defined so far, and service variables underneath
    await r.addEnv(mappingFor(r.explicit, services));
  } catch (err) {
    if (err instanceof EnvConfigError || err instanceof ReferencedObjectError || err instanceof DownwardApiError) return { env: [], error: err.message, warnings: r.warnings };
    throw err;
  }
  const env: EnvVarValue[] = [];
  for (const [name, value] of services) if (!r.explicit.has(name)) env.push({ name, value });
  for (const [name, value] of r.explicit) env.push({ name, value });
  return { env, warnings: r.warnings };
}
