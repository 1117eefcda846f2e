// Node selectors and node affinity (component-helpers' nodeaffinity): nodeSelector labels, required terms
// (ORed; each term ANDs its label expressions and its metadata.name field expressions) and preferred terms.
// A term that does not parse matches no node, as upstream's lazy-error selector does. The scheduler and the
// DaemonSet controller both place pods with it, so they agree on which nodes a pod may run on.
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from 'kubernetes-types/core/v1.js';
import { newRequirement, Selector, type LabelOperator } from '../selectors/index.js';

/** What node affinity reads of a node: its name (the only field matchFields may name) and its labels. */
export interface NodeView {
  name: string;
  labels: Readonly<Record<string, string>>;
}

export type NodeMatcher = (node: NodeView) => boolean;

export function nodeView(node: Node): NodeView {
  return { name: node.metadata?.name ?? '', labels: node.metadata?.labels ?? {} };
}

const LABEL_OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: 'gt', Lt: 'lt' };
const never: NodeMatcher = () => false;

function labelSelector(exprs: readonly NodeSelectorRequirement[]): Selector | undefined {
  try {
    return Selector.of(exprs.map((e) => {
      const op = LABEL_OPERATORS[e.operator];
      if (op === undefined) throw new Error(`${e.operator} is not a valid node selector operator`);
      return newRequirement(e.key, op, [...(e.values ?? [])]);
    }));
  } catch {
    return undefined;
  }
}

/** matchFields supports only In and NotIn with exactly one value; the only node field is metadata.name. */
function fieldMatcher(exprs: readonly NodeSelectorRequirement[]): NodeMatcher | undefined {
  const checks: NodeMatcher[] = [];
  for (const e of exprs) {
    if (e.values?.length !== 1) return undefined;
    const want = e.values[0];
    const get = (n: NodeView): string => (e.key === 'metadata.name' ? n.name : '');
    if (e.operator === 'In') checks.push((n) => get(n) === want);
    else if (e.operator === 'NotIn') checks.push((n) => get(n) !== want);
    else return undefined;
  }
  return (n) => checks.every((c) => c(n));
}

/** One NodeSelectorTerm; an empty term matches nothing. */
export function compileTerm(term: NodeSelectorTerm | undefined): NodeMatcher {
  const exprs = term?.matchExpressions ?? [];
  const fields = term?.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return never;
  const labels = exprs.length > 0 ? labelSelector(exprs) : undefined;
  if (exprs.length > 0 && !labels) return never;
  const byField = fields.length > 0 ? fieldMatcher(fields) : undefined;
  if (fields.length > 0 && !byField) return never;
  return (n) => (labels === undefined || labels.matches(n.labels)) && (byField === undefined || byField(n));
}

/**
 * The pod's hard node constraints: every nodeSelector label, and one of the required affinity terms
 * (nodeaffinity.GetRequiredNodeAffinity). Undefined when the pod has none.
 */
export function requiredNodeMatcher(spec: PodSpec | undefined): NodeMatcher | undefined {
  const selector = Object.entries(spec?.nodeSelector ?? {});
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (selector.length === 0 && !required) return undefined;
  const terms = (required?.nodeSelectorTerms ?? []).map(compileTerm);
  return (n) => {
    for (const [k, v] of selector) if (n.labels[k] !== v) return false;
    if (!required) return true;
    for (const t of terms) if (t(n)) return true;
    return false;
  };
}

/** Whether the node meets the pod's nodeSelector and required node affinity. */
export function matchesRequiredNodeAffinity(spec: PodSpec | undefined, node: Node): boolean {
  const matcher = requiredNodeMatcher(spec);
  return matcher === undefined || matcher(nodeView(node));
}

export interface WeightedMatcher {
  weight: number;
  matches: NodeMatcher;
}

/** preferredDuringScheduling terms with a non-zero weight. */
export function preferredNodeMatchers(spec: PodSpec | undefined): WeightedMatcher[] {
  const preferred = spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return preferred.filter((p) => p.weight !== 0).map((p) => ({ weight: p.weight, matches: compileTerm(p.preference) }));
}

/**
 * NodeAffinity's PreFilter: when every required term pins metadata.name (In), only those nodes can fit,
 * so only they are filtered. Undefined when any node may fit; an empty set when the terms conflict.
 */
export function requiredNodeNames(spec: PodSpec | undefined): Set<string> | undefined {
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return undefined;
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const values = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => values.has(n))) : values;
    }
    // A term without a name constraint lets any node through (terms are ORed).
    if (!termNames) return undefined;
    names = new Set([...(names ?? []), ...termNames]);
  }
  return names;
}
