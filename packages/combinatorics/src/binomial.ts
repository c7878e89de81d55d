/**
 * @module binomial
 * Exact binomial coefficients C(n, k), as `bigint` for any size and as `number` when the value is
 * below 2^53 (where doubles are exact), plus Pascal tables that ranking reuses.
 *
 * C(n, k) is computed by the multiplicative formula C(n, i) = C(n, i−1)·(n−i+1)/i, whose every
 * partial product is itself a binomial, so each division is exact.
 */
import { assertNatural } from './_validate.js';

/**
 * C(n, k), exact, for any non-negative integers (0 when k > n).
 * @example binomial(100, 50) //=> 100891344545564193334812497256n
 */
export function binomial(n: number, k: number): bigint {
  assertNatural('n', n);
  assertNatural('k', k);
  if (k > n) return 0n;
  const kk = Math.min(k, n - k);
  let c = 1n;
  const bn = BigInt(n);
  for (let i = 1n; i <= BigInt(kk); i++) c = (c * (bn - i + 1n)) / i;
  return c;
}

/**
 * C(n, k) as a `number`.
 * @throws RangeError when C(n, k) exceeds Number.MAX_SAFE_INTEGER (use {@link binomial})
 * @example binomialNumber(30, 8) //=> 5852925
 */
export function binomialNumber(n: number, k: number): number {
  assertNatural('n', n);
  assertNatural('k', k);
  if (k > n) return 0;
  const kk = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= kk; i++) {
    // c·(n−i+1) may exceed 2^53 before the division; fall back to bigint then.
    const num = c * (n - i + 1);
    if (num > Number.MAX_SAFE_INTEGER) {
      const b = binomial(n, k);
      if (b > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new RangeError(`C(${n}, ${k}) = ${b} exceeds 2^53 − 1; use binomial() for a bigint`);
      }
      return Number(b);
    }
    c = num / i;
  }
  return c;
}

const SAFE = Number.MAX_SAFE_INTEGER;
/** Largest table materialised as doubles (entries): 16 MiB. Larger (n, k) compute on demand. */
const DENSE_LIMIT = 1 << 21;
/** Largest table materialised as bigints (entries); beyond, bigints are computed on demand. */
const BIG_LIMIT = 1 << 18;

/**
 * Pascal's triangle C(i, j) for 0 ≤ i ≤ n, 0 ≤ j ≤ k, as ranking and unranking need it: stored
 * row-major in a Float64Array while it is small enough (entries above 2^53 are stored as +Infinity,
 * meaning "use the bigint value"), with a bigint twin built on first use; for very large n (say
 * combinations of a million elements) both are computed on demand instead, so a space costs no
 * memory in proportion to n.
 */
export class PascalTable {
  readonly n: number;
  readonly k: number;
  /** Whether {@link PascalTable.num} holds the table (else it is empty). */
  readonly dense: boolean;
  /** C(i, j) at index i·(k+1)+j when dense; +Infinity where C(i, j) > 2^53 − 1. */
  readonly num: Float64Array;
  /**
   * Whether unranking searches by a downward scan rather than a binary search. A full unranking
   * scans at most n rows in all (x only decreases) against k·log2 n probes: scan when n is small
   * against k·log2 n.
   */
  readonly scan: boolean;
  #big: bigint[] | undefined;

  constructor(n: number, k: number) {
    this.n = n;
    this.k = k;
    const w = k + 1;
    this.dense = (n + 1) * w <= DENSE_LIMIT;
    this.scan = n <= 4 * Math.max(1, k) * Math.log2(n + 2);
    if (!this.dense) {
      this.num = new Float64Array(0);
      return;
    }
    const t = new Float64Array((n + 1) * w);
    for (let i = 0; i <= n; i++) {
      t[i * w] = 1;
      for (let j = 1; j <= Math.min(i, k); j++) {
        const a = t[(i - 1) * w + j - 1] as number;
        const b = j <= i - 1 ? (t[(i - 1) * w + j] as number) : 0;
        const s = a + b;
        t[i * w + j] = s > SAFE ? Number.POSITIVE_INFINITY : s;
      }
    }
    this.num = t;
  }

  /** C(i, j) as a number (+Infinity when above 2^53 − 1; 0 when j > i). */
  get(i: number, j: number): number {
    if (j > i || j < 0 || i < 0) return 0;
    if (this.dense) return this.num[i * (this.k + 1) + j] as number;
    const b = this.getBig(i, j);
    return b > BigInt(SAFE) ? Number.POSITIVE_INFINITY : Number(b);
  }

  /** C(i, j) exact. */
  getBig(i: number, j: number): bigint {
    if (j > i || j < 0 || i < 0) return 0n;
    const big =
      this.#big ?? (this.dense && (this.n + 1) * (this.k + 1) <= BIG_LIMIT ? this.#bigTable() : undefined);
    if (big !== undefined) return big[i * (this.k + 1) + j] as bigint;
    if (this.dense) {
      const v = this.num[i * (this.k + 1) + j] as number;
      if (v !== Number.POSITIVE_INFINITY) return BigInt(v);
    }
    return binomial(i, j);
  }

  /**
   * The largest x in [j − 1, hi] with C(x, j) ≤ r (C(x, j) grows with x there), by binary search:
   * the step of every colex-style unranking.
   */
  largestAtMost(j: number, r: number, hi: number): number {
    if (this.scan) {
      while (hi >= j && this.get(hi, j) > r) hi--;
      return hi < j ? Math.max(hi, j - 1) : hi;
    }
    let lo = j - 1; // C(j − 1, j) = 0 ≤ r
    if (this.get(hi, j) <= r) return hi;
    // Invariant: C(lo, j) ≤ r < C(hi, j).
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.get(mid, j) <= r) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** As {@link PascalTable.largestAtMost}, exact for bigint ranks. */
  largestAtMostBig(j: number, r: bigint, hi: number): number {
    if (this.scan) {
      while (hi >= j && this.getBig(hi, j) > r) hi--;
      return hi < j ? Math.max(hi, j - 1) : hi;
    }
    let lo = j - 1;
    if (this.getBig(hi, j) <= r) return hi;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.getBig(mid, j) <= r) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  #bigTable(): bigint[] {
    if (this.#big === undefined) {
      const w = this.k + 1;
      const t: bigint[] = new Array((this.n + 1) * w).fill(0n);
      for (let i = 0; i <= this.n; i++) {
        t[i * w] = 1n;
        for (let j = 1; j <= Math.min(i, this.k); j++) {
          t[i * w + j] =
            (t[(i - 1) * w + j - 1] as bigint) + (j <= i - 1 ? (t[(i - 1) * w + j] as bigint) : 0n);
        }
      }
      this.#big = t;
    }
    return this.#big;
  }
}
