// Container resource requirements: resource names, quantity values, requests ≤ limits, hugepages.
import type { ResourceRequirements } from 'kubernetes-types/core/v1.js';
import { Quantity } from '../quantity/index.js';
import { type Cause, child, key, invalid, required, forbidden } from './field-error.js';
import { GoValue } from './go-format.js';
import { isQualifiedName } from './names.js';

const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu',
  'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets',
  'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNative = (name: string): boolean => !name.includes('/') || name.startsWith('kubernetes.io/');
/** Native resources except hugepages may be overcommitted (requests below limits). */
export const isOvercommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);
const isIntegerResource = (name: string): boolean => !isNative(name) || name === 'pods';

/** A quantity as ResourceList holds it: a canonical string, or a number decoded from YAML. */
export function quantityOf(value: unknown): Quantity | undefined {
  return Quantity.tryParse(value);
}

function validateContainerResourceName(name: string, field: string): Cause[] {
  const errs = isQualifiedName(name).map((m) => invalid(field, name, m));
  if (errs.length > 0) return errs;
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name)) errs.push(invalid(field, name, 'must be a standard resource type or fully qualified'));
    if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) errs.push(invalid(field, name, 'must be a standard resource for containers'));
  } else if (!isNative(name)) {
    if (name.startsWith('requests.') || isQualifiedName(`requests.${name}`).length > 0) {
      errs.push(invalid(field, name, "doesn't follow extended resource name standard"));
    }
  }
  return errs;
}

/** ValidateResourceQuantityValue, after the value has been parsed. */
export function validateResourceQuantity(name: string, raw: unknown, field: string): Cause[] {
  const q = quantityOf(raw);
  if (!q) return [invalid(field, String(raw), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")];
  const errs: Cause[] = [];
  if (q.sign() < 0) errs.push(invalid(field, q.toString(), 'must be greater than or equal to 0'));
  if (isIntegerResource(name) && q.milliValue() % 1000n !== 0n) errs.push(invalid(field, new GoValue(q.toString()), 'must be an integer'));
  return errs;
}

function hugePageSize(name: string): Quantity | undefined {
  return Quantity.tryParse(name.slice('hugepages-'.length));
}

export function validateResourceRequirements(res: ResourceRequirements | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  const limits = (res?.limits ?? {}) as Record<string, unknown>;
  const requests = (res?.requests ?? {}) as Record<string, unknown>;
  const limPath = child(field, 'limits'), reqPath = child(field, 'requests');
  let cpuOrMemory = false, hugePages = false;
  const checkHugePage = (name: string, q: Quantity | undefined, p: string): void => {
    if (!isHugePages(name)) return;
    hugePages = true;
    const size = hugePageSize(name);
    if (q && size && !size.isZero() && q.value() % size.value() !== 0n) {
      errs.push(invalid(p, q.toString(), `${q.toString()} is not positive integer multiple of ${name}`));
    }
  };
  for (const [name, raw] of Object.entries(limits)) {
    const p = key(limPath, name);
    errs.push(...validateContainerResourceName(name, p), ...validateResourceQuantity(name, raw, p));
    checkHugePage(name, quantityOf(raw), p);
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const [name, raw] of Object.entries(requests)) {
    const p = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, p), ...validateResourceQuantity(name, raw, p));
    const q = quantityOf(raw);
    const limit = Object.hasOwn(limits, name) ? quantityOf(limits[name]) : undefined;
    if (q && limit) {
      if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (q.cmp(limit) > 0) {
        errs.push(invalid(reqPath, q.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
      }
    } else if (!Object.hasOwn(limits, name) && !isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    checkHugePage(name, q, p);
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (!cpuOrMemory && hugePages) errs.push(forbidden(field, 'HugePages require cpu or memory'));
  return errs;
}
