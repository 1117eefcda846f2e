// Service ClusterIP/NodePort allocation (an admission plug-in) and the `kubernetes` Service bootstrap.
export {
  serviceAllocation, DEFAULT_SERVICE_CIDR, DEFAULT_NODE_PORT_RANGE, type ServiceAllocation, type ServiceAllocationOptions,
} from './service-allocator.js';
export { ensureKubernetesService, advertiseAddressFor, type KubernetesServiceOptions, type KubernetesServiceResult } from './kubernetes-service.js';
