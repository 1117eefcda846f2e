// Which fields each resource can be selected by, and how to read them from an object: kube-apiserver's field
// label conversion functions (which names are accepted, and the 400 message for the rest) joined with each
// registry's ToSelectableFields (the string value of each field).
import { BadRequestError } from '../errors/status-error.js';
import type { ResourceType } from '../resources/registry.js';
import { isObject, type KubeObject } from '../types/meta.js';
import { goQuote } from '../validation/go-format.js';
import { FieldSelector, parseFieldSelector, type FieldSet } from './field-selector.js';

type Extract = (obj: KubeObject) => string;

interface KindFields {
  fields: Record<string, Extract>;
  /** Old names still accepted and rewritten (pods' `spec.host`). */
  aliases?: Record<string, string>;
  unsupported: (label: string) => string;
}

/** The value at a path, as Go would print the field: "" when absent. */
function at(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isObject(cur)) cur = cur[key];
    else return undefined;
  }
  return cur;
}
const str = (...path: string[]): Extract => (obj) => {
  const v = at(obj, ...path);
  return typeof v === 'string' ? v : '';
};
const num = (...path: string[]): Extract => (obj) => {
  const v = at(obj, ...path);
  return String(typeof v === 'number' ? v : 0);
};
const bool = (...path: string[]): Extract => (obj) => String(at(obj, ...path) === true);

const META: Record<string, Extract> = {
  'metadata.name': (o) => o.metadata.name ?? '',
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
};
const notSupported = (label: string): string => `field label not supported: ${label}`;

function podIP(pod: KubeObject): string {
  const first = at(pod, 'status', 'podIPs', '0', 'ip');
  if (typeof first === 'string') return first;
  return str('status', 'podIP')(pod);
}

/** Events name the reporter in `source.component`, or in `reportingComponent` for events.k8s.io writers. */
function eventSource(ev: KubeObject): string {
  return str('source', 'component')(ev) || str('reportingComponent')(ev);
}

const BY_RESOURCE: Record<string, KindFields> = {
  '/pods': {
    fields: {
      ...META,
      'spec.nodeName': str('spec', 'nodeName'),
      'spec.restartPolicy': str('spec', 'restartPolicy'),
      'spec.schedulerName': str('spec', 'schedulerName'),
      'spec.serviceAccountName': str('spec', 'serviceAccountName'),
      'spec.hostNetwork': bool('spec', 'hostNetwork'),
      'status.phase': str('status', 'phase'),
      'status.podIP': podIP,
      // Accepted by upstream's conversion but never filled in its field set, so it only matches "".
      'status.podIPs': () => '',
      'status.nominatedNodeName': str('status', 'nominatedNodeName'),
    },
    aliases: { 'spec.host': 'spec.nodeName' },
    unsupported: notSupported,
  },
  '/events': {
    fields: {
      ...META,
      'involvedObject.kind': str('involvedObject', 'kind'),
      'involvedObject.namespace': str('involvedObject', 'namespace'),
      'involvedObject.name': str('involvedObject', 'name'),
      'involvedObject.uid': str('involvedObject', 'uid'),
      'involvedObject.apiVersion': str('involvedObject', 'apiVersion'),
      'involvedObject.resourceVersion': str('involvedObject', 'resourceVersion'),
      'involvedObject.fieldPath': str('involvedObject', 'fieldPath'),
      reason: str('reason'),
      reportingComponent: str('reportingComponent'),
      source: eventSource,
      type: str('type'),
    },
    unsupported: notSupported,
  },
  '/nodes': { fields: { ...META, 'spec.unschedulable': bool('spec', 'unschedulable') }, unsupported: notSupported },
  '/namespaces': { fields: { ...META, 'status.phase': str('status', 'phase') }, unsupported: notSupported },
  '/secrets': { fields: { ...META, type: str('type') }, unsupported: notSupported },
  '/services': {
    fields: { ...META, 'spec.clusterIP': str('spec', 'clusterIP'), 'spec.type': str('spec', 'type') },
    unsupported: notSupported,
  },
  '/replicationcontrollers': { fields: { ...META, 'status.replicas': num('status', 'replicas') }, unsupported: notSupported },
  'apps/replicasets': { fields: { ...META, 'status.replicas': num('status', 'replicas') }, unsupported: notSupported },
  'batch/jobs': {
    fields: { ...META, 'status.successful': num('status', 'succeeded') },
    unsupported: (label) => `field label ${goQuote(label)} not supported for batchv1.Job`,
  },
};

/** Kinds without their own conversion get runtime.DefaultMetaV1FieldSelectorConversion. */
const DEFAULT_FIELDS: KindFields = {
  fields: META,
  unsupported: (label) => `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

function kindFields(type: ResourceType): KindFields {
  return BY_RESOURCE[`${type.group}/${type.resource}`] ?? DEFAULT_FIELDS;
}

/** The field names `?fieldSelector=` accepts for this resource. */
export function supportedFields(type: ResourceType): string[] {
  const k = kindFields(type);
  return [...Object.keys(k.fields), ...Object.keys(k.aliases ?? {})];
}

/**
 * Parses `?fieldSelector=` for a resource and checks each field name the way kube-apiserver's conversion does.
 * Throws BadRequestError with upstream's message (e.g. "field label not supported: foo").
 */
export function fieldSelectorFor(type: ResourceType, text: string): FieldSelector {
  const k = kindFields(type);
  return parseFieldSelector(text).transform((r) => {
    const field = k.aliases?.[r.field] ?? r.field;
    if (!Object.prototype.hasOwnProperty.call(k.fields, field)) throw new BadRequestError(k.unsupported(r.field));
    return { ...r, field };
  });
}

/** Every selectable field of an object, as strings. */
export function selectableFields(type: ResourceType, obj: KubeObject): FieldSet {
  const out: Record<string, string> = {};
  for (const [name, extract] of Object.entries(kindFields(type).fields)) out[name] = extract(obj);
  return out;
}

export function matchesFields(type: ResourceType, obj: KubeObject, selector: FieldSelector): boolean {
  if (selector.empty()) return true;
  return selector.matches(selectableFields(type, obj));
}
