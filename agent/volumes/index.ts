// A pod's volumes on the host (emptyDir, hostPath, secret, configMap, downwardAPI, projected), their
// atomic updates, and each container's mounts of them.
export { prepareVolumes, updateVolumes, cleanupPodVolumes, volumeDir, type VolumeUpdate } from './prepare.js';
export { mountsFor, type ContainerMounts } from './mounts.js';
export { AtomicWriter, type FileProjection, type Payload } from './atomic-writer.js';
export { VolumeSetupError, type PreparedVolume, type PreparedVolumes, type VolumeContext, type VolumeProblem } from './types.js';
