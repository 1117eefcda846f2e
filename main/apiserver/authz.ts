// Authorization. Cluster admins (system:masters) may do everything. Node agents (system:nodes) are, for
// now, trusted like admins: the Node authorizer that limits them to their own node's objects comes with
// edge pairing. Everyone else authenticated gets 403.
import { ForbiddenError } from '../../api/errors/status-error.js';
import type { UserInfo } from '../registry/context.js';

export interface Attributes {
  verb: string;
  group?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  path: string;
}

export function authorize(user: UserInfo, attrs: Attributes): void {
  if (user.groups.includes('system:masters') || user.groups.includes('system:nodes')) return;
  if (!attrs.resource) throw new ForbiddenError(`forbidden: User "${user.name}" cannot ${attrs.verb} path "${attrs.path}"`);
  const res = `${attrs.resource}${attrs.subresource ? `/${attrs.subresource}` : ''}`;
  const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
  const qualified = attrs.group ? `${res}.${attrs.group}` : res;
  const named = attrs.name ? ` "${attrs.name}"` : '';
  throw new ForbiddenError(`${qualified}${named} is forbidden: User "${user.name}" cannot ${attrs.verb} resource "${res}" in API group "${attrs.group ?? ''}" ${scope}`);
}
