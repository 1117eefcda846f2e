// PodSpec defaults (pkg/apis/core/v1 SetDefaults_PodSpec, _Container, _Probe, _Volume and the generated
// defaulters), plus the Pod-only ones (SetDefaults_Pod) when `isPod` is set.
import { type Obj, objAt, maybeObj, objs, setIfAbsent, setIfEmpty, canonicalizeResourceList, canonicalizeQuantityAt } from './record.js';
import { defaultPullPolicy } from './image-reference.js';

function defaultHandler(h: Obj | undefined): void {
  const http = maybeObj(h, 'httpGet');
  if (http) { setIfEmpty(http, 'path', '/'); setIfEmpty(http, 'scheme', 'HTTP'); }
}

function defaultProbe(p: Obj | undefined): void {
  if (!p) return;
  setIfEmpty(p, 'timeoutSeconds', 1);
  setIfEmpty(p, 'periodSeconds', 10);
  setIfEmpty(p, 'successThreshold', 1);
  setIfEmpty(p, 'failureThreshold', 3);
  defaultHandler(p);
  const grpc = maybeObj(p, 'grpc');
  if (grpc) setIfAbsent(grpc, 'service', '');
}

function defaultFieldRef(holder: Obj | undefined): void {
  const ref = maybeObj(holder, 'fieldRef');
  if (ref) setIfEmpty(ref, 'apiVersion', 'v1');
}

function defaultContainer(c: Obj): void {
  setIfEmpty(c, 'imagePullPolicy', defaultPullPolicy(c.image));
  setIfEmpty(c, 'terminationMessagePath', '/dev/termination-log');
  setIfEmpty(c, 'terminationMessagePolicy', 'File');
  for (const port of objs(c, 'ports')) setIfEmpty(port, 'protocol', 'TCP');
  for (const env of objs(c, 'env')) defaultFieldRef(maybeObj(env, 'valueFrom'));
  // a struct field in Go: always serialized, if only as {}
  const resources = objAt(c, 'resources');
  canonicalizeResourceList(resources.limits);
  canonicalizeResourceList(resources.requests);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(maybeObj(c, probe));
  const lifecycle = maybeObj(c, 'lifecycle');
  defaultHandler(maybeObj(lifecycle, 'postStart'));
  defaultHandler(maybeObj(lifecycle, 'preStop'));
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];

function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v.emptyDir = {};
  const hostPath = maybeObj(v, 'hostPath');
  if (hostPath) setIfAbsent(hostPath, 'type', '');
  canonicalizeQuantityAt(maybeObj(v, 'emptyDir'), 'sizeLimit');
  for (const kind of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = maybeObj(v, kind);
    if (src) setIfAbsent(src, 'defaultMode', 0o644);
  }
  for (const item of objs(maybeObj(v, 'downwardAPI'), 'items')) defaultFieldRef(item);
  for (const source of objs(maybeObj(v, 'projected'), 'sources')) {
    for (const item of objs(maybeObj(source, 'downwardAPI'), 'items')) defaultFieldRef(item);
    const token = maybeObj(source, 'serviceAccountToken');
    if (token) setIfAbsent(token, 'expirationSeconds', 3600);
  }
  const iscsi = maybeObj(v, 'iscsi');
  if (iscsi) setIfEmpty(iscsi, 'iscsiInterface', 'default');
  const rbd = maybeObj(v, 'rbd');
  if (rbd) { setIfEmpty(rbd, 'pool', 'rbd'); setIfEmpty(rbd, 'user', 'admin'); setIfEmpty(rbd, 'keyring', '/etc/ceph/keyring'); }
  const azureDisk = maybeObj(v, 'azureDisk');
  if (azureDisk) {
    setIfAbsent(azureDisk, 'cachingMode', 'ReadWrite');
    setIfAbsent(azureDisk, 'kind', 'Shared');
    setIfAbsent(azureDisk, 'fsType', 'ext4');
    setIfAbsent(azureDisk, 'readOnly', false);
  }
  const scaleIO = maybeObj(v, 'scaleIO');
  if (scaleIO) { setIfEmpty(scaleIO, 'storageMode', 'ThinProvisioned'); setIfEmpty(scaleIO, 'fsType', 'xfs'); }
  const claimSpec = maybeObj(maybeObj(maybeObj(v, 'ephemeral'), 'volumeClaimTemplate'), 'spec');
  if (claimSpec) {
    setIfAbsent(claimSpec, 'volumeMode', 'Filesystem');
    canonicalizeResourceList(maybeObj(claimSpec, 'resources')?.requests);
    canonicalizeResourceList(maybeObj(claimSpec, 'resources')?.limits);
  }
}

/** Requests default to limits for each resource that has a limit but no request (Pods only). */
function requestsFromLimits(c: Obj): void {
  const resources = maybeObj(c, 'resources');
  const limits = maybeObj(resources, 'limits');
  if (!resources || !limits) return;
  const requests = objAt(resources, 'requests');
  for (const [k, v] of Object.entries(limits)) if (!Object.hasOwn(requests, k)) requests[k] = v;
}

export function defaultPodSpec(spec: Obj, isPod: boolean): void {
  setIfEmpty(spec, 'dnsPolicy', 'ClusterFirst');
  setIfEmpty(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  setIfEmpty(spec, 'schedulerName', 'default-scheduler');
  // v1's deprecated serviceAccount mirrors serviceAccountName through conversion
  if (!spec.serviceAccountName && typeof spec.serviceAccount === 'string' && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const v of objs(spec, 'volumes')) defaultVolume(v);
  const all = [...objs(spec, 'initContainers'), ...objs(spec, 'containers'), ...objs(spec, 'ephemeralContainers')];
  for (const c of all) defaultContainer(c);
  canonicalizeResourceList(spec.overhead);
  const podResources = maybeObj(spec, 'resources');
  if (podResources) { canonicalizeResourceList(podResources.limits); canonicalizeResourceList(podResources.requests); }
  if (!isPod) return;
  for (const c of [...objs(spec, 'containers'), ...objs(spec, 'initContainers')]) requestsFromLimits(c);
  setIfAbsent(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    for (const c of [...objs(spec, 'containers'), ...objs(spec, 'initContainers')]) {
      for (const port of objs(c, 'ports')) setIfEmpty(port, 'hostPort', port.containerPort);
    }
  }
}

/** Defaults for the pod spec inside a template (`spec.template` of a workload), if present. */
export function defaultTemplate(holder: Obj | undefined): void {
  const tpl = maybeObj(holder, 'template');
  if (!tpl) return;
  defaultPodSpec(objAt(tpl, 'spec'), false);
}
