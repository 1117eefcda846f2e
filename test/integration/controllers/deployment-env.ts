// Helpers of the Deployment tests: manifests, kubectl rollout wrappers and a sampler that watches pod counts
// during a rollout (the surge and unavailability bounds must hold at every sample).
import type { KubeObject } from '../../../api/types/meta.js';
import { isPodReady } from '../../../api/workloads/pods.js';
import { activePods, list, REPLICASETS, type WorkloadEnv } from './replicas-env.js';

export interface DeploymentManifest {
  name: string;
  replicas: number;
  image?: string;
  strategy?: 'RollingUpdate' | 'Recreate';
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  progressDeadlineSeconds?: number;
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  labels?: Record<string, string>;
}

export function deploymentYaml(m: DeploymentManifest): string {
  const strategy = m.strategy === 'Recreate'
    ? { type: 'Recreate' }
    : { type: 'RollingUpdate', rollingUpdate: { maxSurge: m.maxSurge ?? '25%', maxUnavailable: m.maxUnavailable ?? '25%' } };
  return JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: m.name, labels: { app: m.name } },
    spec: {
      replicas: m.replicas,
      selector: { matchLabels: { app: m.name } },
      strategy,
      progressDeadlineSeconds: m.progressDeadlineSeconds,
      revisionHistoryLimit: m.revisionHistoryLimit,
      minReadySeconds: m.minReadySeconds,
      template: { metadata: { labels: { app: m.name, ...m.labels } }, spec: { containers: [{ name: m.name, image: m.image ?? 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
    },
  });
}

export async function createDeployment(env: WorkloadEnv, m: DeploymentManifest): Promise<void> {
  const r = await env.c.kubectl(['apply', '-f', '-'], { input: deploymentYaml(m) });
  if (r.code !== 0) throw new Error(`apply failed: ${r.stderr}`);
}

/** `kubectl rollout status` with a bound; returns its exit code and output. */
export async function rolloutStatus(env: WorkloadEnv, name: string, timeout = '20s'): Promise<{ code: number; out: string }> {
  const r = await env.c.kubectl(['rollout', 'status', `deployment/${name}`, `--timeout=${timeout}`], { timeoutMs: 40_000 });
  return { code: r.code, out: r.stdout + r.stderr };
}

export async function replicaSetsOf(env: WorkloadEnv, app: string): Promise<KubeObject[]> {
  return list(env, REPLICASETS, 'default', `app=${app}`);
}

export const imageOf = (obj: KubeObject): string =>
  ((obj.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image);

export interface Sample {
  active: number;
  ready: number;
  images: Set<string>;
}

/** Samples active and ready pods of an app until stopped; every sample is kept. */
export function samplePods(env: WorkloadEnv, app: string, everyMs = 5): { stop(): Promise<Sample[]> } {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const pods = await activePods(env, `app=${app}`);
      samples.push({
        active: pods.length,
        ready: pods.filter(isPodReady).length,
        images: new Set(pods.map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image)),
      });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop(): Promise<Sample[]> {
      running = false;
      await loop;
      return samples;
    },
  };
}
