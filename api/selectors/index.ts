// Label and field selectors: parsing (with kube-apiserver's error messages), matching, canonical strings.
export {
  Selector, KUBERNETES_LABEL_SYNTAX, newRequirement, selectorFromSet, selectorFromLabelSelector, formatLabelSelector, formatLabels,
  type LabelOperator, type LabelRequirement, type Labels, type LabelSyntax,
} from './label-selector.js';
export { parseLabelSelector } from './label-parser.js';
export {
  FieldSelector, parseFieldSelector, escapeFieldValue, unescapeFieldValue,
  type FieldOperator, type FieldRequirement, type FieldSet,
} from './field-selector.js';
export { fieldSelectorFor, selectableFields, matchesFields, supportedFields } from './field-labels.js';
