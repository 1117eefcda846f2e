// A pod's volumes on the host, laid out as the kubelet lays them out:
// <podDir>/volumes/kubernetes.io~<plugin>/<volume name>. Setting up is idempotent, so the same calls
// serve a pod's first start, an agent restart, and the periodic refresh of object-backed volumes.
// Calls for one pod must not overlap (its pod worker runs them one at a time).
import { execFile } from 'node:child_process';
import { readFile, rm, rmdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { Pod, Volume } from 'kubernetes-types/core/v1.js';
import { AtomicWriter } from './atomic-writer.js';
import { setUpEmptyDir } from './empty-dir.js';
import { setUpHostPath } from './host-path.js';
import { OBJECT_VOLUME_PLUGINS, objectVolumeKind, objectVolumePayload } from './object-volumes.js';
import { VolumeSetupError, type PreparedVolume, type PreparedVolumes, type VolumeContext, type VolumeProblem } from './types.js';

const EMPTY_DIR_PLUGIN = 'kubernetes.io~empty-dir';

export const volumeDir = (podDir: string, plugin: string, name: string): string => join(podDir, 'volumes', plugin, name);

/** A Node system error the way Go prints it: "open /x/y: no such file or directory". */
function messageOf(err: unknown): string {
  if (err instanceof VolumeSetupError || !(err instanceof Error)) return err instanceof Error ? err.message : String(err);
  const e = err as NodeJS.ErrnoException;
  if (!e.code || !e.syscall) return e.message;
  const what = e.message.replace(/^[A-Z0-9_]+: /, '').split(', ')[0];
  return `${e.syscall}${e.path ? ` ${e.path}` : ''}: ${what}`;
}

async function setUp(vol: Volume, pod: Pod, ctx: VolumeContext, warn: (m: string) => void): Promise<{ prepared: PreparedVolume; changed: boolean }> {
  const kind = objectVolumeKind(vol);
  if (kind) {
    const dir = volumeDir(ctx.podDir, OBJECT_VOLUME_PLUGINS[kind], vol.name);
    const payload = await objectVolumePayload(vol, pod, ctx, warn);
    const changed = await new AtomicWriter(dir, ctx.clock).write(payload);
    // the kubelet mounts these read-only whatever the volumeMount says
    return { prepared: { hostPath: dir, readOnly: true }, changed };
  }
  if (vol.emptyDir) {
    const dir = volumeDir(ctx.podDir, EMPTY_DIR_PLUGIN, vol.name);
    return { prepared: await setUpEmptyDir(pod, vol.emptyDir, dir, ctx.nodeAllocatable), changed: false };
  }
  if (vol.hostPath) return { prepared: { hostPath: await setUpHostPath(vol.hostPath), readOnly: false }, changed: false };
  const type = Object.keys(vol).find((k) => k !== 'name') ?? 'with no source';
  throw new VolumeSetupError(`volume type ${type} is not supported on this node`);
}

interface RunResult extends PreparedVolumes {
  changed: string[];
}

async function run(pod: Pod, ctx: VolumeContext, volumes: Volume[]): Promise<RunResult> {
  const out: RunResult = { volumes: {}, errors: [], warnings: [], changed: [] };
  for (const vol of volumes) {
    const warn = (m: string) => out.warnings.push({ volume: vol.name, message: `volume "${vol.name}": ${m}` });
    try {
      const r = await setUp(vol, pod, ctx, warn);
      out.volumes[vol.name] = r.prepared;
      if (r.changed) out.changed.push(vol.name);
    } catch (err) {
      out.errors.push({ volume: vol.name, message: `MountVolume.SetUp failed for volume "${vol.name}" : ${messageOf(err)}` });
    }
  }
  return out;
}

/**
 * Sets up every volume of the pod. A volume that fails is reported with the kubelet's FailedMount
 * message (a Secret or ConfigMap that is missing and not optional, a hostPath of the wrong type, …)
 * and left out; the others are still prepared.
 */
export async function prepareVolumes(pod: Pod, ctx: VolumeContext): Promise<PreparedVolumes> {
  const { volumes, errors, warnings } = await run(pod, ctx, pod.spec?.volumes ?? []);
  return { volumes, errors, warnings };
}

export interface VolumeUpdate {
  /** Volumes whose files changed (an atomic switch to the new version). */
  changed: string[];
  errors: VolumeProblem[];
  warnings: VolumeProblem[];
}

/**
 * Rewrites the secret, configMap, downwardAPI and projected volumes whose content differs from the
 * current objects and pod (labels, annotations); unchanged ones are not touched. A volume whose object
 * disappeared keeps its last content and is reported, as with the kubelet.
 */
export async function updateVolumes(pod: Pod, ctx: VolumeContext): Promise<VolumeUpdate> {
  const { changed, errors, warnings } = await run(pod, ctx, (pod.spec?.volumes ?? []).filter((v) => objectVolumeKind(v)));
  return { changed, errors, warnings };
}

/** Removes the pod's volume directories (never a hostPath's content) and the pod directory if that leaves it empty. */
const exec = promisify(execFile);

export async function cleanupPodVolumes(podDir: string): Promise<void> {
  // Memory emptyDirs are tmpfs mounts: unmount them first (rm would only empty them).
  const mounts = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  const inside = join(podDir, 'volumes') + '/';
  for (const point of mounts.split('\n').map((l: string) => l.split(' ')[4]).filter((p: string | undefined) => p?.startsWith(inside))) {
    await exec('umount', [point]).catch(() => exec('umount', ['-l', point]).catch(() => undefined));
  }
  await rm(join(podDir, 'volumes'), { recursive: true, force: true });
  await rmdir(podDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT' && err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
  });
}
