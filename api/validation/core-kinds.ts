// Secret, ConfigMap, Namespace, Node, ServiceAccount, Event and Lease.
import type { Secret, ConfigMap, Namespace, Node, ServiceAccount, Event } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Meta } from '../types/meta.js';
import { type Cause, index, key, invalid, required, forbidden, tooLong, duplicate } from './field-error.js';
import { isConfigMapKey, isQualifiedName, isDNS1123Subdomain, nameIsDNSLabel, nameIsDNSSubdomain } from './names.js';
import { isValidCIDR } from './ip.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateImmutable, byteLength } from './object-meta.js';
import { validateTaints } from './scheduling.js';
import { validateResourceQuantity } from './resources.js';
import { semanticEqual } from './semantic-equal.js';

export const MAX_SECRET_SIZE = 1024 * 1024;

/** Decoded size of a base64 value without decoding it. */
function base64Length(v: string): number {
  const clean = v.replace(/\s/g, '');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
}

function decode(v: string | undefined): string {
  try { return atob(v ?? ''); } catch { return ''; }
}

function immutableData(next: { immutable?: boolean }, prev: { immutable?: boolean }, fields: Array<[string, unknown, unknown]>): Cause[] {
  if (prev.immutable !== true) return [];
  const errs: Cause[] = [];
  if (next.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const [name, a, b] of fields) if (!semanticEqual(a, b)) errs.push(forbidden(name, 'field is immutable when `immutable` is set'));
  return errs;
}

export function validateSecret(secret: Secret, old?: Secret): Cause[] {
  const errs = old ? validateObjectMetaUpdate(secret.metadata as Meta, old.metadata as Meta) : [];
  if (old) {
    errs.push(...validateImmutable(secret.type ?? '', old.type ?? '', 'type'));
    errs.push(...immutableData(secret, old, [['data', secret.data, old.data]]));
  }
  errs.push(...validateObjectMeta(secret.metadata as Meta, true, nameIsDNSSubdomain));
  const data = secret.data ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    errs.push(...isConfigMapKey(k).map((m) => invalid(key('data', k), k, m)));
    total += base64Length(v);
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));
  const has = (k: string): boolean => Object.hasOwn(data, k);
  const jsonKey = (k: string): void => {
    if (!has(k)) { errs.push(required(key('data', k))); return; }
    try { JSON.parse(decode(data[k])); } catch (e) { errs.push(invalid(key('data', k), '<secret contents redacted>', (e as Error).message)); }
  };
  switch (secret.type ?? '') {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      }
      break;
    case 'kubernetes.io/dockercfg': jsonKey('.dockercfg'); break;
    case 'kubernetes.io/dockerconfigjson': jsonKey('.dockerconfigjson'); break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) errs.push(required('data[username]'), required('data[password]'));
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) errs.push(required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required('data[tls.crt]'));
      if (!has('tls.key')) errs.push(required('data[tls.key]'));
      break;
    default:
  }
  return errs;
}

export function validateConfigMap(cm: ConfigMap, old?: ConfigMap): Cause[] {
  const errs = old ? validateObjectMetaUpdate(cm.metadata as Meta, old.metadata as Meta) : [];
  if (old) errs.push(...immutableData(cm, old, [['data', cm.data, old.data], ['binaryData', cm.binaryData, old.binaryData]]));
  errs.push(...validateObjectMeta(cm.metadata as Meta, true, nameIsDNSSubdomain));
  const binary = cm.binaryData ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    errs.push(...isConfigMapKey(k).map((m) => invalid(key('data', k), k, m)));
    if (Object.hasOwn(binary, k)) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    total += byteLength(String(v));
  }
  for (const [k, v] of Object.entries(binary)) {
    errs.push(...isConfigMapKey(k).map((m) => invalid(key('binaryData', k), k, m)));
    total += base64Length(v);
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('', MAX_SECRET_SIZE));
  return errs;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function validateNamespace(ns: Namespace, old?: Namespace): Cause[] {
  if (old) return validateObjectMetaUpdate(ns.metadata as Meta, old.metadata as Meta);
  const errs = validateObjectMeta(ns.metadata as Meta, false, nameIsDNSLabel);
  for (const f of ns.spec?.finalizers ?? []) {
    errs.push(...isQualifiedName(f).map((m) => invalid('spec.finalizers', f, m)));
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      errs.push(invalid('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  }
  return errs;
}

export function validateNode(node: Node, old?: Node): Cause[] {
  const errs = old ? validateObjectMetaUpdate(node.metadata as Meta, old.metadata as Meta) : validateObjectMeta(node.metadata as Meta, false, nameIsDNSSubdomain);
  // upstream roots the taints path at metadata
  errs.push(...validateTaints(node.spec?.taints, 'metadata.taints'));
  for (const [section, list] of [['capacity', node.status?.capacity], ['allocatable', node.status?.allocatable]] as const) {
    for (const [name, v] of Object.entries(list ?? {})) errs.push(...validateResourceQuantity(name, v, `status.${section}.${name}`));
  }
  const cidrs = node.spec?.podCIDRs ?? [];
  if (!old) {
    cidrs.forEach((c, i) => errs.push(...isValidCIDR(index('spec.podCIDRs', i), c)));
    const seen = new Set<string>();
    cidrs.forEach((c, i) => { if (seen.has(c)) errs.push(duplicate(index('spec.podCIDRs', i), c)); seen.add(c); });
    return errs;
  }
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const k = `${a.type}/${a.address}`;
    if (seen.has(k)) errs.push(duplicate(index('status.addresses', i), JSON.stringify(a)));
    seen.add(k);
  });
  const oldCidrs = old.spec?.podCIDRs ?? [];
  if (oldCidrs.length > 0 && (oldCidrs.length !== cidrs.length || oldCidrs.some((c, i) => c !== cidrs[i]))) {
    errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  if ((node.spec?.externalID ?? '') !== (old.spec?.externalID ?? '')) errs.push(forbidden('spec.externalID', 'may not be updated'));
  return errs;
}

export function validateServiceAccount(sa: ServiceAccount, old?: ServiceAccount): Cause[] {
  const errs = old ? validateObjectMetaUpdate(sa.metadata as Meta, old.metadata as Meta) : [];
  return [...errs, ...validateObjectMeta(sa.metadata as Meta, true, nameIsDNSSubdomain)];
}

/** legacyValidateEvent: all the core/v1 Event API checks (the strict rules belong to events.k8s.io). */
export function validateEvent(ev: Event): Cause[] {
  const errs: Cause[] = [];
  const ns = ev.metadata?.namespace ?? '';
  const involvedNs = ev.involvedObject?.namespace ?? '';
  if (!ev.eventTime) {
    if (!involvedNs ? ns !== '' && ns !== 'default' : ns !== involvedNs) {
      errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    }
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    const rc = ev.reportingComponent ?? '';
    if (!rc) errs.push(required('reportingController'));
    errs.push(...isQualifiedName(rc).map((m) => invalid('reportingController', rc, m)));
    const limits: Array<[string, string | undefined, number]> = [['reportingInstance', ev.reportingInstance, 128], ['action', ev.action, 128], ['reason', ev.reason, 128]];
    for (const [name, value, max] of limits) {
      if (!value) errs.push(required(name));
      if ((value ?? '').length > max) errs.push(invalid(name, '', `can have at most ${max} characters`));
    }
    if ((ev.message ?? '').length > 1024) errs.push(invalid('message', '', 'can have at most 1024 characters'));
  }
  errs.push(...isDNS1123Subdomain(ns).map((m) => invalid('namespace', ns, m)));
  return errs;
}

export function validateLease(lease: Lease, old?: Lease): Cause[] {
  const errs = old ? validateObjectMetaUpdate(lease.metadata as Meta, old.metadata as Meta) : validateObjectMeta(lease.metadata as Meta, true, nameIsDNSSubdomain);
  const spec = lease.spec ?? {};
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds !== null && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions !== null && spec.leaseTransitions < 0) {
    errs.push(invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  return errs;
}
