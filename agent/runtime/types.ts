// The container runtime as the pod workers see it: sandboxes (one per pod, owning its namespaces) and
// containers joined to them. Docker implements it (docker-runtime.ts); tests may too.
import type { Readable, Duplex } from 'node:stream';
import type { ContainerRole } from './labels.js';

export interface PodRef {
  uid: string;
  namespace: string;
  name: string;
}

export interface SandboxSpec {
  pod: PodRef;
  hostname: string;
  /** Share the host's network namespace (hostNetwork: true). */
  hostNetwork: boolean;
  /** Extra labels (annotations of the sandbox). */
  labels?: Record<string, string>;
}

export interface Mount {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface ContainerSpec {
  pod: PodRef;
  sandboxId: string;
  name: string;
  role: Exclude<ContainerRole, 'sandbox'>;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env: { name: string; value: string }[];
  mounts: Mount[];
  /** In-memory mounts (emptyDir medium: Memory): container path → size limit in bytes (0: unlimited). */
  tmpfs: Record<string, number>;
  tty: boolean;
  stdin: boolean;
  stdinOnce: boolean;
  user?: string;
  privileged: boolean;
  readOnlyRootFilesystem: boolean;
  capAdd: string[];
  capDrop: string[];
  /** CPU limit in millicores (→ NanoCpus), CPU request in millicores (→ shares), memory limit in bytes. */
  cpuLimitMillis?: number;
  cpuRequestMillis?: number;
  memoryLimitBytes?: number;
  restartCount: number;
  specHash: string;
  terminationGraceSeconds: number;
  /** Share the sandbox's PID namespace (shareProcessNamespace). */
  sharePid: boolean;
}

export type ContainerStateName = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerInfo {
  id: string;
  pod: PodRef;
  name: string;
  role: ContainerRole;
  restartCount: number;
  specHash: string;
  state: ContainerStateName;
  exitCode?: number;
  oomKilled: boolean;
  error?: string;
  createdAt?: string;
  startedAt?: string;
  finishedAt?: string;
  /** The image as the spec named it and the engine's image id (sha256:…). */
  image: string;
  imageId: string;
  /** Sandbox only: the process whose network namespace CNI configures. */
  pid?: number;
}

export interface RuntimeEvent {
  kind: 'start' | 'die' | 'oom' | 'destroy';
  containerId: string;
  podUid: string;
  role?: ContainerRole;
}

export interface LogOptions {
  follow: boolean;
  tailLines?: number;
  timestamps: boolean;
  sinceSeconds?: number;
  limitBytes?: number;
}

export interface ExecSession {
  /** stdin (when requested) in, and stdout (and stderr merged when tty) out. */
  stream: Duplex;
  /** Non-tty sessions: stdout and stderr separately. */
  stdout: Readable;
  stderr: Readable;
  resize(width: number, height: number): Promise<void>;
  /** Resolves with the command's exit code when it ends. */
  exitCode: Promise<number>;
}

export class ImagePullError extends Error {
  constructor(readonly image: string, message: string, readonly reason: 'ErrImagePull' | 'ErrImageNeverPull' | 'InvalidImageName') {
    super(message);
    this.name = 'ImagePullError';
  }
}

export interface ContainerRuntime {
  readonly name: 'docker';
  version(): Promise<string>;
  /** Builds (once) and returns the pause image used for sandboxes; never pulled from a registry. */
  ensurePauseImage(): Promise<string>;
  /** Makes `image` present per the pull policy; throws ImagePullError with the engine's message. */
  ensureImage(image: string, policy: 'Always' | 'IfNotPresent' | 'Never'): Promise<string>;
  runSandbox(spec: SandboxSpec): Promise<ContainerInfo>;
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM (or the image's stop signal), SIGKILL after the grace period. */
  stopContainer(id: string, graceSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  inspect(id: string): Promise<ContainerInfo | undefined>;
  /** Every container this node's agent owns (optionally of one pod), sandboxes included. */
  list(podUid?: string): Promise<ContainerInfo[]>;
  /** Engine events of this node's containers; returns a stop function. */
  events(onEvent: (e: RuntimeEvent) => void, onError: (err: unknown) => void): () => void;
  logs(id: string, opts: LogOptions): Promise<Readable>;
  exec(id: string, command: string[], opts: { tty: boolean; stdin: boolean }): Promise<ExecSession>;
  /** Runs a command to completion (exec probes): exit code and combined output (capped). */
  execSync(id: string, command: string[], timeoutMs: number): Promise<{ exitCode: number; output: string }>;
  stats(id: string): Promise<{ cpuUsageNanos: number; memoryWorkingSetBytes: number } | undefined>;
}
