// hostPath volumes: the path is used as it is, after the type check the volume asks for (creating the
// directory or file for the *OrCreate types), with upstream's messages.
import type { Stats } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import type { HostPathVolumeSource } from 'kubernetes-types/core/v1.js';
import { VolumeSetupError } from './types.js';

type FileType = 'Directory' | 'File' | 'Socket' | 'CharDevice' | 'BlockDevice';

const DESCRIPTIONS: Record<FileType, string> = {
  Directory: 'directory', File: 'file', Socket: 'socket file', CharDevice: 'character device', BlockDevice: 'block device',
};

function fileType(st: Stats): FileType | undefined {
  if (st.isDirectory()) return 'Directory';
  if (st.isFile()) return 'File';
  if (st.isSocket()) return 'Socket';
  if (st.isCharacterDevice()) return 'CharDevice';
  if (st.isBlockDevice()) return 'BlockDevice';
  return undefined;
}

/** stat() follows symlinks, as the kubelet's checks do; a dangling link does not exist. */
async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

async function expectType(path: string, expected: FileType): Promise<void> {
  const st = await statOrUndefined(path);
  if (!st) throw new VolumeSetupError(`hostPath ${path} doesn't exist`);
  const actual = fileType(st);
  const description = DESCRIPTIONS[expected];
  if (!actual) {
    throw new VolumeSetupError(`hostPath type check failed, ${path} is not a ${description}, unable to determine its type: only recognise file, directory, socket, block device and character device`);
  }
  if (actual !== expected) throw new VolumeSetupError(`hostPath type check failed: ${path} is not a ${description}, it's a ${actual}`);
}

/** Checks (or creates) the host path; returns it for mounting. */
export async function setUpHostPath(src: HostPathVolumeSource): Promise<string> {
  const path = src.path;
  if (path.split('/').includes('..')) throw new VolumeSetupError(`invalid HostPath \`${path}\`: must not contain '..'`);
  const type = src.type ?? '';
  switch (type) {
    case '':
      return path;
    case 'DirectoryOrCreate':
      if (!(await statOrUndefined(path))) await mkdir(path, { recursive: true, mode: 0o755 });
      await expectType(path, 'Directory');
      return path;
    case 'Directory':
      await expectType(path, 'Directory');
      return path;
    case 'FileOrCreate':
      // like the kubelet, the parent directory must exist already
      if (!(await statOrUndefined(path))) await (await open(path, 'a', 0o644)).close();
      await expectType(path, 'File');
      return path;
    case 'File':
    case 'Socket':
    case 'CharDevice':
    case 'BlockDevice':
      await expectType(path, type);
      return path;
    default:
      throw new VolumeSetupError(`${type} is an invalid volume type`);
  }
}
