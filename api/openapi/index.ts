// OpenAPI v3 documents for /openapi/v3 (kubectl explain, server-side field validation detection).
export { buildOpenApiDocument, createOpenApiService, groupVersionPath, k8sOpenApi, openApiDocument, openApiRoot } from './document.js';
export type { OpenApiDocument, OpenApiRoot, OpenApiService } from './document.js';
export { PATCH_CONTENT_TYPES, operationPrefix } from './operations.js';
