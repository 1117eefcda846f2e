// Container probes: liveness, readiness and startup with exec, httpGet, tcpSocket and grpc handlers.
export { ProbeManager, type ContainerProbes, type ProbeManagerDeps } from './probe-manager.js';
export { systemClock, type ProbeClock } from './clock.js';
export { probeKillMessage, type ProbeEvent, type ProbeKind, type ProbeResult, type ProbeTarget } from './types.js';
