// What a new cluster has before anyone asks: the system namespaces.
import { findResource } from '../../api/resources/registry.js';
import { systemContext } from './context.js';
import type { ResourceRegistry } from './resource-registry.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function ensureSystemNamespaces(registry: ResourceRegistry): Promise<string[]> {
  const namespaces = findResource('', 'v1', 'namespaces')!;
  const created: string[] = [];
  for (const name of SYSTEM_NAMESPACES) {
    if (registry.tryGet(namespaces, undefined, name)) continue;
    await registry.createDecoded(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, systemContext('skiff-bootstrap'));
    created.push(name);
  }
  return created;
}
