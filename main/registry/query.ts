// Label and field selection shared by list, watch and deletecollection.
import type { ResourceType } from '../../api/resources/registry.js';
import { fieldSelectorFor, matchesFields, parseLabelSelector } from '../../api/selectors/index.js';
import type { FieldSelector } from '../../api/selectors/field-selector.js';
import type { Selector } from '../../api/selectors/label-selector.js';
import type { KubeObject } from '../../api/types/meta.js';

export interface SelectionOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface Selection {
  labels: Selector;
  fields: FieldSelector;
  /** `metadata.name=X` narrows a watch or list to one key. */
  name?: string;
  /** `metadata.namespace=X` on a cluster-wide request narrows it to one namespace. */
  namespace?: string;
  matches(obj: KubeObject): boolean;
}

export function selection(rt: ResourceType, opts: SelectionOptions): Selection {
  const labels = parseLabelSelector(opts.labelSelector ?? '');
  const fields = fieldSelectorFor(rt, opts.fieldSelector ?? '');
  const everything = labels.empty() && fields.empty();
  return {
    labels,
    fields,
    name: fields.requiresExactMatch('metadata.name'),
    namespace: fields.requiresExactMatch('metadata.namespace'),
    matches: (obj) => everything || (labels.matches(obj.metadata.labels) && matchesFields(rt, obj, fields)),
  };
}
