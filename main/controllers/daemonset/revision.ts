// A DaemonSet's history as ControllerRevisions, shaped as upstream shapes them so kubectl's `rollout history`
// and `rollout undo` read them: `data` is a strategic merge patch that replaces spec.template, keys sorted (Go
// marshals maps that way) and the template serialised as Go would (metadata.creationTimestamp: null,
// containers' resources: {}), so kubectl's byte comparison of the current template with a revision can match.
// The name suffix and the controller-revision-hash label are controller.ComputeHash of that template's
// canonical JSON (and the collision count).
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { isObject } from '../../../api/types/meta.js';
import { canonicalJson } from '../../../api/util/canonical-json.js';
import { hashTemplateText } from '../../../api/workloads/template-hash.js';

export const HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** Set by kube-apiserver on DaemonSets (templateGeneration); we fall back to metadata.generation without it. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** Object keys sorted at every level, so the stored revision reads as Go's encoding/json writes a map. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) if (value[k] !== undefined) out[k] = sortKeys(value[k]);
  return out;
}

/** The template as Go's typed json.Marshal prints it: a few non-omitempty struct fields always appear. */
export function goShapedTemplate(template: PodTemplateSpec | undefined): Record<string, unknown> {
  const t = structuredClone((template ?? {}) as Record<string, unknown>);
  const meta = isObject(t.metadata) ? t.metadata : {};
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
  t.metadata = meta;
  const spec = isObject(t.spec) ? t.spec : {};
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers) if (isObject(c) && c.resources === undefined) c.resources = {};
  }
  t.spec = spec;
  return sortKeys(t) as Record<string, unknown>;
}

/** The revision's `data`: {"spec":{"template":{"$patch":"replace", ...}}} (upstream getPatch). */
export function historyPatch(ds: DaemonSet): Record<string, unknown> {
  return { spec: { template: { $patch: 'replace', ...goShapedTemplate(ds.spec?.template) } } };
}

/** True when the revision records exactly the DaemonSet's current template. */
export function historyMatches(ds: DaemonSet, data: unknown): boolean {
  return canonicalJson(historyPatch(ds)) === canonicalJson(data);
}

/** The revision's hash: of the template as Go would print it, then of the collision count if set. */
export function computeTemplateHash(template: PodTemplateSpec | undefined, collisionCount: number | undefined): string {
  return hashTemplateText(canonicalJson(goShapedTemplate(template)), collisionCount);
}

/** The template generation pods are labelled with (pod-template-generation). */
export function templateGeneration(ds: DaemonSet): string | undefined {
  const ann = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (ann !== undefined) return /^-?\d+$/.test(ann) ? ann : undefined;
  return ds.metadata?.generation !== undefined ? String(ds.metadata.generation) : undefined;
}
