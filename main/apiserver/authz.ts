// Authorization. Until node identities arrive (edge pairing), only cluster admins (system:masters)
// may use the API; everyone else authenticated gets 403.
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
  if (user.groups.includes('system:masters')) return;
  if (!attrs.resource) throw new ForbiddenError(`forbidden: User "${user.name}" cannot ${attrs.verb} path "${attrs.path}"`);
  const res = `${attrs.resource}${attrs.subresource ? `/${attrs.subresource}` : ''}`;
  const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
  const qualified = attrs.group ? `${res}.${attrs.group}` : res;
  const named = attrs.name ? ` "${attrs.name}"` : '';
  throw new ForbiddenError(`${qualified}${named} is forbidden: User "${user.name}" cannot ${attrs.verb} resource "${res}" in API group "${attrs.group ?? ''}" ${scope}`);
}
