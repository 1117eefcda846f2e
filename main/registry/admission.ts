// Admission plug-ins: steps of the write pipeline that belong to a resource's semantics rather than to its
// schema (Service ClusterIP/NodePort allocation, for instance). They run after defaults and before
// validation, see the final object, and hear about writes that did not happen (to undo reservations).
import type { ResourceType } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { WriteContext } from './context.js';

export interface AdmissionPlugin {
  name: string;
  /** Whether this plug-in cares about the resource at all. */
  handles(rt: ResourceType): boolean;
  /** May change `obj` (allocations) or throw a StatusError. */
  admitCreate?(rt: ResourceType, obj: KubeObject, ctx: WriteContext): void;
  admitUpdate?(rt: ResourceType, obj: KubeObject, old: KubeObject, ctx: WriteContext): void;
  /** The write that admit* prepared failed or was a dry run: release what it reserved. */
  abort?(rt: ResourceType, obj: KubeObject, old: KubeObject | undefined): void;
  /** The write is durable (old is undefined for creates; obj is the deleted object for deletes). */
  committed?(rt: ResourceType, obj: KubeObject, old: KubeObject | undefined, deleted: boolean): void;
}
