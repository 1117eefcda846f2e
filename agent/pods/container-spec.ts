// A Kubernetes container → the runtime's ContainerSpec: command and args (with $(VAR) expansion),
// resources mapped onto cgroup settings, security context, mounts.
import { createHash } from 'node:crypto';
import type { Container, PodSecurityContext, SecurityContext } from 'kubernetes-types/core/v1.js';
import { Quantity } from '../../api/quantity/index.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { ContainerSpec, Mount } from '../runtime/types.js';

/** A stable hash of the container's spec: when it changes, the container is replaced. */
export function containerHash(c: Container): string {
  return createHash('sha256').update(stableJson(c)).digest('hex').slice(0, 12);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function millis(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  const p = Quantity.tryParse(q);
  return p ? Number(p.milliValue()) : undefined;
}

function bytes(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  const p = Quantity.tryParse(q);
  return p ? Number(p.value()) : undefined;
}

function user(sc: SecurityContext | undefined, psc: PodSecurityContext | undefined): string | undefined {
  const uid = sc?.runAsUser ?? psc?.runAsUser;
  const gid = sc?.runAsGroup ?? psc?.runAsGroup;
  if (uid === undefined && gid === undefined) return undefined;
  return gid === undefined ? String(uid) : `${uid ?? 0}:${gid}`;
}

export interface SpecInputs {
  pod: KubeObject;
  container: Container;
  role: 'init' | 'app';
  sandboxId: string;
  restartCount: number;
  env: { name: string; value: string }[];
  command?: string[];
  args?: string[];
  mounts: Mount[];
  tmpfs: Record<string, number>;
}

export function runtimeSpec(i: SpecInputs): ContainerSpec {
  const c = i.container;
  const podSpec = (i.pod.spec ?? {}) as { securityContext?: PodSecurityContext; shareProcessNamespace?: boolean; terminationGracePeriodSeconds?: number };
  const sc = c.securityContext;
  const limits = (c.resources?.limits ?? {}) as Record<string, string>;
  const requests = (c.resources?.requests ?? {}) as Record<string, string>;
  return {
    pod: { uid: i.pod.metadata.uid!, name: i.pod.metadata.name!, namespace: i.pod.metadata.namespace! },
    sandboxId: i.sandboxId,
    name: c.name,
    role: i.role,
    image: c.image ?? '',
    command: i.command,
    args: i.args,
    workingDir: c.workingDir,
    env: i.env,
    mounts: i.mounts,
    tmpfs: i.tmpfs,
    tty: c.tty ?? false,
    stdin: c.stdin ?? false,
    stdinOnce: c.stdinOnce ?? false,
    user: user(sc, podSpec.securityContext),
    privileged: sc?.privileged ?? false,
    readOnlyRootFilesystem: sc?.readOnlyRootFilesystem ?? false,
    capAdd: sc?.capabilities?.add ?? [],
    capDrop: sc?.capabilities?.drop ?? [],
    cpuLimitMillis: millis(limits.cpu),
    cpuRequestMillis: millis(requests.cpu),
    memoryLimitBytes: bytes(limits.memory),
    restartCount: i.restartCount,
    specHash: containerHash(c),
    terminationGraceSeconds: podSpec.terminationGracePeriodSeconds ?? 30,
    sharePid: podSpec.shareProcessNamespace ?? false,
  };
}
