// Deployments and ReplicaSets for the rollout arithmetic tests, shaped as the API stores them.
import type { DeploymentObject, ReplicaSetObject } from '../../../../../main/controllers/deployment/types.js';

export function deployment(replicas: number, opts: { maxSurge?: number | string; maxUnavailable?: number | string; recreate?: boolean; statusReplicas?: number; generation?: number } = {}): DeploymentObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: opts.generation ?? 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      strategy: opts.recreate ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxSurge: opts.maxSurge ?? 0, maxUnavailable: opts.maxUnavailable ?? 0 } },
      progressDeadlineSeconds: 600,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
    status: { replicas: opts.statusReplicas },
  };
}

let serial = 0;
/** A ReplicaSet created `ageSeconds` ago, with `available` available pods and replica annotations for `annotated` (size, max). */
export function replicaSet(name: string, replicas: number, opts: { available?: number; ageSeconds?: number; annotated?: [number, number]; revision?: number } = {}): ReplicaSetObject {
  const annotations: Record<string, string> = {};
  if (opts.annotated) {
    annotations['deployment.kubernetes.io/desired-replicas'] = String(opts.annotated[0]);
    annotations['deployment.kubernetes.io/max-replicas'] = String(opts.annotated[1]);
  }
  if (opts.revision !== undefined) annotations['deployment.kubernetes.io/revision'] = String(opts.revision);
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `${name}-uid-${serial++}`, annotations, creationTimestamp: new Date(Date.UTC(2025, 0, 1) - (opts.ageSeconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } },
    status: { replicas, availableReplicas: opts.available ?? replicas },
  };
}
