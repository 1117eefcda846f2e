// Scheduling constraints in a PodSpec: tolerations, node/pod affinity, topology spread, taints (Nodes).
import type { Toleration, Affinity, NodeSelector, NodeSelectorRequirement, PodAffinityTerm, TopologySpreadConstraint, Taint } from 'kubernetes-types/core/v1.js';
import { type Cause, child, index, invalid, required, forbidden, notSupported, duplicate } from './field-error.js';
import { isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from './names.js';
import { validateLabelName } from './object-meta.js';
import { validateLabelSelector } from './label-selector.js';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTolerations(tolerations: Toleration[] | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const p = index(field, i);
    const op = t.operator ?? '';
    if (t.key) errs.push(...validateLabelName(t.key, child(p, 'key')));
    if (!t.key && op !== 'Exists') {
      errs.push(invalid(child(p, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(invalid(child(p, 'effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    const value = t.value ?? '';
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(invalid(child(p, 'operator'), value, msgs.join(';')));
    } else if (op === 'Exists') {
      if (value) errs.push(invalid(child(p, 'operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else errs.push(notSupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(child(p, 'effect'), t.effect, TAINT_EFFECTS));
  });
  return errs;
}

/** Node.spec.taints: key, value, effect required, unique by key+effect. */
export function validateTaints(taints: Taint[] | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const p = index(field, i);
    errs.push(...validateLabelName(t.key ?? '', child(p, 'key')));
    const msgs = isValidLabelValue(t.value ?? '');
    if (msgs.length > 0) errs.push(invalid(child(p, 'value'), t.value ?? '', msgs.join(';')));
    if (!t.effect) errs.push(required(child(p, 'effect')));
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(child(p, 'effect'), t.effect, TAINT_EFFECTS));
    const k = `${t.effect}\x00${t.key}`;
    if (seen.has(k)) {
      const d = duplicate(p, JSON.stringify(t));
      errs.push({ ...d, message: `${d.message}: taints must be unique by key and effect pair` });
    } else seen.add(k);
  });
  return errs;
}

function nodeSelectorRequirement(rq: NodeSelectorRequirement, checkValues: boolean, field: string): Cause[] {
  const errs: Cause[] = [];
  const n = (rq.values ?? []).length;
  switch (rq.operator) {
    case 'In': case 'NotIn':
      if (n === 0) errs.push(required(child(field, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists': case 'DoesNotExist':
      if (n > 0) errs.push(forbidden(child(field, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt': case 'Lt':
      if (n !== 1) errs.push(required(child(field, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(child(field, 'operator'), rq.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(rq.key ?? '', child(field, 'key')));
  if (checkValues) (rq.values ?? []).forEach((v, i) => errs.push(...isValidLabelValue(v).map((m) => invalid(index(child(field, 'values'), i), v, m))));
  return errs;
}

function nodeSelectorTerm(term: NodeSelector['nodeSelectorTerms'][number], checkValues: boolean, field: string): Cause[] {
  const errs: Cause[] = [];
  (term.matchExpressions ?? []).forEach((r, j) => errs.push(...nodeSelectorRequirement(r, checkValues, index(child(field, 'matchExpressions'), j))));
  (term.matchFields ?? []).forEach((r, j) => {
    const p = index(child(field, 'matchFields'), j);
    if (r.operator !== 'In' && r.operator !== 'NotIn') errs.push(invalid(child(p, 'operator'), r.operator ?? '', 'not a valid selector operator'));
    else if ((r.values ?? []).length !== 1) {
      errs.push(required(child(p, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
    if (r.key !== 'metadata.name') errs.push(invalid(child(p, 'key'), r.key ?? '', 'not a valid field selector key'));
    else (r.values ?? []).forEach((v, k) => errs.push(...nameIsDNSSubdomain(v, false).map((m) => invalid(index(child(p, 'values'), k), v, m))));
  });
  return errs;
}

function podAffinityTerm(term: PodAffinityTerm, field: string): Cause[] {
  const errs = [
    ...validateLabelSelector(term.labelSelector, child(field, 'labelSelector')),
    ...validateLabelSelector(term.namespaceSelector, child(field, 'namespaceSelector')),
  ];
  for (const ns of term.namespaces ?? []) errs.push(...nameIsDNSLabel(ns, false).map((m) => invalid(child(field, 'namespace'), ns, m)));
  if (!term.topologyKey) errs.push(required(child(field, 'topologyKey'), 'can not be empty'));
  return [...errs, ...validateLabelName(term.topologyKey ?? '', child(field, 'topologyKey'))];
}

export function validateAffinity(aff: Affinity | undefined, field: string): Cause[] {
  if (!aff) return [];
  const errs: Cause[] = [];
  const na = aff.nodeAffinity;
  if (na?.requiredDuringSchedulingIgnoredDuringExecution) {
    const p = child(field, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    const terms = na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms ?? [];
    if (terms.length === 0) errs.push(required(p, 'must have at least one node selector term'));
    terms.forEach((t, i) => errs.push(...nodeSelectorTerm(t, true, index(p, i))));
  }
  (na?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
    const p = index(child(field, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    if (t.weight <= 0 || t.weight > 100) errs.push(invalid(child(p, 'weight'), t.weight, 'must be in the range 1-100'));
    errs.push(...nodeSelectorTerm(t.preference, false, child(p, 'preference')));
  });
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = aff[kind];
    if (!pa) continue;
    (pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) =>
      errs.push(...podAffinityTerm(t, index(child(field, kind, 'requiredDuringSchedulingIgnoredDuringExecution'), i))));
    (pa.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const p = index(child(field, kind, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      if (t.weight <= 0 || t.weight > 100) errs.push(invalid(child(p, 'weight'), t.weight, 'must be in the range 1-100'));
      errs.push(...podAffinityTerm(t.podAffinityTerm, child(p, 'podAffinityTerm')));
    });
  }
  return errs;
}

export function validateTopologySpread(constraints: TopologySpreadConstraint[] | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  const list = constraints ?? [];
  list.forEach((c, i) => {
    const p = index(field, i);
    if (c.maxSkew <= 0) errs.push(invalid(child(p, 'maxSkew'), c.maxSkew, 'must be greater than zero'));
    if (!c.topologyKey) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    const actions = ['DoNotSchedule', 'ScheduleAnyway'];
    if (!actions.includes(c.whenUnsatisfiable)) errs.push(notSupported(child(p, 'whenUnsatisfiable'), c.whenUnsatisfiable ?? '', actions));
    if (list.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), `{${c.topologyKey}, ${c.whenUnsatisfiable}}`));
    }
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (c.minDomains <= 0) errs.push(invalid(child(p, 'minDomains'), c.minDomains, 'must be greater than zero'));
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        errs.push(invalid(child(p, 'minDomains'), c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`));
      }
    }
    errs.push(...validateLabelSelector(c.labelSelector, child(p, 'labelSelector')));
  });
  return errs;
}
