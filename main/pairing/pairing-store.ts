// Where pairing keeps its state: Secrets in kube-system, read and written through a Transport (the
// control plane's in-process one), so they go through the registry like any object, are encrypted at
// rest like any Secret, and show in `kubectl get secrets -n kube-system -l skiff.dev/pairing`.
import { NotFoundError, StatusError } from '../../api/errors/status-error.js';
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { Transport } from '../../client/transport.js';
import { nodeFromSecret, nodeSecretName, nodeToSecret, requestFromSecret, requestSecretName, requestToSecret, type NodeRecord, type RequestRecord } from './records.js';
import { REVOCATION_SECRET_NAME } from './revocation.js';
import { PAIRING_LABEL, PAIRING_NAMESPACE } from './secret-data.js';
import { tokenFromSecret, tokenSecretName, tokenToSecret, type TokenRecord } from './tokens.js';

const SECRETS = findResource('', 'v1', 'secrets')!;
const NODES = findResource('', 'v1', 'nodes')!;
const PODS = findResource('', 'v1', 'pods')!;
const FIELD_MANAGER = 'skiff-pairing';

export class PairingStore {
  constructor(private readonly t: Transport) {}

  async getToken(id: string): Promise<(TokenRecord & { uid?: string }) | undefined> {
    const s = await this.tryGet(tokenSecretName(id));
    const t = s && tokenFromSecret(s);
    return t ? { ...t, uid: s.metadata.uid } : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.listRole('token')).map(tokenFromSecret).filter((t): t is TokenRecord => t !== undefined);
  }

  async createToken(t: TokenRecord): Promise<void> {
    await this.t.create(SECRETS, PAIRING_NAMESPACE, tokenToSecret(t), { fieldManager: FIELD_MANAGER });
  }

  /** Deletes a token (only the exact object when `uid` is given); false when it was already gone. */
  async deleteToken(id: string, uid?: string): Promise<boolean> {
    return this.tryDelete(tokenSecretName(id), uid);
  }

  async getRequest(name: string): Promise<RequestRecord | undefined> {
    const s = await this.tryGet(requestSecretName(name));
    return s && requestFromSecret(s);
  }

  async listRequests(): Promise<RequestRecord[]> {
    return (await this.listRole('request')).map(requestFromSecret).filter((r): r is RequestRecord => r !== undefined);
  }

  async putRequest(r: RequestRecord): Promise<void> {
    await this.put(requestToSecret(r));
  }

  async deleteRequest(name: string): Promise<boolean> {
    return this.tryDelete(requestSecretName(name));
  }

  async getNode(nodeName: string): Promise<NodeRecord | undefined> {
    const s = await this.tryGet(nodeSecretName(nodeName));
    return s && nodeFromSecret(s);
  }

  async listNodes(): Promise<NodeRecord[]> {
    return (await this.listRole('node')).map(nodeFromSecret).filter((n): n is NodeRecord => n !== undefined);
  }

  async putNode(n: NodeRecord): Promise<void> {
    await this.put(nodeToSecret(n));
  }

  async deleteNodeRecord(nodeName: string): Promise<boolean> {
    return this.tryDelete(nodeSecretName(nodeName));
  }

  async loadRevocations(): Promise<KubeObject | undefined> {
    return this.tryGet(REVOCATION_SECRET_NAME);
  }

  async saveRevocations(secret: KubeObject): Promise<void> {
    await this.put(secret);
  }

  async nodeExists(nodeName: string): Promise<boolean> {
    try {
      await this.t.get(NODES, undefined, nodeName);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Deletes the Node object; false when there was none. */
  async deleteNodeObject(nodeName: string): Promise<boolean> {
    try {
      await this.t.delete(NODES, undefined, nodeName, { propagationPolicy: 'Background' });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /**
   * Deletes the pods bound to a node that left (what Kubernetes' PodGC does for pods of a deleted Node),
   * so their controllers replace them elsewhere. Returns how many.
   */
  async deletePodsOf(nodeName: string): Promise<number> {
    const pods = (await this.t.list(PODS, undefined, { fieldSelector: `spec.nodeName=${nodeName}` })).items;
    let n = 0;
    for (const p of pods) {
      try {
        await this.t.delete(PODS, p.metadata.namespace, p.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: p.metadata.uid } });
        n++;
      } catch (err) {
        if (!isNotFound(err) && !(err instanceof StatusError && err.code === 409)) throw err;
      }
    }
    return n;
  }

  private async listRole(role: string): Promise<KubeObject[]> {
    return (await this.t.list(SECRETS, PAIRING_NAMESPACE, { labelSelector: `${PAIRING_LABEL}=${role}` })).items;
  }

  private async tryGet(name: string): Promise<KubeObject | undefined> {
    try {
      return await this.t.get(SECRETS, PAIRING_NAMESPACE, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async tryDelete(name: string, uid?: string): Promise<boolean> {
    try {
      await this.t.delete(SECRETS, PAIRING_NAMESPACE, name, uid ? { preconditions: { uid } } : {});
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Creates the Secret, or replaces the one there (pairing is the only writer; callers serialize). */
  private async put(secret: KubeObject): Promise<void> {
    const name = secret.metadata.name!;
    const current = await this.tryGet(name);
    if (!current) {
      await this.t.create(SECRETS, PAIRING_NAMESPACE, secret, { fieldManager: FIELD_MANAGER });
      return;
    }
    const next = { ...secret, metadata: { ...current.metadata, labels: { ...current.metadata.labels, ...secret.metadata.labels } } };
    await this.t.update(SECRETS, PAIRING_NAMESPACE, name, next, { fieldManager: FIELD_MANAGER });
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof NotFoundError || (err instanceof StatusError && err.code === 404);
}
