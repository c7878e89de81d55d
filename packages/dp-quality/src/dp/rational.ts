/**
 * @module dp/rational
 * Exact non-negative-denominator rationals over bigint. The privacy budget ε, its split into steps
 * and the noise scales of arXiv:2502.11009 §5 are kept as exact fractions so that the ledger's total
 * equals the declared ε exactly (no float sums) and the samplers draw from exact distributions.
 */

/** A rational number num/den with den > 0, always in lowest terms. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Builds num/den in lowest terms; throws RangeError on a zero denominator. */
export function rat(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('rational with zero denominator');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { num: n / g, den: d / g } : { num: n, den: d };
}

/** a + b. */
export function add(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den + b.num * a.den, a.den * b.den);
}
/** a − b. */
export function sub(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den - b.num * a.den, a.den * b.den);
}
/** a · b. */
export function mul(a: Rational, b: Rational): Rational {
  return rat(a.num * b.num, a.den * b.den);
}
/** a / b (b ≠ 0). */
export function div(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den, a.den * b.num);
}
/** −1, 0 or 1 as a <, =, > b. */
export function cmp(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
/** True when a and b are the same number. */
export function eq(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}
/** Floor of a as bigint. */
export function floor(a: Rational): bigint {
  const q = a.num / a.den;
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q;
}
/** Nearest double (for display and error estimates only, never for sampling). */
export function toNumber(a: Rational): number {
  return Number(a.num) / Number(a.den);
}
/** "num/den", or "num" when den = 1. */
export function ratToString(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;

/**
 * Parses a decimal ("0.5", "1e-1", "2") or fraction ("1/3") text exactly; null when it is not a
 * finite number. "0.1" becomes exactly 1/10, not the nearest double.
 */
export function parseRational(text: string): Rational | null {
  const t = text.trim();
  const f = FRACTION.exec(t);
  if (f) {
    const d = BigInt(f[2] ?? '0');
    return d === 0n ? null : rat(BigInt(f[1] ?? '0'), d);
  }
  const m = DECIMAL.exec(t);
  if (!m) return null;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return null;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1000) return null;
  let num = BigInt(`${intPart}${fracPart}` || '0');
  if (m[1] === '-') num = -num;
  const scale = exp - fracPart.length;
  return scale >= 0 ? rat(num * 10n ** BigInt(scale)) : rat(num, 10n ** BigInt(-scale));
}
