// Splits a Kubernetes quantity string ("100m", "1.5Gi", "2e3") into sign, digits and suffix exactly as
// apimachinery's parseQuantityString does, and interprets the suffix. Errors carry upstream's messages,
// because the API server returns them verbatim in a 400 when a body holds a malformed quantity.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

export class QuantityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityParseError';
  }
}

export const errFormatWrong = (): QuantityParseError =>
  new QuantityParseError(`quantities must match the regular expression '${QUANTITY_REGEX}'`);
export const errSuffix = (): QuantityParseError => new QuantityParseError("unable to parse quantity's suffix");
export const errNumeric = (): QuantityParseError => new QuantityParseError('unable to parse numeric part of quantity');

export interface QuantityParts {
  positive: boolean;
  /** Integer digits without leading zeros ("0" when there are none). */
  num: string;
  /** Fraction digits, possibly empty. */
  denom: string;
  suffix: string;
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** The lexical split; throws for anything upstream's parser rejects. */
export function splitQuantity(str: string): QuantityParts {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (end === 0) throw errFormatWrong();
  if (str[0] === '-') { positive = false; pos++; } else if (str[0] === '+') pos++;

  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };

  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    pos = i;
  }
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw errFormatWrong();
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

export interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export function interpretSuffix(suffix: string): Suffix | undefined {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const rest = suffix.slice(1);
    if (!/^[-+]?[0-9]+$/.test(rest)) return undefined;
    const exponent = Number(rest);
    // upstream parses into an int32 exponent
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 2 ** 31 - 1) return undefined;
    return { base: 10, exponent, format: 'DecimalExponent' };
  }
  return undefined;
}

/** The decimal suffix for an exponent that is a multiple of 3, if SI has one. */
export function decimalSuffixFor(exponent: number): string | undefined {
  for (const [s, e] of Object.entries(DECIMAL_SUFFIXES)) if (e === exponent) return s;
  return undefined;
}

export function binarySuffixFor(exponent: number): string | undefined {
  if (exponent === 0) return '';
  for (const [s, e] of Object.entries(BINARY_SUFFIXES)) if (e === exponent) return s;
  return undefined;
}
