// emptyDir volumes: a world-writable directory of the pod's, or (medium: Memory) an in-memory mount
// sized as the kubelet sizes it.
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Container, EmptyDirVolumeSource, Pod } from 'kubernetes-types/core/v1.js';
import { Quantity } from '../../api/quantity/index.js';
import type { ResourceList } from '../env/index.js';
import { VolumeSetupError, type PreparedVolume } from './types.js';

const run = promisify(execFile);

const memoryLimit = (c: Container): Quantity | undefined => Quantity.tryParse((c.resources?.limits as ResourceList | undefined)?.memory);

/**
 * The pod's memory limit as its cgroup gets it: only when every container declares one; the sum of the
 * app containers', or the largest init container's when that is larger.
 */
function podMemoryLimit(pod: Pod): Quantity | undefined {
  const apps = (pod.spec?.containers ?? []).map(memoryLimit);
  const inits = (pod.spec?.initContainers ?? []).map(memoryLimit);
  if (apps.length === 0 || [...apps, ...inits].includes(undefined)) return undefined;
  let total = (apps as Quantity[]).reduce((sum, l) => sum.add(l), Quantity.zero());
  for (const l of inits as Quantity[]) if (l.cmp(total) > 0) total = l;
  return total;
}

/**
 * The tmpfs size in bytes (0: the runtime's default): the node's allocatable memory, lowered to the
 * pod's memory limit and then to the volume's sizeLimit when those are smaller.
 */
export function memoryVolumeSize(pod: Pod, src: EmptyDirVolumeSource, allocatable: ResourceList | undefined): number {
  let size = Quantity.tryParse(allocatable?.memory);
  for (const candidate of [podMemoryLimit(pod), Quantity.tryParse(src.sizeLimit)]) {
    if (candidate && candidate.sign() > 0 && (!size || candidate.cmp(size) <= 0)) size = candidate;
  }
  return size ? Number(size.value()) : 0;
}

/** Whether `dir` is itself a mount point (a tmpfs set up by an earlier sync). */
export async function isMountPoint(dir: string): Promise<boolean> {
  const mounts = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  return mounts.split('\n').some((line) => line.split(' ')[4] === dir);
}

/**
 * A memory-backed emptyDir is one tmpfs mounted on the host at the volume's directory and bind-mounted into
 * every container that uses it, so the pod's containers share it, as they do under a kubelet.
 */
async function setUpMemoryDir(dir: string, sizeBytes: number): Promise<PreparedVolume> {
  await mkdir(dir, { recursive: true });
  if (!(await isMountPoint(dir))) {
    try {
      await run('mount', ['-t', 'tmpfs', '-o', sizeBytes > 0 ? `mode=1777,size=${sizeBytes}` : 'mode=1777', 'tmpfs', dir]);
    } catch (err) {
      throw new VolumeSetupError(`mounting a tmpfs at ${dir} failed: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`);
    }
  }
  return { hostPath: dir, readOnly: false, memoryBytes: sizeBytes };
}

export async function setUpEmptyDir(pod: Pod, src: EmptyDirVolumeSource, dir: string, allocatable: ResourceList | undefined): Promise<PreparedVolume> {
  const medium = src.medium ?? '';
  if (medium === 'Memory') return setUpMemoryDir(dir, memoryVolumeSize(pod, src, allocatable));
  if (medium !== '') throw new VolumeSetupError(`emptyDir medium ${medium} is not supported on this node`);
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o777); // any container user may write, whatever the umask
  return { hostPath: dir, readOnly: false };
}
