// Label selectors as k8s.io/apimachinery/pkg/labels has them: a list of requirements, ANDed, sorted by key.
// One Selector type serves both sources — the `?labelSelector=` string (label-parser.ts) and metav1.LabelSelector
// objects in specs — so matching and the canonical string (Scale status.selector, `-o wide` columns) agree.
import { BadRequestError } from '../errors/status-error.js';
import type { LabelSelector as LabelSelectorObject } from '../types/meta.js';
import { goQuote, goStringSlice } from '../validation/go-format.js';
import { isQualifiedName, isValidLabelValue } from '../validation/names.js';
import { fieldErrors, invalid } from './field-error.js';

/** Operators with upstream's spelling (selection.Operator). */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>> | undefined | null;

/**
 * Label key/value rules (IsQualifiedName and IsValidLabelValue messages, an empty list when valid). Parsing checks
 * them as kube-apiserver does; tests may pass their own.
 */
export interface LabelSyntax {
  keyErrors(key: string): string[];
  valueErrors(value: string): string[];
}

export const KUBERNETES_LABEL_SYNTAX: LabelSyntax = { keyErrors: isQualifiedName, valueErrors: isValidLabelValue };

export class Selector {
  private constructor(
    readonly requirements: readonly LabelRequirement[],
    private readonly selectsNothing: boolean,
  ) {}

  /** Matches every object (an empty selector string, or a LabelSelector with no terms). */
  static everything(): Selector {
    return new Selector([], false);
  }

  /** Matches no object (a nil LabelSelector in a spec). */
  static nothing(): Selector {
    return new Selector([], true);
  }

  /** A selector of these requirements, sorted by key as upstream sorts them (stably). */
  static of(requirements: readonly LabelRequirement[]): Selector {
    const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return new Selector(sorted, false);
  }

  matches(labels: Labels): boolean {
    if (this.selectsNothing) return false;
    return this.requirements.every((r) => requirementMatches(r, labels ?? {}));
  }

  /** True when the selector does not restrict anything. */
  empty(): boolean {
    return !this.selectsNothing && this.requirements.length === 0;
  }

  /** Canonical form: "app=web,env in (a,b),!legacy". */
  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }

  /** The value a selector pins a key to (`key=v`, `key==v`, `key in (v)`), if it does. */
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((x) => x.key === key);
    if (!r) return undefined;
    const exact = r.operator === '=' || r.operator === '==' || r.operator === 'in';
    return exact && r.values.length === 1 ? r.values[0] : undefined;
  }
}

function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in': case '=': case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin': case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt': case 'lt': {
      if (value === undefined || r.values.length !== 1) return false;
      const actual = parseInt64(value);
      const bound = parseInt64(r.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

function requirementToString(r: LabelRequirement): string {
  switch (r.operator) {
    case 'exists': return r.key;
    case '!': return `!${r.key}`;
    case 'in': case 'notin': return `${r.key} ${r.operator} (${sortedValues(r.values)})`;
    case 'gt': return `${r.key}>${sortedValues(r.values)}`;
    case 'lt': return `${r.key}<${sortedValues(r.values)}`;
    default: return `${r.key}${r.operator}${sortedValues(r.values)}`;
  }
}

function sortedValues(values: readonly string[]): string {
  return values.length === 1 ? values[0] : [...values].sort().join(',');
}

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, within int64. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

/**
 * labels.NewRequirement: checks the key, the operator's value count and the values.
 * Throws BadRequestError with upstream's aggregated field-error message.
 */
export function newRequirement(key: string, operator: LabelOperator, values: string[], syntax = KUBERNETES_LABEL_SYNTAX): LabelRequirement {
  const errs: string[] = [];
  const keyProblems = syntax.keyErrors(key);
  if (keyProblems.length > 0) errs.push(invalid('key', goQuote(key), keyProblems.join('; ')));
  switch (operator) {
    case 'in': case 'notin':
      if (values.length === 0) errs.push(invalid('values', goStringSlice(values).text, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=': case '==': case '!=':
      if (values.length !== 1) errs.push(invalid('values', goStringSlice(values).text, 'exact-match compatibility requires one single value'));
      break;
    case 'exists': case '!':
      if (values.length !== 0) errs.push(invalid('values', goStringSlice(values).text, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt': case 'lt':
      if (values.length !== 1) errs.push(invalid('values', goStringSlice(values).text, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(invalid(`values[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  values.forEach((v, i) => {
    const problems = syntax.valueErrors(v);
    if (problems.length > 0) errs.push(invalid(`values[${i}][${key}]`, goQuote(v), problems.join('; ')));
  });
  if (errs.length > 0) throw new BadRequestError(fieldErrors(errs));
  return { key, operator, values };
}

/** labels.SelectorFromSet: `k=v` for each entry; an empty or missing set selects everything. */
export function selectorFromSet(set: Labels): Selector {
  return Selector.of(Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: '=' as const, values: [value] })));
}

const OBJECT_OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: a missing selector matches nothing, one without terms matches everything.
 * Throws BadRequestError with upstream's message for a bad operator or requirement.
 */
export function selectorFromLabelSelector(ls: LabelSelectorObject | undefined | null, syntax = KUBERNETES_LABEL_SYNTAX): Selector {
  if (ls === undefined || ls === null) return Selector.nothing();
  const matchLabels = Object.entries(ls.matchLabels ?? {});
  const expressions = ls.matchExpressions ?? [];
  if (matchLabels.length + expressions.length === 0) return Selector.everything();
  const requirements: LabelRequirement[] = matchLabels.map(([k, v]) => newRequirement(k, '=', [v], syntax));
  for (const e of expressions) {
    const op = OBJECT_OPERATORS[e.operator];
    if (op === undefined) throw new BadRequestError(`${goQuote(e.operator)} is not a valid label selector operator`);
    requirements.push(newRequirement(e.key, op, [...(e.values ?? [])], syntax));
  }
  return Selector.of(requirements);
}

/** metav1.FormatLabelSelector: the canonical string, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(ls: LabelSelectorObject | undefined | null): string {
  let text: string;
  try {
    text = selectorFromLabelSelector(ls).toString();
  } catch {
    return '<error>';
  }
  return text === '' ? '<none>' : text;
}

/** labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty. */
export function formatLabels(set: Labels): string {
  const text = selectorFromSet(set).toString();
  return text === '' ? '<none>' : text;
}
