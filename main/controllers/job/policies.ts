// spec.podFailurePolicy (which failed pods fail the Job, are ignored, or count toward backoffLimit) and
// spec.successPolicy (which succeeded indexes make an Indexed Job succeed early), as upstream matches them.
import type { ContainerStatus, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement, SuccessPolicy } from 'kubernetes-types/batch/v1.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { parseIndexes, totalIndexes, type OrderedIntervals } from './indexes.js';
import { asPodObject } from './job-types.js';

export interface FailurePolicyMatch {
  /** Set when a FailJob rule matched: the Job fails with this message. */
  failJobMessage?: string;
  /** False when an Ignore rule matched: the failure does not count toward backoffLimit. */
  countFailed: boolean;
  action?: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
}

function exitCodeMatches(code: number, req: PodFailurePolicyOnExitCodesRequirement): boolean {
  if (req.operator === 'In') return req.values.includes(code);
  if (req.operator === 'NotIn') return !req.values.includes(code);
  return false;
}

function matchingContainer(statuses: readonly ContainerStatus[] | undefined, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  return statuses?.find((s) => {
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (req.containerName != null && req.containerName !== s.name) return false;
    return exitCodeMatches(code, req);
  });
}

function matchingCondition(status: PodStatus | undefined, patterns: readonly { type: string; status?: string }[]): PodCondition | undefined {
  for (const c of status?.conditions ?? []) {
    if (patterns.some((p) => p.type === c.type && (p.status ?? 'True') === c.status)) return c;
  }
  return undefined;
}

export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined | null, failedPod: KubeObject): FailurePolicyMatch {
  if (!policy) return { countFailed: true };
  const pod = asPodObject(failedPod);
  const ns = pod.metadata.namespace ?? '', name = pod.metadata.name ?? '';
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    let subject: string | undefined;
    if (rule.onExitCodes) {
      const c = matchingContainer(pod.status?.containerStatuses, rule.onExitCodes) ?? matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (c) subject = `Container ${c.name} for pod ${ns}/${name} failed with exit code ${c.state?.terminated?.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const c = matchingCondition(pod.status, rule.onPodConditions);
      if (c) subject = `Pod ${ns}/${name} has condition ${c.type} matching ${rule.action} rule at index ${index}`;
    }
    if (subject === undefined) continue;
    switch (rule.action) {
      case 'Ignore': return { countFailed: false, action: 'Ignore' };
      case 'FailIndex': return { countFailed: true, action: 'FailIndex' };
      case 'Count': return { countFailed: true, action: 'Count' };
      case 'FailJob': return { failJobMessage: subject, countFailed: true, action: 'FailJob' };
    }
  }
  return { countFailed: true };
}

/** How many of the rule's indexes have succeeded. */
function overlap(rule: OrderedIntervals, succeeded: OrderedIntervals): number {
  let n = 0;
  for (const r of rule) for (const s of succeeded) n += Math.max(0, Math.min(r.last, s.last) - Math.max(r.first, s.first) + 1);
  return n;
}

/** "Matched rules at index N" for the first satisfied rule, or undefined. */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined | null, completions: number, succeeded: OrderedIntervals): string | undefined {
  if (!policy || succeeded.length === 0) return undefined;
  for (const [index, rule] of policy.rules.entries()) {
    if (rule.succeededIndexes != null) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      const contains = overlap(required, succeeded);
      if (contains === totalIndexes(required) || (rule.succeededCount != null && contains >= rule.succeededCount)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount != null && totalIndexes(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
