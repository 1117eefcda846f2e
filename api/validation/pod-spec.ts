// ValidatePodSpec and ValidatePodTemplateSpec (pkg/apis/core/validation): the checks every pod and every
// workload template gets. `isPod` is upstream's ResourceIsPod option.
import type { PodSpec, PodTemplateSpec, PodDNSConfig, PodSecurityContext } from 'kubernetes-types/core/v1.js';
import { type Cause, child, index, invalid, required, forbidden, notSupported, duplicate } from './field-error.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidUserID, inclusiveRangeError, nameIsDNSSubdomain } from './names.js';
import { isValidIP } from './ip.js';
import { validateLabels, validateAnnotations } from './object-meta.js';
import { validateVolumes } from './volumes.js';
import { validateContainers, validateInitContainers } from './container.js';
import { validateTolerations, validateAffinity, validateTopologySpread } from './scheduling.js';
import { validateResourceRequirements } from './resources.js';

const MAX_INT32 = 2147483647;

function validateDNSConfig(cfg: PodDNSConfig | undefined, policy: string, field: string): Cause[] {
  if (policy === 'None') {
    if (!cfg) return [required(field, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((cfg.nameservers ?? []).length === 0) return [required(child(field, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!cfg) return [];
  const errs: Cause[] = [];
  const ns = cfg.nameservers ?? [];
  if (ns.length > 3) errs.push(invalid(child(field, 'nameservers'), ns, 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => errs.push(...isValidIP(index(child(field, 'nameservers'), i), n)));
  const searches = cfg.searches ?? [];
  if (searches.length > 32) errs.push(invalid(child(field, 'searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) {
    errs.push(invalid(child(field, 'searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  }
  searches.forEach((s, i) => {
    const trimmed = s.endsWith('.') ? s.slice(0, -1) : s;
    errs.push(...isDNS1123Subdomain(trimmed).map((m) => invalid(index(child(field, 'searches'), i), trimmed, m)));
  });
  (cfg.options ?? []).forEach((o, i) => { if (!o.name) errs.push(required(index(child(field, 'options'), i), 'must not be empty')); });
  return errs;
}

function validatePodSecurityContext(sc: PodSecurityContext | undefined, field: string): Cause[] {
  if (!sc) return [];
  const errs: Cause[] = [];
  for (const f of ['fsGroup', 'runAsUser', 'runAsGroup'] as const) {
    const v = sc[f];
    if (v !== undefined && v !== null) errs.push(...isValidUserID(v).map((m) => invalid(child(field, f), v, m)));
  }
  (sc.supplementalGroups ?? []).forEach((g, i) => errs.push(...isValidUserID(g).map((m) => invalid(index(child(field, 'supplementalGroups'), i), g, m))));
  if (sc.fsGroupChangePolicy && !['Always', 'OnRootMismatch'].includes(sc.fsGroupChangePolicy)) {
    errs.push(notSupported(child(field, 'fsGroupChangePolicy'), sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']));
  }
  const names = new Set<string>();
  (sc.sysctls ?? []).forEach((s, i) => {
    const p = child(index(child(field, 'sysctls'), i), 'name');
    if (!s.name) errs.push(required(p));
    else if (names.has(s.name)) errs.push(duplicate(p, s.name));
    names.add(s.name);
  });
  return errs;
}

export function validatePodSpec(spec: PodSpec | undefined, field: string, isPod: boolean): Cause[] {
  const s: PodSpec = spec ?? { containers: [] };
  const errs: Cause[] = [];
  const grace = s.terminationGracePeriodSeconds ?? undefined;
  if (grace === undefined || grace === null) errs.push(required(child(field, 'terminationGracePeriodSeconds')));
  const vols = validateVolumes(s.volumes, child(field, 'volumes'), isPod);
  errs.push(...vols.errs);
  errs.push(...validateContainers(s.containers, vols.names, grace, child(field, 'containers')));
  errs.push(...validateInitContainers(s.initContainers, s.containers, vols.names, grace, child(field, 'initContainers')));
  if (s.hostNetwork) {
    (s.containers ?? []).forEach((c, i) => (c.ports ?? []).forEach((port, j) => {
      const hp = port.hostPort ?? 0;
      if ((isPod || hp !== 0) && hp !== port.containerPort) {
        errs.push(invalid(child(index(child(index(child(field, 'containers'), i), 'ports'), j), 'hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    }));
  }
  const restart = s.restartPolicy ?? '';
  if (restart === '') errs.push(required(child(field, 'restartPolicy')));
  else if (!['Always', 'OnFailure', 'Never'].includes(restart)) errs.push(notSupported(child(field, 'restartPolicy'), restart, ['Always', 'OnFailure', 'Never']));
  const dns = s.dnsPolicy ?? '';
  const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (dns === '') errs.push(required(child(field, 'dnsPolicy')));
  else if (!dnsPolicies.includes(dns)) errs.push(notSupported(child(field, 'dnsPolicy'), dns, dnsPolicies));
  errs.push(...validateLabels(s.nodeSelector, child(field, 'nodeSelector')));
  errs.push(...validatePodSecurityContext(s.securityContext, child(field, 'securityContext')));
  (s.imagePullSecrets ?? []).forEach((ref, i) => {
    if (Object.keys(ref).some((k) => k !== 'name')) errs.push(invalid(index(child(field, 'imagePullSecrets'), i), JSON.stringify(ref), 'only name may be set'));
  });
  errs.push(...validateAffinity(s.affinity, child(field, 'affinity')));
  errs.push(...validateDNSConfig(s.dnsConfig, dns, child(field, 'dnsConfig')));
  (s.readinessGates ?? []).forEach((g, i) => {
    const p = child(index(child(field, 'readinessGates'), i), 'conditionType');
    errs.push(...isQualifiedName(g.conditionType ?? '').map((m) => invalid(p, g.conditionType ?? '', m)));
  });
  const gates = new Set<string>();
  (s.schedulingGates ?? []).forEach((g, i) => {
    const p = index(child(field, 'schedulingGates'), i);
    errs.push(...isQualifiedName(g.name ?? '').map((m) => invalid(p, g.name ?? '', m)));
    if (gates.has(g.name)) errs.push(duplicate(p, g.name));
    gates.add(g.name);
  });
  errs.push(...validateTopologySpread(s.topologySpreadConstraints, child(field, 'topologySpreadConstraints')));
  const subdomainFields = ['serviceAccountName', 'nodeName'] as const;
  for (const f of subdomainFields) {
    const v = s[f];
    if (v) errs.push(...nameIsDNSSubdomain(v, false).map((m) => invalid(child(field, f), v, m)));
  }
  const ads = s.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null && (ads < 1 || ads > MAX_INT32)) {
    errs.push(invalid(child(field, 'activeDeadlineSeconds'), ads, inclusiveRangeError(1, MAX_INT32)));
  }
  for (const f of ['hostname', 'subdomain'] as const) {
    const v = s[f];
    if (v) errs.push(...isDNS1123Label(v).map((m) => invalid(child(field, f), v, m)));
  }
  errs.push(...validateTolerations(s.tolerations, child(field, 'tolerations')));
  (s.hostAliases ?? []).forEach((a, i) => {
    const p = index(child(field, 'hostAliases'), i);
    errs.push(...isValidIP(child(p, 'ip'), a.ip ?? ''));
    (a.hostnames ?? []).forEach((h, j) => errs.push(...isDNS1123Subdomain(h).map((m) => invalid(index(child(p, 'hostnames'), j), h, m))));
  });
  for (const f of ['priorityClassName', 'runtimeClassName'] as const) {
    const v = s[f];
    if (v) errs.push(...isDNS1123Subdomain(v).map((m) => invalid(child(field, f), v, m)));
  }
  if (s.preemptionPolicy !== undefined && s.preemptionPolicy !== null) {
    if (s.preemptionPolicy === '') errs.push(required(child(field, 'preemptionPolicy')));
    else if (!['PreemptLowerPriority', 'Never'].includes(s.preemptionPolicy)) {
      errs.push(notSupported(child(field, 'preemptionPolicy'), s.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
    }
  }
  if (s.overhead) errs.push(...validateResourceRequirements({ limits: s.overhead }, child(field, 'overhead')));
  if (s.os) {
    if (!s.os.name) errs.push(required(child(field, 'os', 'name'), 'cannot be empty'));
    else if (!['linux', 'windows'].includes(s.os.name)) errs.push(notSupported(child(field, 'os'), s.os.name, ['linux', 'windows']));
  }
  return errs;
}

export function validatePodTemplateSpec(tpl: PodTemplateSpec | undefined, field: string): Cause[] {
  const t: PodTemplateSpec = tpl ?? {};
  const errs = [
    ...validateLabels(t.metadata?.labels, child(field, 'labels')),
    ...validateAnnotations(t.metadata?.annotations, child(field, 'annotations')),
    ...validatePodSpec(t.spec, child(field, 'spec'), false),
  ];
  if ((t.spec?.ephemeralContainers ?? []).length > 0) {
    errs.push(forbidden(child(field, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
