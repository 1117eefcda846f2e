// Authorization. Cluster admins (system:masters) may do everything. Node identities (system:node:<name>
// in system:nodes) get what node-authorizer.ts allows. Every authenticated user may read discovery,
// version and health (Kubernetes' system:discovery and system:public-info-viewer). Everything else is 403.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ForbiddenError } from '../../api/errors/status-error.js';
import type { UserInfo } from '../registry/context.js';
import type { ResourceRegistry } from '../registry/resource-registry.js';
import { authorizeNode, type NodeAttributes, type NodeAuthorizerOptions, type PodSource } from './node-authorizer.js';

/** What is asked; `fieldSelector` (list/watch) lets nodes list their own pods or read one Secret by name. */
export interface Attributes extends NodeAttributes {
  path: string;
}

export const NODES_GROUP = 'system:nodes';
const NODE_USER_PREFIX = 'system:node:';

/** The node a user is, when it is a node identity (user system:node:<name> in group system:nodes). */
export function nodeNameOf(user: UserInfo): string | undefined {
  if (!user.groups.includes(NODES_GROUP) || !user.name.startsWith(NODE_USER_PREFIX)) return undefined;
  const name = user.name.slice(NODE_USER_PREFIX.length);
  return name === '' ? undefined : name;
}

/**
 * Throws ForbiddenError unless `user` may do `attrs`. `pods` lets node decisions look at pods (which
 * node a pod is bound to, what it references); without it those decisions deny.
 */
export function authorize(user: UserInfo, attrs: Attributes, pods?: PodSource, opts: NodeAuthorizerOptions = {}): void {
  if (user.groups.includes('system:masters')) return;
  if (!attrs.resource) {
    if ((attrs.verb === 'get' || attrs.verb === 'head') && isPublicInfoPath(attrs.path)) return;
    throw new ForbiddenError(`forbidden: User "${user.name}" cannot ${attrs.verb} path "${attrs.path}"`);
  }
  const node = nodeNameOf(user);
  let reason: string | undefined = 'no rule allows it';
  if (node !== undefined) {
    reason = authorizeNode(node, attrs, pods, opts);
    if (reason === undefined) return;
  } else if (user.groups.includes(NODES_GROUP)) {
    reason = `unknown node for user "${user.name}" (a node's user name is system:node:<node name>)`;
  }
  const res = `${attrs.resource}${attrs.subresource ? `/${attrs.subresource}` : ''}`;
  const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
  const qualified = attrs.group ? `${res}.${attrs.group}` : res;
  const named = attrs.name ? ` "${attrs.name}"` : '';
  throw new ForbiddenError(`${qualified}${named} is forbidden: User "${user.name}" cannot ${attrs.verb} resource "${res}" in API group "${attrs.group ?? ''}" ${scope}: ${reason}`);
}

/** Discovery documents, version and health: readable by every authenticated user. */
function isPublicInfoPath(path: string): boolean {
  const p = path.replace(/\/+$/, '') || '/';
  if (['/', '/version', '/healthz', '/livez', '/readyz', '/api', '/apis', '/openapi/v2', '/openapi/v3'].includes(p)) return true;
  if (p.startsWith('/openapi/v3/')) return true;
  const parts = p.split('/').filter((s) => s !== '');
  // /api/v1, /apis/<group>, /apis/<group>/<version>: discovery documents, not resources.
  return (parts[0] === 'api' && parts.length === 2) || (parts[0] === 'apis' && parts.length <= 3);
}

const PODS = { group: '', resource: 'pods' };

/** The pods the node authorizer consults, read from the registry's store (memory, no I/O). */
export function registryPods(registry: ResourceRegistry): PodSource {
  return {
    pod: (namespace, name) => registry.deps.store.get({ ...PODS, namespace, name })?.object as Pod | undefined,
    podsIn: (namespace) => registry.deps.store.list(PODS.group, PODS.resource, namespace).entries.map((e) => e.object as Pod),
  };
}
