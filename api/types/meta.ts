// Object-model types shared by every layer. Kind-specific types come from `kubernetes-types`
// (generated from the Kubernetes OpenAPI spec); this file adds the generic shapes the server,
// the client and the GUI pass around.
import type { ObjectMeta, ListMeta, Status, StatusCause, StatusDetails, OwnerReference, ManagedFieldsEntry, LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';

export type { ObjectMeta, ListMeta, Status, StatusCause, StatusDetails, OwnerReference, ManagedFieldsEntry, LabelSelector, LabelSelectorRequirement };

/** Mutable view of ObjectMeta: kubernetes-types marks server-populated fields readonly. */
export type Meta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

/** Any Kubernetes object, as stored and served. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  [field: string]: unknown;
}

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: T[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** Splits "apps/v1" into { group: "apps", version: "v1" } and "v1" into { group: "", version: "v1" }. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
