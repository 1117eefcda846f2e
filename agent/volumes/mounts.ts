// A container's volumeMounts → the runtime's bind mounts and in-memory mounts, resolving subPath and
// subPathExpr the way the kubelet's makeMounts does (a missing subPath directory is created; a path
// that leads out of its volume through a symlink is refused).
import { chmod, lstat, mkdir, realpath, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Container } from 'kubernetes-types/core/v1.js';
import { expandSubPathExpr, type EnvVarValue } from '../env/index.js';
import type { Mount } from '../runtime/types.js';
import type { PreparedVolumes } from './types.js';

export interface ContainerMounts {
  mounts: Mount[];
  /** Container path → size limit in bytes (0: none), for in-memory emptyDirs. */
  tmpfs: Record<string, number>;
  /** Why the container cannot be created (CreateContainerConfigError); mounts are then empty. */
  error?: string;
}

class MountError extends Error {
  override readonly name = 'MountError';
}

const inside = (root: string, p: string): boolean => p === root || p.startsWith(`${root}/`);

/**
 * Creates the missing directories of `subPath` under `root` one at a time with the volume's mode,
 * refusing any existing component that resolves outside the volume (a symlink a container planted).
 */
async function safeMakeDir(root: string, subPath: string): Promise<void> {
  const realRoot = await realpath(root);
  const mode = (await stat(root)).mode & 0o7777;
  let current = realRoot;
  for (const part of subPath.split('/').filter((p) => p !== '' && p !== '.')) {
    const next = join(current, part);
    const st = await lstat(next).catch(() => undefined);
    if (!st) {
      await mkdir(next, { mode });
      await chmod(next, mode);
      current = next;
      continue;
    }
    current = await realpath(next);
    if (!inside(realRoot, current)) throw new Error(`${next} leads out of the volume`);
  }
}

async function subPathHostPath(volumePath: string, subPath: string, mountName: string, containerName: string): Promise<string> {
  const target = join(volumePath, subPath);
  const exists = await stat(target).then(() => true, () => false);
  if (!exists) {
    await safeMakeDir(volumePath, subPath).catch(() => {
      // like the kubelet, no details of the host's filesystem go back to the user
      throw new MountError(`failed to create subPath directory for volumeMount "${mountName}" of container "${containerName}"`);
    });
  }
  const [real, realRoot] = await Promise.all([realpath(target), realpath(volumePath)]).catch(() => ['', '']);
  if (!real || !inside(realRoot, real)) {
    throw new MountError(`failed to prepare subPath for volumeMount "${mountName}" of container "${containerName}"`);
  }
  return real;
}

export async function mountsFor(container: Container, prepared: PreparedVolumes, env: readonly EnvVarValue[]): Promise<ContainerMounts> {
  const mounts: Mount[] = [];
  const tmpfs: Record<string, number> = {};
  try {
    for (const vm of container.volumeMounts ?? []) {
      const vol = prepared.volumes[vm.name];
      if (!vol) throw new MountError(`cannot find volume "${vm.name}" to mount into container "${container.name}"`);
      let subPath = vm.subPath ?? '';
      if (vm.subPathExpr) {
        const r = expandSubPathExpr(vm.subPathExpr, env);
        if ('error' in r) throw new MountError(r.error);
        subPath = r.path;
      }
      if (subPath) {
        if (posix.isAbsolute(subPath)) throw new MountError(`error SubPath \`${subPath}\` must not be an absolute path`);
        if (subPath.split('/').includes('..')) throw new MountError(`unable to provision SubPath \`${subPath}\`: must not contain '..'`);
      }
      const hostPath = subPath ? await subPathHostPath(vol.hostPath, subPath, vm.name, container.name) : vol.hostPath;
      mounts.push({ hostPath, containerPath: vm.mountPath, readOnly: vm.readOnly === true || vol.readOnly });
    }
  } catch (err) {
    if (err instanceof MountError) return { mounts: [], tmpfs: {}, error: err.message };
    throw err;
  }
  return { mounts, tmpfs };
}
