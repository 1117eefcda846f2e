// What a request path names: a resource (group, version, resource, namespace, name, subresource) or
// a non-resource path (/version, /api, /openapi/v3...). Mirrors k8s.io/apiserver's RequestInfoFactory.
import { findResource, GROUP_VERSIONS, type ResourceType } from '../../api/resources/registry.js';

export interface ResourceRequest {
  type: 'resource';
  group: string;
  version: string;
  resource: string;
  rt: ResourceType | undefined;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The legacy /watch/ path prefix was used. */
  watchPath: boolean;
}

export interface NonResourceRequest {
  type: 'nonresource';
  path: string;
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

export function parseRequestPath(pathname: string): RequestInfo {
  const parts = pathname.split('/').filter((p) => p !== '').map(safeDecode);
  let group: string, version: string, rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return { type: 'nonresource', path: pathname };
  }
  if (!GROUP_VERSIONS.some((gv) => gv.group === group && gv.version === version)) return { type: 'nonresource', path: pathname };
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  const info: ResourceRequest = { type: 'resource', group, version, resource: '', rt: undefined, watchPath };
  // namespaces/{ns}/{resource}/... names a namespaced resource; namespaces/{name}[/sub] names a Namespace.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !isNamespaceSubresource(rest[2])) {
    info.namespace = rest[1];
    rest = rest.slice(2);
  }
  info.resource = rest[0];
  if (rest.length >= 2) info.name = rest[1];
  if (rest.length >= 3) info.subresource = rest[2];
  if (rest.length > 3) info.resource = '';
  info.rt = info.resource ? findResource(group, version, info.resource) : undefined;
  return info;
}

function isNamespaceSubresource(segment: string): boolean {
  return segment === 'status' || segment === 'finalize';
}

/** A path segment percent-decoded; left as it is when it is not valid encoding. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
