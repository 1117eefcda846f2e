// What a node identity (CN=system:node:<name>, O=system:nodes) may do: Kubernetes' Node authorizer with
// the AuthorizeNodeWithSelectors rules of 1.32, plus what Skiff's agent needs beyond a kubelet because it
// is also the node's kube-proxy and DNS server (marked "Skiff" below). Writes that name their object
// only in the body (creating the Node or the Lease) are checked by NodeRestriction admission.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podConfigMapNames, podSecretNames } from './pod-references.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeAttributes {
  verb: string;
  group?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  fieldSelector?: string;
}

/** The pods the decisions look at, read from the store at the time of the request. */
export interface PodSource {
  pod(namespace: string, name: string): Pod | undefined;
  podsIn(namespace: string): readonly Pod[];
}

export interface NodeAuthorizerOptions {
  /**
   * Skiff: list/watch of all pods, read-only, as CoreDNS or kube-proxy identities have it — the agent's DNS
   * answers pod records from them. 'own' allows only the node's pods (spec.nodeName=<node> selector), as
   * upstream 1.32; use it when the agents run with pod DNS records disabled.
   */
  podLists?: 'cluster' | 'own';
}

/** undefined when allowed, else why not (the end of the 403 message). */
export type NodeDecision = string | undefined;

const READ = new Set(['get', 'list', 'watch']);

export function authorizeNode(node: string, a: NodeAttributes, pods: PodSource | undefined, opts: NodeAuthorizerOptions = {}): NodeDecision {
  const res = a.resource ?? '';
  const sub = a.subresource ?? '';
  if (a.group === '' || a.group === undefined) {
    switch (res) {
      case 'secrets': return readReferenced(node, a, pods, podSecretNames, 'secret');
      case 'configmaps': return readReferenced(node, a, pods, podConfigMapNames, 'configmap');
      case 'pods': return podRule(node, a, pods, opts);
      case 'nodes': return nodeRule(node, a);
      case 'services':
        if (sub === '' && READ.has(a.verb)) return undefined;
        // Skiff: the agent's service proxy writes status.loadBalancer.ingress of LoadBalancer Services.
        if (sub === 'status' && (a.verb === 'get' || a.verb === 'update' || a.verb === 'patch')) return undefined;
        return 'nodes may read services and write services/status only';
      case 'endpoints':
        return sub === '' && READ.has(a.verb) ? undefined : 'nodes may only read endpoints';
      case 'events':
        return sub === '' && (a.verb === 'create' || a.verb === 'update' || a.verb === 'patch') ? undefined : 'nodes may only create, update and patch events';
    }
    return `nodes may not access ${res}${sub ? `/${sub}` : ''}`;
  }
  if (a.group === 'coordination.k8s.io' && res === 'leases') return leaseRule(node, a);
  // Skiff: the agent's service proxy and DNS watch every EndpointSlice (kube-proxy's permissions).
  if (a.group === 'discovery.k8s.io' && res === 'endpointslices') return sub === '' && READ.has(a.verb) ? undefined : 'nodes may only read endpointslices';
  return `nodes may not access ${res}.${a.group}`;
}

/** Secrets and ConfigMaps: one named object, read-only, referenced by a pod bound to the node. */
function readReferenced(node: string, a: NodeAttributes, pods: PodSource | undefined, refs: (pod: Pod) => Set<string>, kind: string): NodeDecision {
  if (!READ.has(a.verb)) return `nodes may only read a ${kind}`;
  if (a.subresource) return 'cannot read subresource';
  if (!a.namespace) return `can only read a namespaced ${kind}`;
  const name = a.name ?? singleNameSelected(a.fieldSelector);
  if (!name) return `can only read individual ${kind}s (by name or fieldSelector metadata.name=NAME)`;
  if (!pods) return `no relationship found between node '${node}' and this object`;
  const related = pods.podsIn(a.namespace).some((p) => p.spec?.nodeName === node && refs(p).has(name));
  return related ? undefined : `no relationship found between node '${node}' and this object`;
}

function podRule(node: string, a: NodeAttributes, pods: PodSource | undefined, opts: NodeAuthorizerOptions): NodeDecision {
  const bound = (): boolean => !!(a.namespace && a.name && pods?.pod(a.namespace, a.name)?.spec?.nodeName === node);
  const notBound = `no relationship found between node '${node}' and this object`;
  switch (a.subresource ?? '') {
    case '':
      if (a.verb === 'get' || a.verb === 'delete') return bound() ? undefined : notBound;
      if (a.verb === 'list' || a.verb === 'watch') {
        if (selectsNode(a.fieldSelector, node)) return undefined;
        if (a.name && bound()) return undefined;
        if ((opts.podLists ?? 'cluster') === 'cluster') return undefined;
        return `can only list/watch pods with spec.nodeName=${node} field selector`;
      }
      // Upstream lets kubelets create mirror pods; Skiff has no static pods, so nodes create none.
      return 'nodes may not create or change pods, only their status';
    case 'status':
      return (a.verb === 'get' || a.verb === 'update' || a.verb === 'patch') && bound() ? undefined : notBound;
    case 'eviction':
      return a.verb === 'create' && bound() ? undefined : notBound;
  }
  return `nodes may not use pods/${a.subresource}`;
}

function nodeRule(node: string, a: NodeAttributes): NodeDecision {
  switch (a.subresource ?? '') {
    case '':
      // Skiff: every node reads all Nodes (host-gw routes to their podCIDRs, LoadBalancer addresses).
      if (READ.has(a.verb)) return undefined;
      if (a.verb === 'create') return undefined; // NodeRestriction admission checks the name in the body
      if (a.verb === 'update' || a.verb === 'patch' || a.verb === 'delete') return a.name === node ? undefined : `node '${node}' may only change its own Node object`;
      return `nodes may not ${a.verb} nodes`;
    case 'status':
      if (a.verb === 'get' || a.verb === 'update' || a.verb === 'patch') return a.name === node ? undefined : `node '${node}' may only change its own Node status`;
      return `nodes may not ${a.verb} nodes/status`;
  }
  return `nodes may not use nodes/${a.subresource}`;
}

function leaseRule(node: string, a: NodeAttributes): NodeDecision {
  if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) return 'can only get, create, update, patch, or delete a node lease';
  if (a.subresource) return 'cannot use lease subresources';
  if (a.namespace !== NODE_LEASE_NAMESPACE) return `can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`;
  // The name of a created Lease is in the body: NodeRestriction admission checks it.
  if (a.verb !== 'create' && a.name !== node) return 'can only access node lease with the same name as the requesting node';
  return undefined;
}

/** True when a field selector requires spec.nodeName=<node> (other terms only narrow it further). */
function selectsNode(selector: string | undefined, node: string): boolean {
  return fieldTerms(selector).some(([k, op, v]) => k === 'spec.nodeName' && op !== '!=' && v === node);
}

function singleNameSelected(selector: string | undefined): string | undefined {
  const hit = fieldTerms(selector).find(([k, op]) => k === 'metadata.name' && op !== '!=');
  return hit?.[2];
}

function fieldTerms(selector: string | undefined): [string, string, string][] {
  if (!selector) return [];
  const out: [string, string, string][] = [];
  for (const term of selector.split(',')) {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (m) out.push([m[1], m[2], m[3]]);
  }
  return out;
}
