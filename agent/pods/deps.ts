// What a pod worker needs from the rest of the agent. Each piece is a small interface so the worker reads
// as the kubelet's sync loop, and tests can see the effects.
import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { Transport } from '../../client/transport.js';
import type { CniNetwork } from '../cni/cni.js';
import type { Logger } from '../logger.js';
import type { ContainerRuntime, Mount } from '../runtime/types.js';
import type { Backoff } from './backoff.js';

export interface VolumeSetup {
  /** Creates/refreshes the pod's volumes; returns the FailedMount messages of volumes that could not be set up. */
  prepare(pod: KubeObject, podDir: string, podIP: string | undefined): Promise<string[]>;
  /** The container's mounts; an error message when a mount refers to something missing. */
  mounts(pod: KubeObject, container: Container, podDir: string, env: { name: string; value: string }[]): Promise<{ mounts: Mount[]; tmpfs: Record<string, number>; error?: string }>;
  cleanup(podDir: string): Promise<void>;
}

export interface EnvResolver {
  resolve(pod: KubeObject, container: Container, podIP: string | undefined): Promise<{ env: { name: string; value: string }[]; error?: string }>;
  /** $(VAR) expansion in command and args. */
  expand(values: string[] | undefined, env: { name: string; value: string }[]): string[] | undefined;
}

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export interface ProbeControl {
  /** Idempotent per container instance: called for every running container on every sync. */
  add(podUid: string, container: Container, containerId: string, podIP: () => string | undefined, startedAt: Date | undefined): void;
  /** The pod is being deleted: liveness and startup probes stop, readiness goes on. */
  terminating(podUid: string): void;
  removeContainer(podUid: string, name: string): void;
  removePod(podUid: string): void;
  ready(podUid: string, name: string): boolean;
  started(podUid: string, name: string): boolean;
  /** True once liveness (or startup) failed past its threshold for this container instance. */
  failed(podUid: string, name: string, containerId: string): { kind: ProbeKind; message: string } | undefined;
}

export interface PodEvents {
  record(pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** Pod DNS: what the kubelet writes into each pod's resolv.conf. */
export interface PodDnsSettings {
  /** The node's cluster DNS server address. */
  nameserver: string;
  clusterDomain: string;
  /** The host's resolv.conf text (for dnsPolicy Default and the host search domains). */
  hostResolvConf: string;
}

export interface PodDeps {
  runtime: ContainerRuntime;
  /** Undefined until the node has a podCIDR (then every non-hostNetwork pod is attached). */
  network: () => CniNetwork | undefined;
  transport: Transport;
  nodeName: string;
  hostIP: string;
  /** Per-pod directories live under here. */
  podsDir: string;
  volumes: VolumeSetup;
  env: EnvResolver;
  probes: ProbeControl;
  events: PodEvents;
  backoff: Backoff;
  imageBackoff: Backoff;
  dns: PodDnsSettings;
  log: Logger;
  clock: () => Date;
}

export type { Probe };
