// The control plane in one process: PKI, store, registry, API server. `skiff serve` and the Electron
// main process both start it through here.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { k8sSchemas } from '../api/schema/registry.js';
import { startApiServer, type RunningApiServer } from './apiserver/server.js';
import { TokenAuthenticator } from './apiserver/tokens.js';
import { loadOrCreateClusterPki, renderKubeconfig, writeKubeconfig, type ClusterPki } from './pki/index.js';
import { ALL_CONTROLLERS, ControllerManager, type ControllerConfig, type ControllerFactory } from './controllers/index.js';
import type { AdmissionPlugin } from './registry/admission.js';
import { ensureKubernetesService, serviceAllocation } from './registry/service-allocation/index.js';
import { ensureSystemNamespaces } from './registry/bootstrap.js';
import { ResourceRegistry } from './registry/resource-registry.js';
import type { Store } from './store/index.js';
import { openEncryptedStore, type KeyProtection, type SecretsKeys } from './store/encryption/index.js';
import { nodeRestriction } from './apiserver/node-restriction.js';
import { InProcessTransport } from './controllers/inprocess-transport.js';
import { PairingService, type RateLimit } from './pairing/index.js';

export interface ControlPlaneOptions {
  dataDir: string;
  host: string;
  port: number;
  /** Extra kubeconfig to write besides DIR/kubeconfig. */
  kubeconfigPath?: string;
  tokenAuthFile?: string;
  log: Logger;
  /** Watch history (and change log) length; smaller in tests of compaction. */
  historyWindow?: number;
  /** Controllers to run (default: all of them); [] runs none. */
  controllers?: readonly ControllerFactory[];
  controllerConfig?: Partial<ControllerConfig>;
  /** Admission plug-ins of the registry, built once the store is open (they may rebuild state from it). */
  admission?: (store: Store) => AdmissionPlugin[];
  /** How the secrets key file is protected beyond its 0600 mode (Electron: the OS keychain). */
  keyProtection?: KeyProtection;
  /** Device pairing: node certificate lifetime (default one year) and the unauthenticated calls' rate limit. */
  pairing?: { nodeCertValiditySeconds?: number; rateLimit?: RateLimit };
}

export interface ControlPlane {
  url: string;
  kubeconfigPath: string;
  pki: ClusterPki;
  store: Store;
  /** The keys Secrets are encrypted with at rest; `rotate()` re-encrypts them under a new one. */
  secretsKeys: SecretsKeys;
  /** Device pairing: tokens, node certificates, revocation. */
  pairing: PairingService;
  registry: ResourceRegistry;
  tokens: TokenAuthenticator;
  api: RunningApiServer;
  controllers: ControllerManager;
  stop(): Promise<void>;
}

export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const started = performance.now();
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const pki = await loadOrCreateClusterPki(opts.dataDir, { listenHost: opts.host });
  const { store, keys: secretsKeys } = await openEncryptedStore({ dataDir: opts.dataDir, protection: opts.keyProtection, historyWindow: opts.historyWindow, log: opts.log });
  // NodeRestriction is part of node authorization, not an option.
  const admission = [...(opts.admission ? opts.admission(store) : [serviceAllocation({ store, log: opts.log })]), nodeRestriction()];
  const registry = new ResourceRegistry({ store, schemas: k8sSchemas, clock: () => new Date(), admission });
  const created = await ensureSystemNamespaces(registry);
  const tokens = new TokenAuthenticator();
  if (opts.tokenAuthFile) tokens.loadFile(opts.tokenAuthFile);
  let api: RunningApiServer;
  // --- pairing (main/pairing) ---
  const pairing = new PairingService({
    transport: new InProcessTransport(registry, 'skiff-pairing'), ca: pki.ca, pin: pki.pin, log: opts.log,
    nodeCertValiditySeconds: opts.pairing?.nodeCertValiditySeconds, rateLimit: opts.pairing?.rateLimit,
    // Read when a token is made, after the server listens (port 0 in tests picks one then).
    listen: () => ({ host: opts.host, port: api.port }),
  });
  try {
    await pairing.start();
    api = await startApiServer({ host: opts.host, port: opts.port, tls: { caCertPem: pki.caCertPem, certPem: pki.serving.certPem, keyPem: pki.serving.keyPem }, registry, tokens, log: opts.log, secretsKeys, pairing });
  } catch (err) {
    await store.close();
    throw err;
  }
  if (admission.some((p) => p.name === 'ServiceAllocation')) {
    await ensureKubernetesService(registry, { apiServerHost: opts.host, apiServerPort: api.port });
  }
  const controllers = new ControllerManager({ registry, log: opts.log, controllers: opts.controllers ?? ALL_CONTROLLERS, config: opts.controllerConfig });
  await controllers.start();
  const kubeconfig = renderKubeconfig({ server: api.url, caCertPem: pki.caCertPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem });
  const kubeconfigPath = join(opts.dataDir, 'kubeconfig');
  await writeKubeconfig(kubeconfigPath, kubeconfig);
  if (opts.kubeconfigPath) await writeKubeconfig(opts.kubeconfigPath, kubeconfig);
  opts.log.info({ url: api.url, dataDir: opts.dataDir, objects: store.objectCount, revision: store.revision, createdNamespaces: created, ms: Math.round(performance.now() - started) }, 'control plane serving');
  let stopping: Promise<void> | undefined;
  return {
    url: api.url,
    kubeconfigPath,
    pki,
    store,
    secretsKeys,
    pairing,
    registry,
    tokens,
    api,
    controllers,
    stop: () => (stopping ??= (async () => {
      const t = performance.now();
      await api.close();
      await controllers.stop();
      await store.close();
      opts.log.info({ ms: Math.round(performance.now() - t) }, 'control plane stopped');
    })()),
  };
}
