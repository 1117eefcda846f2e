// A container's environment as the kubelet builds it: service link variables, envFrom, env with
// $(VAR) expansion and the downward API; $(VAR) in command, args and subPathExpr.
export { resolveEnv, type EnvContext, type EnvWarning, type ResolvedEnv } from './resolve-env.js';
export { serviceEnvironment } from './service-env.js';
export { ReferencedObjectError, fetchReferenced } from './referenced-object.js';
export { expand, expandArgs, expandSubPathExpr, mappingFor, type EnvVarValue, type Mapping } from './expansion.js';
export {
  DownwardApiError, containerResourceValue, findContainer, formatMap, podFieldValue, podMetadataField,
  type ResourceList, type RuntimeAddresses,
} from './downward-api.js';
