// The generic registry: every read and write of every resource goes through here, for HTTP requests
// and for the control plane's own clients alike. Writes run Kubernetes' pipeline: decode against the
// schema, default, prepare (strategy), validate, record managed fields, then store with optimistic
// concurrency (retrying internally when the caller gave no resourceVersion).
import { AlreadyExistsError, ConflictError, ForbiddenError, MethodNotAllowedError, NotFoundError } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import { findResource } from '../../api/resources/registry.js';
import type { SchemaRegistry } from '../../api/schema/types.js';
import type { KubeObject } from '../../api/types/meta.js';
import { deepEqual } from '../../api/util/deep-equal.js';
import type { Store, StoreKey } from '../store/index.js';
import { RevisionConflictError } from '../store/index.js';
import type { AdmissionPlugin } from './admission.js';
import type { WriteContext } from './context.js';
import { checkKind, checkName, decodeForResource, placeInNamespace } from './input.js';
import { machinery } from './machinery.js';
import { MODIFIED_MESSAGE, translateStoreError } from './store-errors.js';
import { strategyFor } from './strategies.js';
import { carryOverForUpdate, dropEmptyMetadata, generatedName, specOf, stampCreate } from './system-fields.js';

export interface RegistryDeps {
  store: Store;
  schemas: SchemaRegistry;
  clock: () => Date;
  /** Admission plug-ins, in order (Service allocation, …). */
  admission?: AdmissionPlugin[];
}

export interface WriteResult {
  object: KubeObject;
  /** True when a PUT or an apply created the object. */
  created: boolean;
}

/**
 * What an update may change: undefined = the resource (status kept), 'status' = only status,
 * 'whole' = both at once (internal writes such as pods/binding).
 */
export type Subresource = 'status' | 'whole' | undefined;

const MAX_RETRIES = 16;
const NAMESPACES = findResource('', 'v1', 'namespaces')!;

export class ResourceRegistry {
  constructor(readonly deps: RegistryDeps) {}

  key(rt: ResourceType, namespace: string | undefined, name: string): StoreKey {
    return { group: rt.group, resource: rt.resource, namespace: rt.namespaced ? namespace ?? '' : '', name };
  }

  get(rt: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const entry = this.deps.store.get(this.key(rt, namespace, name));
    if (!entry) throw new NotFoundError(rt.resource, rt.group, name);
    return entry.object;
  }

  tryGet(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.deps.store.get(this.key(rt, namespace, name))?.object;
  }

  async create(rt: ResourceType, namespace: string | undefined, input: unknown, ctx: WriteContext): Promise<KubeObject> {
    const obj = decodeForResource(rt, checkKind(rt, input), this.deps.schemas, ctx);
    placeInNamespace(rt, obj, namespace);
    return this.createDecoded(rt, obj, ctx);
  }

  /** Create from an already decoded object (also the create-on-update and apply-upsert paths). */
  async createDecoded(rt: ResourceType, obj: KubeObject, ctx: WriteContext, managed: 'update' | 'keep' = 'update'): Promise<KubeObject> {
    const m = obj.metadata;
    const generate = (m.name === undefined || m.name === '') && typeof m.generateName === 'string' && m.generateName !== '';
    if (generate) m.name = generatedName(m.generateName!);
    if (m.name === undefined || m.name === '') {
      throw this.invalid(rt, '', [{ reason: 'FieldValueRequired', message: 'name or generateName is required', field: 'metadata.name' }]);
    }
    if (rt.namespaced) this.checkNamespaceOpen(m.namespace!);
    const strategy = strategyFor(rt);
    stampCreate(obj, this.deps.clock(), strategy.generation);
    strategy.normalize?.(obj);
    dropEmptyMetadata(obj);
    machinery.applyDefaults(obj, rt);
    strategy.prepareForCreate?.(obj);
    machinery.prepareForCreate(obj, rt);
    const plugins = this.pluginsFor(rt);
    const admitted: AdmissionPlugin[] = [];
    try {
      for (const p of plugins) {
        p.admitCreate?.(rt, obj, ctx);
        admitted.push(p);
      }
      this.validate(rt, obj, undefined);
      if (managed === 'update') machinery.recordUpdate(undefined, obj, ctx.fieldManager, rt, this.deps.schemas, this.deps.clock());
      if (ctx.dryRun) {
        if (this.deps.store.get(this.key(rt, m.namespace, m.name))) throw new AlreadyExistsError(rt.resource, rt.group, m.name);
        for (const p of admitted) p.abort?.(rt, obj, undefined);
        return obj;
      }
    } catch (err) {
      for (const p of admitted) p.abort?.(rt, obj, undefined);
      throw err;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const stored = await this.deps.store.create(this.key(rt, m.namespace, m.name), obj);
        for (const p of plugins) p.committed?.(rt, stored, undefined, false);
        return stored;
      } catch (err) {
        // A generated name that collides gets another suffix, as the real apiserver's clients retry.
        if (generate && attempt < 8 && translateStoreError(err, rt, m.name).reason === 'AlreadyExists') {
          m.name = generatedName(m.generateName!);
          continue;
        }
        for (const p of plugins) p.abort?.(rt, obj, undefined);
        throw translateStoreError(err, rt, m.name);
      }
    }
  }

  pluginsFor(rt: ResourceType): AdmissionPlugin[] {
    return (this.deps.admission ?? []).filter((p) => p.handles(rt));
  }

  /** PUT. The body's resourceVersion, when given, must be current. */
  async update(rt: ResourceType, namespace: string | undefined, name: string, input: unknown, ctx: WriteContext, sub: Subresource = undefined): Promise<WriteResult> {
    const decoded = decodeForResource(rt, checkKind(rt, input), this.deps.schemas, ctx);
    placeInNamespace(rt, decoded, namespace);
    checkName(decoded, name);
    const precondition = decoded.metadata.resourceVersion;
    return this.guaranteedUpdate(rt, namespace, name, ctx, precondition !== undefined && precondition !== '', (current) => {
      if (!current) {
        if (sub || !strategyFor(rt).allowCreateOnUpdate) throw new NotFoundError(rt.resource, rt.group, name);
        return { create: structuredClone(decoded) };
      }
      if (precondition && precondition !== current.metadata.resourceVersion) {
        throw new ConflictError(rt.resource, rt.group, name, MODIFIED_MESSAGE);
      }
      return { next: structuredClone(decoded) };
    }, sub);
  }

  /**
   * The read-modify-write loop of every update: `mutate` sees the current object (or undefined) and
   * returns the desired one; a concurrent write in between makes it run again on the new state.
   */
  async guaranteedUpdate(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    ctx: WriteContext,
    userPrecondition: boolean,
    mutate: (current: KubeObject | undefined) => { next?: KubeObject; create?: KubeObject; managed?: 'update' | 'keep' },
    sub: Subresource = undefined,
  ): Promise<WriteResult> {
    const key = this.key(rt, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const entry = this.deps.store.get(key);
      const decision = mutate(entry?.object);
      if (decision.create) {
        return { object: await this.createDecoded(rt, decision.create, ctx, decision.managed ?? 'update'), created: true };
      }
      const old = entry!.object;
      const plugins = this.pluginsFor(rt);
      const next = this.prepareUpdate(rt, decision.next!, old, sub, ctx, decision.managed ?? 'update', plugins);
      const abort = (): void => { for (const p of plugins) p.abort?.(rt, next, old); };
      if (deepEqual(next, old)) {
        abort();
        return { object: old, created: false };
      }
      if (ctx.dryRun) {
        abort();
        return { object: next, created: false };
      }
      try {
        const finalize = next.metadata.deletionTimestamp !== undefined && strategyFor(rt).finalizers(next).length === 0 && !this.waitsForNode(rt, next);
        const stored = finalize ? await this.deps.store.delete(key, entry!.revision) : await this.deps.store.update(key, next, entry!.revision);
        for (const p of plugins) p.committed?.(rt, stored, old, finalize);
        return { object: stored, created: false };
      } catch (err) {
        abort();
        if (err instanceof RevisionConflictError && !userPrecondition && attempt < MAX_RETRIES) continue;
        throw translateStoreError(err, rt, name);
      }
    }
  }

  /** Builds the object to store from the desired one: subresource rules, defaults, generation, validation, managed fields. */
  private prepareUpdate(rt: ResourceType, desired: KubeObject, old: KubeObject, sub: Subresource, ctx: WriteContext, managed: 'update' | 'keep', plugins: AdmissionPlugin[]): KubeObject {
    const strategy = strategyFor(rt);
    const uid = desired.metadata.uid;
    if (uid !== undefined && uid !== '' && uid !== old.metadata.uid) {
      throw new ConflictError(rt.resource, rt.group, old.metadata.name!, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid}`);
    }
    let next: KubeObject;
    if (sub === 'status') {
      if (!strategy.statusSubresource) throw new NotFoundError(`${rt.resource}/status`, rt.group, old.metadata.name!);
      next = { ...structuredClone(old), metadata: desired.metadata, status: desired.status };
    } else {
      next = desired;
      if (strategy.statusSubresource && sub !== 'whole') {
        if (old.status === undefined) delete next.status;
        else next.status = structuredClone(old.status);
      }
    }
    next.apiVersion = old.apiVersion;
    next.kind = old.kind;
    carryOverForUpdate(next, old);
    strategy.normalize?.(next);
    dropEmptyMetadata(next);
    machinery.applyDefaults(next, rt);
    if (sub === undefined) strategy.prepareForUpdate?.(next, old);
    if (strategy.generation && !deepEqual(specOf(next), specOf(old))) next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    if (old.metadata.deletionTimestamp !== undefined) {
      const added = (next.metadata.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
      if (added.length > 0) {
        throw this.invalid(rt, old.metadata.name!, [{ reason: 'FieldValueForbidden', message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`, field: 'metadata.finalizers' }]);
      }
    }
    const admitted: AdmissionPlugin[] = [];
    try {
      for (const p of plugins) {
        p.admitUpdate?.(rt, next, old, ctx);
        admitted.push(p);
      }
      // Internal whole-object writes (pods/binding setting spec.nodeName) are checked as objects, not as user updates.
      this.validate(rt, next, sub === 'whole' ? undefined : old);
    } catch (err) {
      for (const p of admitted) p.abort?.(rt, next, old);
      throw err;
    }
    if (managed === 'update') machinery.recordUpdate(old, next, ctx.fieldManager, rt, this.deps.schemas, this.deps.clock(), sub);
    return next;
  }

  /** Pods bound to a node are removed by that node's agent once their containers stopped (grace period). */
  private waitsForNode(rt: ResourceType, obj: KubeObject): boolean {
    return strategyFor(rt).gracefulDelete && typeof (obj.spec as { nodeName?: unknown } | undefined)?.nodeName === 'string' && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  validate(rt: ResourceType, obj: KubeObject, old: KubeObject | undefined): void {
    const causes = old ? machinery.validateUpdate(obj, old, rt) : machinery.validateCreate(obj, rt);
    if (causes.length > 0) throw this.invalid(rt, obj.metadata.name ?? '', causes);
  }

  invalid(rt: ResourceType, name: string, causes: Parameters<typeof machinery.invalidError>[3]): Error {
    return machinery.invalidError(rt.kind, rt.group, name, causes);
  }

  /** Creating in a namespace needs it to exist and not be terminating (as NamespaceLifecycle admission). */
  checkNamespaceOpen(namespace: string): void {
    const ns = this.deps.store.get({ group: '', resource: 'namespaces', namespace: '', name: namespace });
    if (!ns) throw new NotFoundError(NAMESPACES.resource, '', namespace);
    if (ns.object.metadata.deletionTimestamp !== undefined || (ns.object.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw new ForbiddenError(`unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  assertVerb(rt: ResourceType, verb: ResourceType['verbs'][number]): void {
    if (!rt.verbs.includes(verb)) throw new MethodNotAllowedError(`${verb} is not supported on resources of kind "${rt.resource}"`);
  }
}
