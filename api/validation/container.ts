// Per-container checks shared by regular, init and ephemeral containers, and the container lists.
import type { Container, ContainerPort, VolumeMount, SecurityContext } from 'kubernetes-types/core/v1.js';
import { type Cause, child, index, invalid, required, duplicate, forbidden, notSupported, notFound } from './field-error.js';
import { isDNS1123Label, isValidPortName, isValidPortNum, isValidUserID } from './names.js';
import { validateEnv, validateEnvFrom } from './env.js';
import { validateResourceRequirements } from './resources.js';
import { validateProbeOfKind, validateLifecycle } from './probes.js';
import { validateLocalDescendingPath } from './paths.js';

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validatePorts(ports: ContainerPort[] | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const p = index(field, i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(child(p, 'name'), port.name, m)));
      else if (names.has(port.name)) errs.push(duplicate(child(p, 'name'), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(child(p, 'containerPort')));
    else errs.push(...isValidPortNum(port.containerPort).map((m) => invalid(child(p, 'containerPort'), port.containerPort, m)));
    if (port.hostPort) errs.push(...isValidPortNum(port.hostPort).map((m) => invalid(child(p, 'hostPort'), port.hostPort, m)));
    if (!port.protocol) errs.push(required(child(p, 'protocol')));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(child(p, 'protocol'), port.protocol, PROTOCOLS));
  });
  return errs;
}

function validateVolumeMounts(mounts: VolumeMount[] | undefined, volumes: ReadonlySet<string>, ctr: Container, field: string): Cause[] {
  const errs: Cause[] = [];
  const mountPoints = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const p = index(field, i);
    if (!m.name) errs.push(required(child(p, 'name')));
    if (!volumes.has(m.name)) errs.push(notFound(child(p, 'name'), m.name));
    if (!m.mountPath) errs.push(required(child(p, 'mountPath')));
    if (mountPoints.has(m.mountPath)) errs.push(invalid(child(p, 'mountPath'), m.mountPath, 'must be unique'));
    mountPoints.add(m.mountPath);
    // upstream reports these two on the list path, not the item's
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, child(field, 'subPath')));
    if (m.subPathExpr) {
      if (m.subPath) errs.push(invalid(child(p, 'subPathExpr'), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(m.subPathExpr, child(field, 'subPathExpr')));
    }
    if (m.mountPropagation) {
      const mp = child(field, 'mountPropagation');
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(m.mountPropagation)) errs.push(notSupported(mp, m.mountPropagation, supported));
      if (m.mountPropagation === 'Bidirectional' && ctr.securityContext?.privileged !== true) {
        errs.push(forbidden(mp, 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
  });
  return errs;
}

function validateSecurityContext(sc: SecurityContext | undefined, field: string): Cause[] {
  if (!sc) return [];
  const errs: Cause[] = [];
  for (const f of ['runAsUser', 'runAsGroup'] as const) {
    const v = sc[f];
    if (v !== undefined && v !== null) errs.push(...isValidUserID(v).map((m) => invalid(child(field, f), v, m)));
  }
  if (sc.procMount && sc.procMount !== 'Default' && sc.procMount !== 'Unmasked') {
    errs.push(notSupported(child(field, 'procMount'), sc.procMount, ['Default', 'Unmasked']));
  }
  if (sc.procMount === 'Unmasked') errs.push(invalid(child(field, 'procMount'), sc.procMount, '`hostUsers` must be false to use `Unmasked`'));
  if (sc.allowPrivilegeEscalation === false && sc.privileged === true) {
    errs.push(invalid(field, JSON.stringify(sc), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
  }
  const seccomp = sc.seccompProfile;
  if (seccomp) {
    const types = ['Localhost', 'RuntimeDefault', 'Unconfined'];
    if (!seccomp.type) errs.push(required(child(field, 'seccompProfile', 'type'), 'type is required when seccompProfile is set'));
    else if (!types.includes(seccomp.type)) errs.push(notSupported(child(field, 'seccompProfile', 'type'), seccomp.type, types));
    if (seccomp.type === 'Localhost' && !seccomp.localhostProfile) {
      errs.push(required(child(field, 'seccompProfile', 'localhostProfile'), 'must be set when seccomp type is Localhost'));
    }
  }
  return errs;
}

/** validateContainerCommon: name, image, termination message policy, ports, env, mounts, pull policy, resources. */
export function validateContainerCommon(ctr: Container, volumes: ReadonlySet<string>, field: string): Cause[] {
  const errs: Cause[] = [];
  const namePath = child(field, 'name');
  if (!ctr.name) errs.push(required(namePath));
  else errs.push(...isDNS1123Label(ctr.name).map((m) => invalid(namePath, ctr.name, m)));
  if (!ctr.image) errs.push(required(child(field, 'image')));
  const tmp = ctr.terminationMessagePolicy ?? '';
  if (tmp === '') errs.push(required(child(field, 'terminationMessagePolicy')));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(notSupported(child(field, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']));
  }
  errs.push(...validatePorts(ctr.ports, child(field, 'ports')));
  errs.push(...validateEnv(ctr.env, child(field, 'env')));
  errs.push(...validateEnvFrom(ctr.envFrom, child(field, 'envFrom')));
  errs.push(...validateVolumeMounts(ctr.volumeMounts, volumes, ctr, child(field, 'volumeMounts')));
  const pull = ctr.imagePullPolicy ?? '';
  if (pull === '') errs.push(required(child(field, 'imagePullPolicy')));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pull)) {
    errs.push(notSupported(child(field, 'imagePullPolicy'), pull, ['Always', 'IfNotPresent', 'Never']));
  }
  errs.push(...validateResourceRequirements(ctr.resources, child(field, 'resources')));
  errs.push(...validateSecurityContext(ctr.securityContext, child(field, 'securityContext')));
  return errs;
}

/** Host ports must not collide within one set of containers (protocol/hostIP/port). */
function hostPortConflicts(containers: Container[], field: string): Cause[] {
  const seen = new Set<string>();
  const errs: Cause[] = [];
  containers.forEach((c, ci) => (c.ports ?? []).forEach((p, pi) => {
    if (!p.hostPort) return;
    const k = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
    if (seen.has(k)) errs.push(duplicate(child(index(child(index(field, ci), 'ports'), pi), 'hostPort'), k));
    seen.add(k);
  }));
  return errs;
}

function validateProbesAndLifecycle(ctr: Container, grace: number | undefined, p: string): Cause[] {
  return [
    ...(ctr.lifecycle ? validateLifecycle(ctr.lifecycle, grace, child(p, 'lifecycle')) : []),
    ...validateProbeOfKind('livenessProbe', ctr.livenessProbe, grace, child(p, 'livenessProbe')),
    ...validateProbeOfKind('readinessProbe', ctr.readinessProbe, grace, child(p, 'readinessProbe')),
    ...validateProbeOfKind('startupProbe', ctr.startupProbe, grace, child(p, 'startupProbe')),
  ];
}

export function validateContainers(containers: Container[] | undefined, volumes: ReadonlySet<string>, grace: number | undefined, field: string): Cause[] {
  if (!containers || containers.length === 0) return [required(field)];
  const errs: Cause[] = [];
  const names = new Set<string>();
  containers.forEach((ctr, i) => {
    const p = index(field, i);
    errs.push(...validateContainerCommon(ctr, volumes, p));
    if (names.has(ctr.name)) errs.push(duplicate(child(p, 'name'), ctr.name));
    else names.add(ctr.name);
    errs.push(...validateProbesAndLifecycle(ctr, grace, p));
    if (ctr.restartPolicy) errs.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  return [...errs, ...hostPortConflicts(containers, field)];
}

export function validateInitContainers(inits: Container[] | undefined, regular: Container[] | undefined, volumes: ReadonlySet<string>,
  grace: number | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  const names = new Set((regular ?? []).map((c) => c.name));
  (inits ?? []).forEach((ctr, i) => {
    const p = index(field, i);
    errs.push(...validateContainerCommon(ctr, volumes, p));
    if (ctr.restartPolicy && ctr.restartPolicy !== 'Always') errs.push(notSupported(child(p, 'restartPolicy'), ctr.restartPolicy, ['Always']));
    if (names.has(ctr.name)) errs.push(duplicate(child(p, 'name'), ctr.name));
    else if (ctr.name) names.add(ctr.name);
    // checked one init container at a time, so upstream always reports index 0
    errs.push(...hostPortConflicts([ctr], field));
    if (ctr.restartPolicy === 'Always') errs.push(...validateProbesAndLifecycle(ctr, grace, p));
    else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (ctr[f]) errs.push(forbidden(child(p, f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}
