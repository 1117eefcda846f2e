// How a client reaches the API: over HTTPS (agents, CLI) or in-process (controllers in the control plane).
// Both speak the same verbs and throw the same StatusErrors, so informers and controllers do not care which.
import type { ResourceType } from '../api/resources/registry.js';
import type { KubeList, KubeObject, WatchEvent } from '../api/types/meta.js';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Start after this revision; undefined or "0" starts with the current objects as ADDED. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
  /** `finalize` (namespaces, update only): writes spec.finalizers and nothing else. */
  subresource?: 'status' | 'scale' | 'binding' | 'eviction' | 'finalize';
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  force?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WatchHandle {
  /** Ends the watch; `onClose` is called once, without an error. */
  stop(): void;
}

export interface Transport {
  list(rt: ResourceType, namespace: string | undefined, opts?: ListOptions): Promise<KubeList>;
  /**
   * Streams events until stopped or the server ends the stream. ERROR events (410 Expired) arrive through
   * `onEvent` like the others; `onClose` reports how the stream ended.
   */
  watch(rt: ResourceType, namespace: string | undefined, opts: WatchOptions, onEvent: (e: WatchEvent) => void, onClose: (err?: unknown) => void): WatchHandle;
  get(rt: ResourceType, namespace: string | undefined, name: string, opts?: { subresource?: 'status' | 'scale' }): Promise<KubeObject>;
  create(rt: ResourceType, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions & { name?: string }): Promise<KubeObject>;
  update(rt: ResourceType, namespace: string | undefined, name: string, obj: KubeObject, opts?: WriteOptions): Promise<KubeObject>;
  patch(rt: ResourceType, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: PatchOptions): Promise<KubeObject>;
  /** Resolves with the object's last state (or undefined when the server answered a bare Status). */
  delete(rt: ResourceType, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<KubeObject | undefined>;
}
