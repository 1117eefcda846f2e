// Pod volumes: unique DNS-label names, exactly one source, and the checks for the sources Skiff's agent
// mounts (emptyDir, hostPath, secret, configMap, downwardAPI, projected) plus the common remote ones.
// Other in-tree sources are recognised so the one-source rule holds, but their fields are not checked.
import type { Volume, KeyToPath, DownwardAPIVolumeFile } from 'kubernetes-types/core/v1.js';
import { type Cause, child, index, invalid, required, forbidden, notSupported, duplicate, tooLong } from './field-error.js';
import { isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { validateObjectFieldSelector, validateResourceFieldSelector, VOLUME_FIELD_PATHS } from './env.js';
import { validateLocalNonReservedPath, validatePathNoBacksteps } from './paths.js';
import { Quantity } from '../quantity/index.js';

/** Source keys in upstream's order, with the path name its "more than 1 volume type" error uses. */
const SOURCES: ReadonlyArray<[keyof Volume, string]> = [
  ['emptyDir', 'emptyDir'], ['hostPath', 'hostPath'], ['gitRepo', 'gitRepo'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['secret', 'secret'], ['nfs', 'nfs'], ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'], ['flocker', 'flocker'], ['persistentVolumeClaim', 'persistentVolumeClaim'], ['rbd', 'rbd'],
  ['cinder', 'cinder'], ['cephfs', 'cephFS'], ['quobyte', 'quobyte'], ['downwardAPI', 'downwarAPI'], ['fc', 'fc'],
  ['flexVolume', 'flexVolume'], ['configMap', 'configMap'], ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'], ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'], ['projected', 'projected'], ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'],
  ['image' as keyof Volume, 'image'],
];

const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function mode(value: number | undefined, field: string): Cause[] {
  return value !== undefined && value !== null && (value > 0o777 || value < 0) ? [invalid(field, value, FILE_MODE_MSG)] : [];
}

function keyToPath(kp: KeyToPath, field: string): Cause[] {
  const errs: Cause[] = [];
  if (!kp.key) errs.push(required(child(field, 'key')));
  if (!kp.path) errs.push(required(child(field, 'path')));
  errs.push(...validateLocalNonReservedPath(kp.path ?? '', child(field, 'path')), ...mode(kp.mode, child(field, 'mode')));
  return errs;
}

function downwardFile(file: DownwardAPIVolumeFile, field: string): Cause[] {
  const errs: Cause[] = [];
  if (!file.path) errs.push(required(child(field, 'path')));
  errs.push(...validateLocalNonReservedPath(file.path ?? '', child(field, 'path')));
  if (file.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_FIELD_PATHS, child(field, 'fieldRef')));
    if (file.resourceFieldRef) errs.push(invalid(field, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (file.resourceFieldRef) {
    errs.push(...validateResourceFieldSelector(file.resourceFieldRef, child(field, 'resourceFieldRef'), true));
  } else errs.push(required(field, 'one of fieldRef and resourceFieldRef is required'));
  return [...errs, ...mode(file.mode, child(field, 'mode'))];
}

function projected(vol: NonNullable<Volume['projected']>, field: string): Cause[] {
  const errs = mode(vol.defaultMode, child(field, 'defaultMode'));
  const paths = new Set<string>();
  const addPath = (p: string, shown: string): void => {
    if (paths.has(p)) errs.push(invalid(field, shown, 'conflicting duplicate paths'));
    paths.add(p);
  };
  (vol.sources ?? []).forEach((src, i) => {
    const sp = index(child(field, 'sources'), i);
    let n = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      const s = src[kind];
      if (!s) continue;
      n++;
      if (!s.name) errs.push(required(child(sp, kind, 'name')));
      (s.items ?? []).forEach((kp, j) => {
        errs.push(...keyToPath(kp, index(child(sp, kind, 'items'), j)));
        if (kp.path) addPath(kp.path, s.name ?? '');
      });
    }
    if (src.downwardAPI) {
      n++;
      for (const f of src.downwardAPI.items ?? []) {
        errs.push(...downwardFile(f, child(sp, 'downwardAPI')));
        if (f.path) addPath(f.path, f.path);
      }
    }
    const sat = src.serviceAccountToken;
    if (sat) {
      n++;
      const exp = sat.expirationSeconds ?? 0;
      if (exp < 600) errs.push(invalid(child(sp, 'serviceAccountToken', 'expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(invalid(child(sp, 'serviceAccountToken', 'expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'));
      if (!sat.path) errs.push(required(child(field, 'path')));
      else errs.push(...validateLocalNonReservedPath(sat.path, child(field, 'path')));
    }
    if (src.clusterTrustBundle) n++;
    if (n > 1) errs.push(forbidden(sp, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function source(vol: Volume, field: string, isPod: boolean): Cause[] {
  const errs: Cause[] = [];
  let n = 0;
  for (const [k, pathName] of SOURCES) {
    if (vol[k] === undefined || vol[k] === null) continue;
    if (n > 0) { errs.push(forbidden(child(field, pathName), 'may not specify more than 1 volume type')); continue; }
    n++;
    const p = child(field, k);
    if (vol.emptyDir && k === 'emptyDir') {
      const limit = vol.emptyDir.sizeLimit === undefined ? undefined : Quantity.tryParse(vol.emptyDir.sizeLimit);
      if (limit && limit.sign() < 0) errs.push(forbidden(child(p, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
    } else if (vol.hostPath && k === 'hostPath') {
      if (!vol.hostPath.path) errs.push(required(child(p, 'path')));
      else {
        errs.push(...validatePathNoBacksteps(vol.hostPath.path, child(p, 'path')));
        const t = vol.hostPath.type;
        if (t !== undefined && t !== null && !HOST_PATH_TYPES.includes(t)) errs.push(notSupported(child(p, 'type'), t, HOST_PATH_TYPES));
      }
    } else if (vol.secret && k === 'secret') {
      if (!vol.secret.secretName) errs.push(required(child(p, 'secretName')));
      errs.push(...mode(vol.secret.defaultMode, child(p, 'defaultMode')));
      (vol.secret.items ?? []).forEach((kp, i) => errs.push(...keyToPath(kp, index(child(p, 'items'), i))));
    } else if (vol.configMap && k === 'configMap') {
      if (!vol.configMap.name) errs.push(required(child(p, 'name')));
      errs.push(...mode(vol.configMap.defaultMode, child(p, 'defaultMode')));
      (vol.configMap.items ?? []).forEach((kp, i) => errs.push(...keyToPath(kp, index(child(p, 'items'), i))));
    } else if (vol.downwardAPI && k === 'downwardAPI') {
      errs.push(...mode(vol.downwardAPI.defaultMode, child(p, 'defaultMode')));
      for (const f of vol.downwardAPI.items ?? []) errs.push(...downwardFile(f, p));
    } else if (vol.projected && k === 'projected') {
      errs.push(...projected(vol.projected, p));
    } else if (vol.persistentVolumeClaim && k === 'persistentVolumeClaim') {
      if (!vol.persistentVolumeClaim.claimName) errs.push(required(child(p, 'claimName')));
    } else if (vol.nfs && k === 'nfs') {
      if (!vol.nfs.server) errs.push(required(child(p, 'server')));
      if (!vol.nfs.path) errs.push(required(child(p, 'path')));
      if (!(vol.nfs.path ?? '').startsWith('/')) errs.push(invalid(child(p, 'path'), vol.nfs.path ?? '', 'must be an absolute path'));
    } else if (vol.csi && k === 'csi') {
      const driver = vol.csi.driver ?? '';
      if (!driver) errs.push(required(child(p, 'driver')));
      if (driver.length > 63) errs.push(tooLong(child(p, 'driver'), 63));
      errs.push(...isDNS1123Subdomain(driver.toLowerCase()).map((m) => invalid(child(p, 'driver'), driver, m)));
    } else if (vol.ephemeral && k === 'ephemeral') {
      if (!vol.ephemeral.volumeClaimTemplate) errs.push(required(child(p, 'volumeClaimTemplate')));
    } else if (k === ('image' as keyof Volume)) {
      const img = (vol as Volume & { image?: { reference?: string } }).image;
      if (isPod && !img?.reference) errs.push(required(child(p, 'reference')));
    }
  }
  if (n === 0) errs.push(required(field, 'must specify a volume type'));
  return errs;
}

/** ValidateVolumes: returns the names of the valid volumes (for mount checks) and the errors. */
export function validateVolumes(volumes: Volume[] | undefined, field: string, isPod: boolean): { names: Set<string>; errs: Cause[] } {
  const names = new Set<string>();
  const errs: Cause[] = [];
  (volumes ?? []).forEach((vol, i) => {
    const p = index(field, i);
    const el = source(vol, p, isPod);
    if (!vol.name) el.push(required(child(p, 'name')));
    else el.push(...isDNS1123Label(vol.name).map((m) => invalid(child(p, 'name'), vol.name, m)));
    if (names.has(vol.name)) el.push(duplicate(child(p, 'name'), vol.name));
    if (el.length === 0) names.add(vol.name);
    else errs.push(...el);
  });
  return { names, errs };
}
