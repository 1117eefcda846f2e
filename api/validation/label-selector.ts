// metav1.LabelSelector validation, and the selector-vs-template-labels check controllers share.
import type { LabelSelector } from '../types/meta.js';
import { type Cause, child, index, invalid, required, forbidden } from './field-error.js';
import { goStringMap } from './go-format.js';
import { isValidLabelValue } from './names.js';
import { validateLabels, validateLabelName } from './object-meta.js';

export function validateLabelSelector(sel: LabelSelector | undefined | null, field: string): Cause[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, child(field, 'matchLabels'));
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const p = index(child(field, 'matchExpressions'), i);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In': case 'NotIn':
        if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists': case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(child(p, 'operator'), expr.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(expr.key ?? '', child(p, 'key')));
    values.forEach((v, j) => errs.push(...isValidLabelValue(v).map((m) => invalid(index(child(p, 'values'), j), v, m))));
  });
  return errs;
}

export type SelectorFn = { empty: boolean; matches: (labels: Record<string, string> | undefined) => boolean };

/** LabelSelectorAsSelector: undefined when the selector cannot be converted (upstream returns an error). */
export function labelSelectorAsSelector(sel: LabelSelector | undefined | null): SelectorFn | undefined {
  if (!sel) return { empty: false, matches: () => false };
  const ml = sel.matchLabels ?? {};
  const exprs = sel.matchExpressions ?? [];
  if (Object.keys(ml).length + exprs.length === 0) return { empty: true, matches: () => true };
  for (const e of exprs) {
    const n = (e.values ?? []).length;
    if ((e.operator === 'In' || e.operator === 'NotIn') && n === 0) return undefined;
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && n > 0) return undefined;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator)) return undefined;
  }
  return {
    empty: false,
    matches: (labels) => {
      const l = labels ?? {};
      for (const [k, v] of Object.entries(ml)) if (l[k] !== v) return false;
      return exprs.every((e) => {
        const has = Object.hasOwn(l, e.key);
        switch (e.operator) {
          case 'In': return has && (e.values ?? []).includes(l[e.key]);
          case 'NotIn': return !has || !(e.values ?? []).includes(l[e.key]);
          case 'Exists': return has;
          default: return !has;
        }
      });
    },
  };
}

/** An RC-style map selector: empty selects nothing to check; otherwise every pair must match. */
export function mapSelector(selector: Record<string, string> | undefined): SelectorFn {
  const entries = Object.entries(selector ?? {});
  return { empty: entries.length === 0, matches: (labels) => entries.every(([k, v]) => (labels ?? {})[k] === v) };
}

/** "`selector` does not match template `labels`", reported on the template's labels. */
export function selectorMatchesTemplate(sel: SelectorFn, labels: Record<string, string> | undefined, field: string): Cause[] {
  if (sel.empty || sel.matches(labels)) return [];
  return [invalid(field, goStringMap(labels), '`selector` does not match template `labels`')];
}
