// Kubernetes resource quantities: parsing, canonical form, arithmetic.
export { Quantity, isQuantity, canonicalQuantity, QuantityParseError, QUANTITY_REGEX, type QuantityFormat } from './quantity.js';
