// Kubernetes OpenAPI component schemas and decoding request bodies against them.
export { createSchemaRegistry, k8sSchemas, refName, schemaClosure, schemaRef } from './registry.js';
export { decodeObject } from './decode.js';
export type { DecodeResult } from './decode.js';
export type { GVKExtension, JSONSchema, SchemaRegistry } from './types.js';
