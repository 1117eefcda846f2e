// What the pod workers give the volume code and get back from it.
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import type { ResourceList } from '../env/index.js';

export interface VolumeContext {
  /** The pod's own directory, e.g. `<dataDir>/pods/<uid>`; volumes live under `<podDir>/volumes/`. */
  podDir: string;
  /** Both reject with a StatusError of code 404 when the object does not exist. */
  getSecret(namespace: string, name: string): Promise<Secret>;
  getConfigMap(namespace: string, name: string): Promise<ConfigMap>;
  /** The node's allocatable resources: limits for downward-API resourceFieldRefs and memory emptyDirs. */
  nodeAllocatable?: ResourceList;
  /** Names the timestamped data directories; the real clock unless a test gives one. */
  clock?: () => Date;
}

/** A volume ready to mount: a host directory or file (for memory emptyDirs, a tmpfs of that size; 0: no limit). */
export interface PreparedVolume {
  hostPath: string;
  readOnly: boolean;
  memoryBytes?: number;
}

export interface VolumeProblem {
  volume: string;
  /** The FailedMount event message, as the kubelet words it. */
  message: string;
}

export interface PreparedVolumes {
  /** By volume name; a volume that failed is absent. */
  volumes: Record<string, PreparedVolume>;
  /** Volumes that could not be set up: the pod's containers cannot start until these clear. */
  errors: VolumeProblem[];
  /** Parts of volumes Skiff left out (a projected service-account token); the pod still starts. */
  warnings: VolumeProblem[];
}

/** Any failure while setting a volume up; its message follows upstream's wording. */
export class VolumeSetupError extends Error {
  override readonly name = 'VolumeSetupError';
}
