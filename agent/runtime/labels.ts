// Labels on every Docker object the agent creates. They let a restarted agent adopt what is running
// without the control plane, and keep two agents sharing one engine out of each other's containers.
export const LABEL = {
  managedBy: 'io.skiff.managed-by',
  node: 'io.skiff.node',
  podUid: 'io.skiff.pod.uid',
  podName: 'io.skiff.pod.name',
  podNamespace: 'io.skiff.pod.namespace',
  containerName: 'io.skiff.container.name',
  /** "sandbox", "init" or "app". */
  role: 'io.skiff.container.role',
  restartCount: 'io.skiff.container.restart-count',
  /** Hash of the container's spec: a changed spec means a new container. */
  specHash: 'io.skiff.container.hash',
  terminationGrace: 'io.skiff.pod.termination-grace-seconds',
} as const;

export const MANAGED_BY = 'skiff-agent';

export type ContainerRole = 'sandbox' | 'init' | 'app';
