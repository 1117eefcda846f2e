// resource.Quantity: an exact decimal (unscaled × 10^scale, bigint-backed) that remembers its suffix
// family and prints in the canonical form the API server stores ("1000m" → "1", "0.5" → "500m",
// "1024Mi" → "1Gi", "1.5Gi" → "1536Mi"). Used by validation, the scheduler and the GUI.
import {
  type QuantityFormat, splitQuantity, interpretSuffix, decimalSuffixFor, binarySuffixFor,
  errFormatWrong, errSuffix,
} from './parse.js';

export { type QuantityFormat, QuantityParseError, QUANTITY_REGEX } from './parse.js';

const MAX_INT64 = (1n << 63n) - 1n;
/** Values finer than nano units are rounded up to 1n, as upstream does. */
const MIN_SCALE = -9;

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** Divides rounding away from zero (upstream's inf.RoundUp), and says whether it was exact. */
function divAwayFromZero(n: bigint, d: bigint): { value: bigint; exact: boolean } {
  const q = n / d;
  if (q * d === n) return { value: q, exact: true };
  return { value: n < 0n ? q - 1n : q + 1n, exact: false };
}

export class Quantity {
  /** value = unscaled × 10^scale; unscaled carries no trailing zeros (except for zero itself). */
  readonly unscaled: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;

  private constructor(unscaled: bigint, scale: number, format: QuantityFormat) {
    if (unscaled === 0n) scale = 0;
    while (unscaled !== 0n && unscaled % 10n === 0n) { unscaled /= 10n; scale++; }
    this.unscaled = unscaled;
    this.scale = scale;
    this.format = format;
  }

  /** Parses like resource.ParseQuantity; throws QuantityParseError with upstream's message. */
  static parse(text: string): Quantity {
    if (text.length === 0) throw errFormatWrong();
    const parts = splitQuantity(text);
    const suffix = interpretSuffix(parts.suffix);
    if (!suffix) throw errSuffix();
    let unscaled = BigInt(parts.num + parts.denom);
    let scale = -parts.denom.length;
    let format = suffix.format;
    if (suffix.base === 10) scale += suffix.exponent;
    else unscaled *= 1n << BigInt(suffix.exponent);
    if (!parts.positive) unscaled = -unscaled;
    if (unscaled !== 0n && scale < MIN_SCALE) {
      unscaled = divAwayFromZero(unscaled, pow10(MIN_SCALE - scale)).value;
      scale = MIN_SCALE;
    }
    let q = new Quantity(unscaled, scale, format);
    if (format === 'BinarySI') {
      // upstream caps binary quantities at 2^63-1 and shows sub-1 values as DecimalSI
      if (q.cmp(Quantity.fromValue(MAX_INT64)) > 0) q = new Quantity(MAX_INT64, 0, format);
      if (q.cmp(Quantity.fromValue(-MAX_INT64)) < 0) q = new Quantity(-MAX_INT64, 0, format);
      if (abs(q.unscaled) > 0n && q.cmpAbs(Quantity.fromValue(1n)) < 0) format = 'DecimalSI';
      q = new Quantity(q.unscaled, q.scale, format);
    }
    return q;
  }

  static tryParse(text: unknown): Quantity | undefined {
    if (typeof text === 'number' && Number.isFinite(text)) text = String(text);
    if (typeof text !== 'string') return undefined;
    try { return Quantity.parse(text); } catch { return undefined; }
  }

  static fromValue(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value), 0, format);
  }

  static fromMilli(milli: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(milli), -3, format);
  }

  static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(0n, 0, format);
  }

  isZero(): boolean { return this.unscaled === 0n; }
  sign(): -1 | 0 | 1 { return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1; }

  /** Both unscaled values at the smaller of the two scales. */
  private aligned(other: Quantity): [bigint, bigint, number] {
    const s = Math.min(this.scale, other.scale);
    return [this.unscaled * pow10(this.scale - s), other.unscaled * pow10(other.scale - s), s];
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    const [a, b] = this.aligned(other);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  private cmpAbs(other: Quantity): -1 | 0 | 1 {
    const [a, b] = this.aligned(other);
    return abs(a) === abs(b) ? 0 : abs(a) < abs(b) ? -1 : 1;
  }

  equals(other: Quantity): boolean { return this.cmp(other) === 0; }

  /** Sum; keeps this quantity's format unless this is zero (as Quantity.Add does). */
  add(other: Quantity): Quantity {
    const [a, b, s] = this.aligned(other);
    return new Quantity(a + b, s, this.isZero() ? other.format : this.format);
  }

  sub(other: Quantity): Quantity {
    const [a, b, s] = this.aligned(other);
    return new Quantity(a - b, s, this.isZero() ? other.format : this.format);
  }

  neg(): Quantity { return new Quantity(-this.unscaled, this.scale, this.format); }

  /** The value at 10^scale, rounded away from zero; `exact` is false when rounding happened. */
  scaledValue(scale: number): { value: bigint; exact: boolean } {
    if (this.scale >= scale) return { value: this.unscaled * pow10(this.scale - scale), exact: true };
    return divAwayFromZero(this.unscaled, pow10(scale - this.scale));
  }

  /** Whole units, rounded up (away from zero) like Quantity.Value(). */
  value(): bigint { return this.scaledValue(0).value; }

  /** Thousandths, rounded up (away from zero) like Quantity.MilliValue(). */
  milliValue(): bigint { return this.scaledValue(-3).value; }

  /** A float approximation, for display and ratios only. */
  toNumber(): number { return Number(this.unscaled) * 10 ** this.scale; }

  /** Rounds up to the given scale (SetDefaults_ResourceList rounds to milli, scale -3). */
  roundUp(scale: number): Quantity {
    const { value } = this.scaledValue(scale);
    return new Quantity(value, scale, this.format);
  }

  /** The canonical string the API server serializes. */
  toString(): string {
    if (this.isZero()) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      const whole = this.scaledValue(0);
      if (this.cmpAbs(Quantity.fromValue(1024n)) < 0 || !whole.exact) format = 'DecimalSI';
      else {
        let amount = whole.value;
        let exp = 0;
        while (exp < 6 && abs(amount) >= 1024n && amount % 1024n === 0n) { amount /= 1024n; exp++; }
        return `${amount}${binarySuffixFor(exp * 10) ?? ''}`;
      }
    }
    let amount = this.unscaled;
    let exponent = this.scale;
    while (((exponent % 3) + 3) % 3 !== 0) { amount *= 10n; exponent--; }
    if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
    const suffix = decimalSuffixFor(exponent);
    // past exa there is no SI suffix; fall back to an exponent rather than drop the magnitude
    return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`;
  }

  toJSON(): string { return this.toString(); }
}

/** True for strings (or numbers) that parse as a Quantity. */
export function isQuantity(value: unknown): boolean {
  return Quantity.tryParse(value) !== undefined;
}

/** The canonical form of a quantity string ("0.5" → "500m"); throws QuantityParseError. */
export function canonicalQuantity(text: string): string {
  return Quantity.parse(text).toString();
}
