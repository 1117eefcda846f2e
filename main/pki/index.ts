// Public surface of the PKI: cluster CA, certificate issuing, the on-disk store, kubeconfigs, client identity.
export { CA_COMMON_NAME, caPin, createCa, loadCa, parseCertificate, type CertificateAuthority, type CreateCaOptions } from './ca.js';
export {
  checkCsr, issueClientCert, issueServingCert, signCsr, LEAF_VALIDITY_DAYS, SERVING_COMMON_NAME,
  type ClientCertOptions, type IssuedKeyPair, type ServingCertOptions,
} from './issue.js';
export { defaultServingHosts, splitHosts, uncoveredHosts, type HostList, type MachineNames } from './serving-names.js';
export {
  ADMIN_GROUPS, ADMIN_USER, loadOrCreateClusterPki, pkiPaths,
  type ClusterPki, type ClusterPkiOptions, type PkiLogger, type PkiPaths,
} from './cluster-pki.js';
export { renderKubeconfig, writeKubeconfig, type KubeconfigParams } from './kubeconfig.js';
export { identityFromPeerCertificate, identityFromTlsSocket, type CertIdentity } from './identity.js';
export { CsrRejectedError, PkiError, PkiFileError } from './errors.js';
export { writeFileAtomic } from './atomic-write.js';
export { certificateInfo, type CertificateInfo } from './cert-info.js';
