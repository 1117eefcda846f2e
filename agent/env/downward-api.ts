// The downward API's values, shared by env vars (fieldRef, resourceFieldRef) and downwardAPI volumes:
// pod fields as the kubelet renders them, and container resources divided (rounding up) by a divisor.
import type { Container, ObjectFieldSelector, Pod, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import { Quantity } from '../../api/quantity/index.js';
import { goQuote } from '../../api/validation/go-format.js';
import { isQualifiedName } from '../../api/validation/index.js';

/** A resource list (`{cpu: '4', memory: '8Gi'}`), e.g. the node's allocatable resources. */
export type ResourceList = Record<string, string>;

export class DownwardApiError extends Error {
  override readonly name = 'DownwardApiError';
}

/** The pod's and node's addresses, which the pod object may not carry yet when a container starts. */
export interface RuntimeAddresses {
  podIPs: readonly string[];
  hostIPs: readonly string[];
}

/** `key="value"` lines, keys sorted, values Go-quoted, no trailing newline (fieldpath.FormatMap). */
export function formatMap(m: Record<string, string> | undefined = {}): string {
  return Object.keys(m).sort().map((k) => `${k}=${goQuote(m[k])}`).join('\n');
}

/** "metadata.labels['app']" → path and subscript, as fieldpath.SplitMaybeSubscriptedPath. */
function splitSubscript(fieldPath: string): { path: string; subscript?: string } {
  if (!fieldPath.endsWith("']")) return { path: fieldPath };
  const body = fieldPath.slice(0, -2);
  const at = body.indexOf("['");
  if (at <= 0) return { path: fieldPath };
  return { path: body.slice(0, at), subscript: body.slice(at + 2) };
}

/** The metadata fields every downward-API consumer supports (fieldpath.ExtractFieldPathAsString). */
export function podMetadataField(pod: Pod, fieldPath: string): string {
  const meta = pod.metadata ?? {};
  const { path, subscript } = splitSubscript(fieldPath);
  if (subscript !== undefined) {
    if (path !== 'metadata.annotations' && path !== 'metadata.labels') {
      throw new DownwardApiError(`fieldPath "${fieldPath}" does not support subscript`);
    }
    const errs = isQualifiedName(path === 'metadata.annotations' ? subscript.toLowerCase() : subscript);
    if (errs.length > 0) throw new DownwardApiError(`invalid key subscript in ${fieldPath}: ${errs.join(';')}`);
    return (path === 'metadata.annotations' ? meta.annotations : meta.labels)?.[subscript] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.annotations': return formatMap(meta.annotations);
    case 'metadata.labels': return formatMap(meta.labels);
    case 'metadata.name': return meta.name ?? '';
    case 'metadata.namespace': return meta.namespace ?? '';
    case 'metadata.uid': return meta.uid ?? '';
  }
  throw new DownwardApiError(`unsupported fieldPath: ${fieldPath}`);
}

/** An env var's fieldRef: the metadata fields plus the spec and status fields only env vars may use. */
export function podFieldValue(pod: Pod, fs: ObjectFieldSelector, addrs: RuntimeAddresses): string {
  const version = fs.apiVersion ?? 'v1';
  if (version !== 'v1') throw new DownwardApiError(`unsupported pod version: ${version}`);
  switch (fs.fieldPath) {
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP': return addrs.hostIPs[0] ?? '';
    case 'status.hostIPs': return addrs.hostIPs.join(',');
    case 'status.podIP': return addrs.podIPs[0] ?? '';
    case 'status.podIPs': return addrs.podIPs.join(',');
  }
  return podMetadataField(pod, fs.fieldPath);
}

/** A container of the pod by name, init containers included (findContainerInPod). */
export function findContainer(pod: Pod, name: string): Container {
  const found = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
  if (!found) throw new DownwardApiError(`container ${name} not found`);
  return found;
}

const ceilDiv = (n: bigint, d: bigint): bigint => (n <= 0n ? n / d : (n + d - 1n) / d);

function quantityOf(list: ResourceList | undefined, name: string): Quantity | undefined {
  const raw = list?.[name];
  return raw === undefined ? undefined : Quantity.tryParse(raw);
}

/**
 * A resourceFieldRef's value for a container: limits.* that are unset (or zero) fall back to the node's
 * allocatable amount as the kubelet's defaultPodLimitsForDownwardAPI does; cpu rounds up to whole
 * divisor units of millicores, the byte-sized resources to whole divisor units of bytes.
 */
export function containerResourceValue(fs: ResourceFieldSelector, container: Container, allocatable?: ResourceList): string {
  const parsedDivisor = fs.divisor === undefined ? undefined : Quantity.tryParse(fs.divisor);
  const divisor = parsedDivisor && !parsedDivisor.isZero() ? parsedDivisor : Quantity.fromValue(1);
  const dot = fs.resource.indexOf('.');
  const kind = fs.resource.slice(0, dot);
  const name = fs.resource.slice(dot + 1);
  const supported = name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-');
  if ((kind !== 'limits' && kind !== 'requests') || !supported) {
    throw new DownwardApiError(`unsupported container resource : ${fs.resource}`);
  }
  const list = (kind === 'limits' ? container.resources?.limits : container.resources?.requests) as ResourceList | undefined;
  let amount = quantityOf(list, name);
  if (kind === 'limits' && (!amount || amount.isZero()) && !name.startsWith('hugepages-')) {
    amount = quantityOf(allocatable, name) ?? amount;
  }
  const q = amount ?? Quantity.zero();
  return name === 'cpu'
    ? ceilDiv(q.milliValue(), divisor.milliValue()).toString()
    : ceilDiv(q.value(), divisor.value()).toString();
}
