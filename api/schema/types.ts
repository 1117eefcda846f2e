// OpenAPI v3 schema objects as Kubernetes publishes them (components.schemas), with the
// x-kubernetes-* extensions that strategic merge patch and server-side apply read.
// Component names follow upstream: "io.k8s.api.core.v1.Pod", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta".

export interface GVKExtension {
  group: string;
  version: string;
  kind: string;
}

export interface JSONSchema {
  $ref?: string;
  allOf?: JSONSchema[];
  /** Upstream v3 writes Quantity and IntOrString as a oneOf of their scalar types. */
  oneOf?: JSONSchema[];
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, JSONSchema>;
  additionalProperties?: JSONSchema | boolean;
  items?: JSONSchema;
  required?: string[];
  enum?: (string | number)[];
  default?: unknown;
  'x-kubernetes-group-version-kind'?: GVKExtension[];
  /** Strategic merge patch: the field that identifies list items ("name" for containers). */
  'x-kubernetes-patch-merge-key'?: string;
  /** Strategic merge patch: "merge", "retainKeys", "merge,retainKeys" or "replace". */
  'x-kubernetes-patch-strategy'?: string;
  /** Server-side apply: "atomic", "set" or "map". */
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  /** Server-side apply: "atomic" or "granular" for maps and structs. */
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-unions'?: unknown[];
}

/** Read access to the component schemas. */
export interface SchemaRegistry {
  /** A component by name, or undefined. */
  get(name: string): JSONSchema | undefined;
  /** Follows $ref (and a single-element allOf of a $ref) until a concrete schema; other keys of the referring schema are ignored. */
  resolve(schema: JSONSchema): JSONSchema;
  /** The component whose x-kubernetes-group-version-kind names this kind. */
  forKind(group: string, version: string, kind: string): JSONSchema | undefined;
  /** Every component name. */
  names(): string[];
}
