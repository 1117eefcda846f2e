// The resource types the GUI shows, by their plural name, from the shared registry in api/.
import { findResource, type ResourceType } from '@api/resources/registry.js';

function rt(group: string, resource: string): ResourceType {
  const found = findResource(group, 'v1', resource);
  if (!found) throw new Error(`api/resources/registry.ts has no ${resource}.${group}`);
  return found;
}

export const KINDS = {
  namespaces: rt('', 'namespaces'),
  nodes: rt('', 'nodes'),
  pods: rt('', 'pods'),
  events: rt('', 'events'),
  services: rt('', 'services'),
  secrets: rt('', 'secrets'),
  configmaps: rt('', 'configmaps'),
  replicationcontrollers: rt('', 'replicationcontrollers'),
  deployments: rt('apps', 'deployments'),
  replicasets: rt('apps', 'replicasets'),
  daemonsets: rt('apps', 'daemonsets'),
  jobs: rt('batch', 'jobs'),
  cronjobs: rt('batch', 'cronjobs'),
} as const;

export type KindName = keyof typeof KINDS;

export const WORKLOAD_KINDS = ['deployments', 'replicationcontrollers', 'replicasets', 'daemonsets', 'jobs', 'cronjobs'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export function isWorkloadKind(s: string): s is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(s);
}
