// Container env and envFrom, with the downward-API field selectors they may reference.
import type { EnvVar, EnvFromSource, ObjectFieldSelector, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import { type Cause, child, index, invalid, required, notSupported } from './field-error.js';
import { isRelaxedEnvVarName, isConfigMapKey, isQualifiedName, nameIsDNSSubdomain } from './names.js';
import { Quantity } from '../quantity/index.js';

/** Paths ConvertDownwardAPIFieldLabel knows for pods (v1). */
const CONVERTIBLE = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs',
  'status.podIP', 'status.podIPs',
]);
export const ENV_FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
];
export const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const RESOURCE_FIELDS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const MEMORY_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];

/** Splits "metadata.labels['app']" into path and subscript. */
function splitSubscript(p: string): { path: string; subscript?: string } {
  const m = /^(.*)\['(.*)'\]$/.exec(p);
  return m ? { path: m[1], subscript: m[2] } : { path: p };
}

export function validateObjectFieldSelector(fs: ObjectFieldSelector, allowed: readonly string[], field: string): Cause[] {
  if (!fs.apiVersion) return [required(child(field, 'apiVersion'))];
  if (!fs.fieldPath) return [required(child(field, 'fieldPath'))];
  const { path, subscript } = splitSubscript(fs.fieldPath);
  if (fs.apiVersion !== 'v1') {
    return [invalid(child(field, 'fieldPath'), fs.fieldPath, `error converting fieldPath: unsupported pod version: ${fs.apiVersion}`)];
  }
  if (!CONVERTIBLE.has(path) || (subscript !== undefined && path !== 'metadata.annotations' && path !== 'metadata.labels')) {
    return [invalid(child(field, 'fieldPath'), fs.fieldPath, `error converting fieldPath: field label not supported: ${fs.fieldPath}`)];
  }
  if (subscript !== undefined) {
    const name = path === 'metadata.annotations' ? subscript.toLowerCase() : subscript;
    return isQualifiedName(name).map((m) => invalid(field, name, m));
  }
  return allowed.includes(path) ? [] : [notSupported(child(field, 'fieldPath'), path, allowed)];
}

export function validateResourceFieldSelector(fs: ResourceFieldSelector, field: string, volume: boolean): Cause[] {
  const errs: Cause[] = [];
  const resource = fs.resource ?? '';
  if (volume && !fs.containerName) errs.push(required(child(field, 'containerName')));
  else if (!resource) errs.push(required(child(field, 'resource')));
  else if (!RESOURCE_FIELDS.includes(resource) && !resource.startsWith('requests.hugepages-') && !resource.startsWith('limits.hugepages-')) {
    errs.push(notSupported(child(field, 'resource'), resource, RESOURCE_FIELDS));
  }
  const divisor = fs.divisor === undefined ? undefined : Quantity.tryParse(fs.divisor);
  if (divisor && !divisor.isZero()) {
    const d = divisor.toString();
    if (resource.endsWith('.cpu') && d !== '1m' && d !== '1') {
      errs.push(invalid(child(field, 'divisor'), resource, 'only divisor\'s values 1m and 1 are supported with the cpu resource'));
    } else if (resource.endsWith('.memory') && !MEMORY_DIVISORS.includes(d)) {
      errs.push(invalid(child(field, 'divisor'), resource, `only divisor's values ${MEMORY_DIVISORS.join(', ')} are supported with the memory resource`));
    } else if (resource.endsWith('.ephemeral-storage') && !MEMORY_DIVISORS.includes(d)) {
      errs.push(invalid(child(field, 'divisor'), resource, `only divisor's values ${MEMORY_DIVISORS.join(', ')} are supported with the local ephemeral storage resource`));
    }
  }
  return errs;
}

function validateKeySelector(name: string | undefined, keyName: string | undefined, field: string): Cause[] {
  const errs = nameIsDNSSubdomain(name ?? '', false).map((m) => invalid(child(field, 'name'), name ?? '', m));
  if (!keyName) errs.push(required(child(field, 'key')));
  else errs.push(...isConfigMapKey(keyName).map((m) => invalid(child(field, 'key'), keyName, m)));
  return errs;
}

export function validateEnv(vars: EnvVar[] | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  (vars ?? []).forEach((ev, i) => {
    const p = index(field, i);
    if (!ev.name) errs.push(required(child(p, 'name')));
    else errs.push(...isRelaxedEnvVarName(ev.name).map((m) => invalid(child(p, 'name'), ev.name, m)));
    const from = ev.valueFrom;
    if (!from) return;
    const vp = child(p, 'valueFrom');
    let sources = 0;
    if (from.fieldRef) { sources++; errs.push(...validateObjectFieldSelector(from.fieldRef, ENV_FIELD_PATHS, child(vp, 'fieldRef'))); }
    if (from.resourceFieldRef) { sources++; errs.push(...validateResourceFieldSelector(from.resourceFieldRef, child(vp, 'resourceFieldRef'), false)); }
    if (from.configMapKeyRef) { sources++; errs.push(...validateKeySelector(from.configMapKeyRef.name, from.configMapKeyRef.key, child(vp, 'configMapKeyRef'))); }
    if (from.secretKeyRef) { sources++; errs.push(...validateKeySelector(from.secretKeyRef.name, from.secretKeyRef.key, child(vp, 'secretKeyRef'))); }
    if (sources === 0) errs.push(invalid(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (ev.value) errs.push(invalid(vp, '', 'may not be specified when `value` is not empty'));
    else if (sources > 1) errs.push(invalid(vp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

export function validateEnvFrom(sources: EnvFromSource[] | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  (sources ?? []).forEach((ev, i) => {
    const p = index(field, i);
    if (ev.prefix) errs.push(...isRelaxedEnvVarName(ev.prefix).map((m) => invalid(child(p, 'prefix'), ev.prefix, m)));
    let n = 0;
    for (const [ref, kind] of [[ev.configMapRef, 'configMapRef'], [ev.secretRef, 'secretRef']] as const) {
      if (!ref) continue;
      n++;
      const np = child(p, kind, 'name');
      if (!ref.name) errs.push(required(np));
      else errs.push(...nameIsDNSSubdomain(ref.name, true).map((m) => invalid(np, ref.name, m)));
    }
    if (n === 0) errs.push(invalid(field, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(invalid(field, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
