/**
 * @module nested
 * Nested generators of He & Little, arXiv:2507.03980 (research note combgen.md §2.8–2.9): the
 * k-combinations, and the k-permutations, of the d-combinations of {0, …, n−1}. Deep-ICE
 * (arXiv:2505.05740) enumerates k hyperplanes each fixed by d data points this way; proper decision
 * trees correspond to k-permutations of splitting rules (arXiv:2503.01455).
 *
 * Inner objects: the d-combinations of {0, …, n−1}, ranked in colex order (the combinatorial number
 * system, ρ(c) = Σ_t C(c_t, t+1); TAOCP 7.2.1.3). This is the order in which the paper's sequential
 * ("snoc") generator creates them: when point x arrives, the new inner objects (those with maximum
 * x) get the ranks [C(x, d), C(x+1, d)).
 *
 * Outer order of {@link nestedCombinations}: colex over the inner ranks. An item is the k inner
 * objects as k rows of d points, row i the one with the i-th smallest inner rank, flattened into an
 * Int32Array of k·d points. Colex over inner ranks coincides with the Deep-ICE stage grouping: stage
 * x emits exactly the outer sets whose largest inner rank lies in [C(x,d), C(x+1,d)), that is the
 * ranks [C(C(x,d), k), C(C(x+1,d), k)), and its size is Σ_{i<k} C(n1, i)·C(n2−n1, k−i) with
 * n1 = C(x,d), n2 = C(x+1,d), the truncated convolution of §2.8 (`update_ncss` in the authors' CUDA).
 * Within a stage the order is colex, not the convolution's block order.
 *
 * Outer order of {@link nestedPermutationCombinations}: ordered k-tuples of distinct inner objects,
 * sorted first by their set (in the colex order above), then by the arrangement: the k! orderings of
 * a set in lexicographic order of the inner ranks (equivalently, lex order of the permutation of
 * positions). rank = setRank·k! + lexRank(arrangement).
 *
 * Kernels never unrank per item: they advance the outer colex successor (and, for tuples, the lex
 * next-permutation, Knuth's Algorithm L, TAOCP 7.2.1.2) on the inner ranks and update only the rows
 * that changed: the row whose rank grows takes its inner colex successor, the rows reset to ranks
 * 0, 1, … are copied from a precomputed table. Amortized O(d) per item. The block API of
 * {@link nestedCombinations} uses the blocked layout instead: with rows 1..k−1 fixed, row 0 runs over
 * a prefix of the inner colex table (built once by the paper's fold), so each block is d bulk `set`s
 * plus (k−1)·d `fill`s.
 */
import { BaseSpace, DEFAULT_BLOCK_BYTES, resolveRange } from './_base.js';
import { assertNatural } from './_validate.js';
import { binomial, binomialNumber } from './binomial.js';
import type { BlockOptions, BlockVisitor, RankRange, Visitor } from './space.js';

/**
 * Called per item with the reused item view and the reused inner ranks of its rows (row order).
 * Return `false` to stop. Copy what you keep.
 */
export type RanksVisitor = (item: Int32Array, ranks: Float64Array) => boolean | undefined | void;

/**
 * A stage of a nested space: the items that appear when point `stage` arrives, i.e. whose largest
 * inner object has maximum point `stage` (stage −1: items present before any point, which exist
 * only when k = 0 or d = 0). Number fields are exact up to 2^53 − 1 and +Infinity beyond (use the
 * `Big` twins).
 */
export interface StageRange {
  /** The point x whose arrival opens the stage (−1 for the initial stage). */
  readonly stage: number;
  /** First inner rank created at this stage, C(x, d). */
  readonly innerStartBig: bigint;
  /** One past the last inner rank created at this stage, C(x+1, d). */
  readonly innerEndBig: bigint;
  /** First outer rank of the stage. */
  readonly start: number;
  /** One past the last outer rank of the stage. */
  readonly end: number;
  /** Number of items, end − start. */
  readonly count: number;
  readonly startBig: bigint;
  readonly endBig: bigint;
  readonly countBig: bigint;
}

const SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const CHUNK = 2 ** 52;

function toNum(b: bigint): number {
  return b <= SAFE_BIG ? Number(b) : Number.POSITIVE_INFINITY;
}

/** C(R, j) for a bigint R (each partial product C(R−j+t, t) is an integer, so divisions are exact). */
function binomBig(R: bigint, j: number): bigint {
  const J = BigInt(j);
  if (R < J) return 0n;
  let c = 1n;
  for (let t = 1n; t <= J; t++) c = (c * (R - J + t)) / t;
  return c;
}

function factorial(k: number): bigint {
  let f = 1n;
  for (let i = 2n; i <= BigInt(k); i++) f *= i;
  return f;
}

/**
 * Largest R in [lo, hi] with C(R, j) ≤ r (C(lo, j) ≤ r assumed). A floating-point estimate
 * R ≈ (r·j!)^{1/j} + (j−1)/2 brackets the answer; binary search finishes it exactly.
 */
function largestWithBinomAtMost(r: bigint, j: number, lo: bigint, hi: bigint): bigint {
  if (j >= 1) {
    let lf = 0;
    for (let t = 2; t <= j; t++) lf += Math.log(t);
    const est = Math.exp((Math.log(Number(r) + 1) + lf) / j) + (j - 1) / 2;
    if (Number.isFinite(est) && est < 2 ** 62) {
      const g = BigInt(Math.floor(est));
      const slack = BigInt(j + 2) + g / 1000000n;
      const a = g - slack > lo ? g - slack : lo;
      const b = g + slack < hi ? g + slack : hi;
      if (a <= b && binomBig(a, j) <= r && (b === hi || binomBig(b + 1n, j) > r)) {
        lo = a;
        hi = b;
      }
    }
  }
  while (lo < hi) {
    const m = (lo + hi + 1n) / 2n;
    if (binomBig(m, j) <= r) lo = m;
    else hi = m - 1n;
  }
  return lo;
}

/** Colex successor of the d-combination in buf[o..o+d) over [0, n), in place. */
function innerSucc(buf: Int32Array, o: number, d: number, n: number): boolean {
  for (let t = 0; t < d; t++) {
    const v = buf[o + t] as number;
    if (v + 1 < (t + 1 < d ? (buf[o + t + 1] as number) : n)) {
      buf[o + t] = v + 1;
      for (let s = 0; s < t; s++) buf[o + s] = s;
      return true;
    }
  }
  return false;
}

/** True when row b is the inner colex successor of row a (inner rank of b = rank of a + 1). */
function isNext(buf: Int32Array, a: number, b: number, d: number, n: number): boolean {
  let t = 0;
  for (; t < d; t++) {
    if ((buf[a + t] as number) + 1 < (t + 1 < d ? (buf[a + t + 1] as number) : n)) break;
  }
  if (t === d) return false;
  if (buf[b + t] !== (buf[a + t] as number) + 1) return false;
  for (let s = 0; s < t; s++) if (buf[b + s] !== s) return false;
  for (let s = t + 1; s < d; s++) if (buf[b + s] !== buf[a + s]) return false;
  return true;
}

/** Colex comparison of rows a and b (sign of ρ(a) − ρ(b)). */
function rowCmp(buf: Int32Array, a: number, b: number, d: number): number {
  for (let t = d - 1; t >= 0; t--) {
    const x = buf[a + t] as number;
    const y = buf[b + t] as number;
    if (x !== y) return x - y;
  }
  return 0;
}

function swapRows(buf: Int32Array, a: number, b: number, d: number): void {
  for (let t = 0; t < d; t++) {
    const x = buf[a + t] as number;
    buf[a + t] = buf[b + t] as number;
    buf[b + t] = x;
  }
}

/** Reverses the order of rows i..j (inclusive) of width d, and of R[i..j] when R is given. */
function reverseRows(buf: Int32Array, R: Float64Array | null, i: number, j: number, d: number): void {
  for (; i < j; i++, j--) {
    swapRows(buf, i * d, j * d, d);
    if (R !== null) {
      const x = R[i] as number;
      R[i] = R[j] as number;
      R[j] = x;
    }
  }
}

/**
 * Outer colex successor on the inner ranks R (ascending) and rows of buf: finds the smallest i with
 * R[i] + 1 < R[i+1] (R[k] = N), increments R[i] (row i takes its inner successor) and resets
 * R[0..i) to 0..i−1 (rows copied from `first`). Returns false at the last set.
 */
function stepSet(
  buf: Int32Array,
  R: Float64Array,
  first: Int32Array,
  k: number,
  d: number,
  n: number,
  N: number,
): boolean {
  let i = 0;
  while (i < k - 1 && (R[i] as number) + 1 === R[i + 1]) i++;
  if (i >= k || (R[i] as number) + 1 === (i === k - 1 ? N : R[i + 1])) return false;
  R[i] = (R[i] as number) + 1;
  innerSucc(buf, i * d, d, n);
  if (i > 0) {
    buf.set(first.subarray(0, i * d), 0);
    for (let t = 0; t < i; t++) R[t] = t;
  }
  return true;
}

/** Lex next permutation of the rows by their ranks; at the last one, the next set's first tuple. */
function stepTuple(
  buf: Int32Array,
  R: Float64Array,
  first: Int32Array,
  k: number,
  d: number,
  n: number,
  N: number,
): boolean {
  let i = k - 2;
  while (i >= 0 && (R[i] as number) > (R[i + 1] as number)) i--;
  if (i >= 0) {
    let j = k - 1;
    while ((R[j] as number) < (R[i] as number)) j--;
    swapRows(buf, i * d, j * d, d);
    const x = R[i] as number;
    R[i] = R[j] as number;
    R[j] = x;
    reverseRows(buf, R, i + 1, k - 1, d);
    return true;
  }
  reverseRows(buf, R, 0, k - 1, d);
  return stepSet(buf, R, first, k, d, n, N);
}

/** Shared parts of the nested spaces: inner ranking, validation, stages, ranked visits. */
abstract class NestedSpace extends BaseSpace {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly maxWidth: number;
  /** Number of inner objects, C(n, d). */
  readonly innerCountBig: bigint;
  /** Rows of the inner objects of ranks 0..k−1 (what the successor resets rows to). */
  protected readonly first: Int32Array;
  /** C(n, d) as a number when exact, else +Infinity (then the kernels step by row comparison). */
  protected readonly innerN: number;
  /** Outer items per set: 1, or k! for tuples. */
  protected readonly perSet: bigint;
  #countBig: bigint | undefined;

  constructor(n: number, d: number, k: number, tuples: boolean) {
    super();
    assertNatural('n', n);
    assertNatural('d', d);
    assertNatural('k', k);
    if (d > n) throw new RangeError(`d = ${d} is larger than n = ${n}; choose d ≤ n`);
    const N = binomial(n, d);
    if (BigInt(k) > N) {
      throw new RangeError(`k = ${k} is larger than the number of inner objects C(${n}, ${d}) = ${N}`);
    }
    this.n = n;
    this.d = d;
    this.k = k;
    this.maxWidth = k * d;
    this.innerCountBig = N;
    this.innerN = toNum(N);
    this.perSet = tuples ? factorial(k) : 1n;
    const first = new Int32Array(k * d);
    for (let t = 0; t < d; t++) first[t] = t;
    for (let i = 1; i < k; i++) {
      first.copyWithin(i * d, (i - 1) * d, i * d);
      innerSucc(first, i * d, d, n);
    }
    this.first = first;
  }

  countBig(): bigint {
    if (this.#countBig === undefined) this.#countBig = binomBig(this.innerCountBig, this.k) * this.perSet;
    return this.#countBig;
  }

  /** Validates an item's shape and rows; returns the inner ranks in row order. */
  protected ranksOfItem(item: ArrayLike<number>): bigint[] {
    const { n, d, k } = this;
    if (item.length !== k * d) {
      throw new RangeError(`expected ${k} rows of ${d} points (${k * d} numbers), got ${item.length}`);
    }
    const ranks: bigint[] = [];
    for (let i = 0; i < k; i++) {
      let prev = -1;
      let r = 0n;
      for (let t = 0; t < d; t++) {
        const v = item[i * d + t] as number;
        if (!Number.isInteger(v) || v <= prev || v >= n) {
          throw new RangeError(
            `row ${i} is not a ${d}-combination of 0..${n - 1}: points must be strictly increasing integers in [0, ${n})`,
          );
        }
        r += binomial(v, t + 1);
        prev = v;
      }
      ranks.push(r);
    }
    return ranks;
  }

  /**
   * The inner (colex) ranks of the rows of `item`, in row order.
   * @param item an item of this space
   * @returns k numbers
   * @throws RangeError when C(n, d) > 2^53 − 1 (use {@link NestedSpace.innerRanksBig}) or `item` is malformed
   * @example nestedCombinations(4, 2, 2).innerRanks([0, 1, 1, 2]) //=> [0, 2]
   */
  innerRanks(item: ArrayLike<number>): number[] {
    this.#assertInnerSafe('innerRanks');
    return this.ranksOfItem(item).map(Number);
  }

  /**
   * The inner (colex) ranks of the rows of `item`, exact.
   * @returns k bigints
   * @throws RangeError when `item` is malformed
   */
  innerRanksBig(item: ArrayLike<number>): bigint[] {
    return this.ranksOfItem(item);
  }

  #assertInnerSafe(what: string): void {
    if (this.innerN === Number.POSITIVE_INFINITY) {
      throw new RangeError(
        `${what}: there are C(${this.n}, ${this.d}) = ${this.innerCountBig} inner objects, more than 2^53 − 1`,
      );
    }
  }

  /** Writes the d-combination of colex rank ρ into out[o..o+d). */
  protected innerUnrank(rho: bigint, out: Int32Array, o: number): void {
    let hi = this.n - 1;
    for (let t = this.d; t >= 1; t--) {
      let lo = t - 1;
      let h = hi;
      while (lo < h) {
        const m = (lo + h + 1) >>> 1;
        if (binomial(m, t) <= rho) lo = m;
        else h = m - 1;
      }
      out[o + t - 1] = lo;
      rho -= binomial(lo, t);
      hi = lo - 1;
    }
  }

  /** Writes the set of colex rank r (rows ascending by inner rank) into out. */
  protected unrankSet(r: bigint, out: Int32Array): void {
    let hi = this.innerCountBig - 1n;
    for (let i = this.k - 1; i >= 0; i--) {
      const R = largestWithBinomAtMost(r, i + 1, BigInt(i), hi);
      r -= binomBig(R, i + 1);
      this.innerUnrank(R, out, i * this.d);
      hi = R - 1n;
    }
  }

  /** Colex rank of a set given its inner ranks in ascending order. */
  protected rankSet(sorted: readonly bigint[]): bigint {
    let r = 0n;
    for (let i = 0; i < sorted.length; i++) r += binomBig(sorted[i] as bigint, i + 1);
    return r;
  }

  /** Inner ranks of the rows of buf (a valid item), as numbers (inner count ≤ 2^53 − 1). */
  protected ranksInto(buf: Int32Array, R: Float64Array): void {
    const { d, k } = this;
    for (let i = 0; i < k; i++) {
      let r = 0;
      for (let t = 0; t < d; t++) r += binomialNumber(buf[i * d + t] as number, t + 1);
      R[i] = r;
    }
  }

  /** Row-comparison outer colex successor of a set (rows ascending); works for any inner count. */
  protected setSucc(buf: Int32Array): boolean {
    const { k, d, n } = this;
    if (k === 0 || d === 0) return false; // d = 0: a single inner object, so a single set
    let i = 0;
    while (i < k - 1 && isNext(buf, i * d, (i + 1) * d, d, n)) i++;
    if (i === k - 1 && buf[i * d] === n - d) return false; // row k−1 is the last inner object
    innerSucc(buf, i * d, d, n);
    buf.set(this.first.subarray(0, i * d), 0);
    return true;
  }

  /** The kernel's step (one successor on rows and ranks). */
  protected abstract step(buf: Int32Array, R: Float64Array): boolean;

  /** Visits `count` items from the one in buf (ranks R), stepping rows and ranks in place. */
  protected kernel(buf: Int32Array, R: Float64Array, count: number, visit: RanksVisitor): number {
    const view = buf.subarray(0, this.maxWidth);
    for (let c = 0; ; ) {
      if (visit(view, R) === false) return c + 1;
      if (++c === count || !this.step(buf, R)) return c;
    }
  }

  protected override run(buf: Int32Array, len: number, count: number, visit: Visitor): number {
    if (this.innerN === Number.POSITIVE_INFINITY) return super.run(buf, len, count, visit);
    const R = new Float64Array(Math.max(1, this.k));
    this.ranksInto(buf, R);
    return this.kernel(buf, R, count, visit);
  }

  /**
   * SoA blocks (column j = position j of the flattened k·d item), filled by the kernel's step
   * directly; at most `maxBytes` of columns.
   */
  override forEachBlock(visit: BlockVisitor, options?: BlockOptions): number {
    const w = this.maxWidth;
    if (this.innerN === Number.POSITIVE_INFINITY || w === 0) return super.forEachBlock(visit, options);
    const maxBytes = options?.maxBytes ?? DEFAULT_BLOCK_BYTES;
    if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be a positive number of bytes, got ${maxBytes}`);
    // Blocks of a few thousand rows keep the k·d write streams in cache.
    const cap = Math.max(1, Math.min(4096, Math.floor(maxBytes / (4 * w))));
    const cols: Int32Array[] = [];
    for (let j = 0; j < w; j++) cols.push(new Int32Array(cap));
    const buf = new Int32Array(w);
    this.unrankInto(0n, buf);
    const R = new Float64Array(Math.max(1, this.k));
    this.ranksInto(buf, R);
    let rows = 0;
    let total = 0;
    for (let more = true; more; ) {
      for (let j = 0; j < w; j++) (cols[j] as Int32Array)[rows] = buf[j] as number;
      rows++;
      more = this.step(buf, R);
      if (rows === cap || !more) {
        total += rows;
        const r = rows;
        rows = 0;
        if (visit({ width: w, rows: r, columns: cols }) === false) return total;
      }
    }
    return total;
  }

  /**
   * Visits the items of rank in `range` in order, handing out the inner ranks of the rows too
   * (in row order), with no allocation per item.
   * @param visit called with the reused item and ranks; return false to stop
   * @param range rank range (the whole space by default)
   * @returns the number of items visited
   * @throws RangeError when C(n, d) > 2^53 − 1, or the range is invalid
   * @example nestedCombinations(5, 2, 2).forEachWithRanks((item, ranks) => { ... })
   */
  forEachWithRanks(visit: RanksVisitor, range?: RankRange): number {
    this.#assertInnerSafe('forEachWithRanks');
    const [s, e] = resolveRange(range, this.countBig());
    if (s === e) return 0;
    const buf = new Int32Array(Math.max(1, this.maxWidth));
    this.unrankInto(s, buf);
    const R = new Float64Array(Math.max(1, this.k));
    this.ranksInto(buf, R);
    let left = e - s;
    let total = 0;
    let stopped = false;
    const guard: RanksVisitor = (v, r) => {
      const x = visit(v, r);
      if (x === false) stopped = true;
      return x;
    };
    while (left > 0n) {
      const c = left > BigInt(CHUNK) ? CHUNK : Number(left);
      const done = this.kernel(buf, R, c, left > BigInt(CHUNK) ? guard : visit);
      total += done;
      if (done < c || stopped) return total;
      left -= BigInt(c);
      if (left > 0n && !this.step(buf, R)) break;
    }
    return total;
  }

  /**
   * The stages of the paper's stage-wise generation (combgen.md §2.8): stage x holds the items
   * whose largest inner object has maximum point x, ranks [C(C(x,d),k), C(C(x+1,d),k))·m (m = 1,
   * or k! for tuples); Σ_{i<k} C(n1,i)·C(n2−n1,k−i)·m items. Only non-empty stages are listed; they
   * partition [0, count) in order, for anytime search and worker splitting.
   * @returns the non-empty stages in rank order
   * @example nestedCombinations(4, 2, 2).stageRanges().map((s) => [s.stage, s.start, s.end])
   * //=> [[2, 0, 3], [3, 3, 15]]
   */
  stageRanges(): StageRange[] {
    const { n, d, k } = this;
    const out: StageRange[] = [];
    const push = (stage: number, i0: bigint, i1: bigint, s: bigint, e: bigint): void => {
      if (e === s) return;
      out.push({
        stage,
        innerStartBig: i0,
        innerEndBig: i1,
        start: toNum(s),
        end: toNum(e),
        count: toNum(e - s),
        startBig: s,
        endBig: e,
        countBig: e - s,
      });
    };
    // Before any point: only the empty inner object (d = 0) or the empty outer set (k = 0).
    const init = binomial(0, d);
    push(-1, 0n, init, 0n, binomBig(init, k) * this.perSet);
    let prevInner = init;
    let prevOuter = binomBig(init, k) * this.perSet;
    for (let x = 0; x < n; x++) {
      const inner = binomial(x + 1, d);
      const outer = binomBig(inner, k) * this.perSet;
      push(x, prevInner, inner, prevOuter, outer);
      prevInner = inner;
      prevOuter = outer;
    }
    return out;
  }
}

/**
 * All k-combinations of the d-combinations of {0, …, n−1} (e.g. k hyperplanes each through d
 * points), in colex order over the inner colex ranks. Items are k·d points: row i (points
 * [i·d, (i+1)·d)) is the inner object with the i-th smallest rank. Count C(C(n, d), k).
 * @param n number of points
 * @param d points per inner object (0 ≤ d ≤ n)
 * @param k inner objects per item (0 ≤ k ≤ C(n, d))
 * @returns the space
 * @throws RangeError for out-of-range parameters
 * @example nestedCombinations(6, 2, 2).count() //=> 105 (= C(15, 2))
 * @example [...nestedCombinations(3, 2, 2)] //=> [[0,1, 0,2], [0,1, 1,2], [0,2, 1,2]]
 */
export function nestedCombinations(n: number, d: number, k: number): NestedCombinationSpace {
  return new NestedCombinationSpace(n, d, k);
}

/** See {@link nestedCombinations}. */
export class NestedCombinationSpace extends NestedSpace {
  constructor(n: number, d: number, k: number) {
    super(n, d, k, false);
  }

  get spec() {
    return { kind: 'nested-combinations', n: this.n, d: this.d, k: this.k } as const;
  }

  rankBig(item: ArrayLike<number>): bigint {
    const ranks = this.ranksOfItem(item);
    for (let i = 1; i < ranks.length; i++) {
      if ((ranks[i] as bigint) <= (ranks[i - 1] as bigint)) {
        throw new RangeError('rows must be distinct inner objects in increasing (colex) rank order');
      }
    }
    return this.rankSet(ranks);
  }

  protected unrankInto(r: bigint, out: Int32Array): number {
    this.unrankSet(r, out);
    return this.maxWidth;
  }

  successor(buf: Int32Array, length: number): number {
    if (length !== this.maxWidth)
      throw new RangeError(`buffer holds ${length} numbers; expected ${this.maxWidth}`);
    return this.setSucc(buf) ? this.maxWidth : -1;
  }

  protected step(buf: Int32Array, R: Float64Array): boolean {
    return stepSet(buf, R, this.first, this.k, this.d, this.n, this.innerN);
  }

  /**
   * SoA blocks in the paper's blocked layout: for each choice of rows 1..k−1 (in colex order), the
   * items are row 0 running over the inner objects of rank below row 1's, i.e. a prefix of the inner
   * colex table: d bulk `set`s from that table plus (k−1)·d `fill`s. Needs the fold's tables
   * (Σ_{t≤d} C(n, t)·t words) within half of `maxBytes`; otherwise fills rows one by one.
   */
  override forEachBlock(visit: BlockVisitor, options?: BlockOptions): number {
    const { k, d, n } = this;
    const w = this.maxWidth;
    const N = this.innerN;
    const maxBytes = options?.maxBytes ?? DEFAULT_BLOCK_BYTES;
    if (k < 2 || d === 0 || !(maxBytes > 0) || foldWords(n, d) * 4n > BigInt(Math.floor(maxBytes / 2))) {
      return super.forEachBlock(visit, options);
    }
    const inner = innerTable(n, d, N);
    const cap = Math.max(1, Math.min(1 << 16, Math.floor(maxBytes / 2 / (4 * w))));
    const cols: Int32Array[] = [];
    for (let j = 0; j < w; j++) cols.push(new Int32Array(cap));
    // Rows 1..k−1 start at inner ranks 1..k−1.
    const buf = new Int32Array(w);
    buf.set(this.first);
    const R = new Float64Array(k);
    for (let t = 0; t < k; t++) R[t] = t;
    let rows = 0;
    let total = 0;
    const emit = (): boolean => {
      total += rows;
      const r = rows;
      rows = 0;
      return visit({ width: w, rows: r, columns: cols }) !== false;
    };
    for (;;) {
      const m = R[1] as number;
      let src = 0;
      while (src < m) {
        const take = Math.min(m - src, cap - rows);
        if (take < 16) {
          for (let q = 0; q < take; q++) {
            for (let t = 0; t < d; t++)
              (cols[t] as Int32Array)[rows + q] = (inner[t] as Int32Array)[src + q] as number;
            for (let c = d; c < w; c++) (cols[c] as Int32Array)[rows + q] = buf[c] as number;
          }
        } else {
          for (let t = 0; t < d; t++)
            (cols[t] as Int32Array).set((inner[t] as Int32Array).subarray(src, src + take), rows);
          for (let c = d; c < w; c++) (cols[c] as Int32Array).fill(buf[c] as number, rows, rows + take);
        }
        rows += take;
        src += take;
        if (rows === cap && !emit()) return total;
      }
      // Colex successor of rows 1..k−1 (their smallest choices are ranks 1, 2, …).
      let i = 1;
      while (i < k - 1 && (R[i] as number) + 1 === R[i + 1]) i++;
      if ((R[i] as number) + 1 === (i === k - 1 ? N : R[i + 1])) break;
      R[i] = (R[i] as number) + 1;
      innerSucc(buf, i * d, d, n);
      if (i > 1) {
        buf.set(this.first.subarray(d, i * d), d);
        for (let t = 1; t < i; t++) R[t] = t;
      }
    }
    if (rows > 0) emit();
    return total;
  }
}

/** Words the fold's levels 1..d take: Σ_t C(n, t)·t. */
function foldWords(n: number, d: number): bigint {
  let w = 0n;
  for (let t = 1; t <= d; t++) w += binomial(n, t) * BigInt(t);
  return w;
}

/** The colex table of the d-subsets of [n] in SoA columns, by the paper's fold (combgen.md §2.2). */
function innerTable(n: number, d: number, N: number): Int32Array[] {
  // Level t of the fold gains, at stage x, level t−1 (as it was before the stage) with x appended.
  const levels: Int32Array[][] = [[]];
  const cnt = new Float64Array(d + 1);
  cnt[0] = 1;
  for (let t = 1; t <= d; t++) {
    const rows = t === d ? N : binomialNumber(n, t);
    const cols: Int32Array[] = [];
    for (let i = 0; i < t; i++) cols.push(new Int32Array(rows));
    levels.push(cols);
  }
  for (let x = 0; x < n; x++) {
    for (let t = Math.min(d, x + 1); t >= 1; t--) {
      const src = levels[t - 1] as Int32Array[];
      const dst = levels[t] as Int32Array[];
      const m = cnt[t - 1] as number;
      const off = cnt[t] as number;
      for (let i = 0; i < t - 1; i++) (dst[i] as Int32Array).set((src[i] as Int32Array).subarray(0, m), off);
      (dst[t - 1] as Int32Array).fill(x, off, off + m);
      cnt[t] = off + m;
    }
  }
  return levels[d] as Int32Array[];
}

/**
 * All k-permutations (ordered k-tuples of distinct objects) of the d-combinations of
 * {0, …, n−1}, e.g. decision trees as k-permutations of splitting rules. Order: by the set of inner
 * objects (colex over inner ranks, as {@link nestedCombinations}), then the k! arrangements in lex
 * order of inner ranks. Items are k·d points, row i = the i-th object of the tuple. Count
 * C(C(n, d), k)·k!.
 * @param n number of points
 * @param d points per inner object (0 ≤ d ≤ n)
 * @param k tuple length (0 ≤ k ≤ C(n, d))
 * @returns the space
 * @throws RangeError for out-of-range parameters
 * @example nestedPermutationCombinations(3, 2, 2).count() //=> 6
 * @example [...nestedPermutationCombinations(3, 2, 2)].slice(0, 2) //=> [[0,1, 0,2], [0,2, 0,1]]
 */
export function nestedPermutationCombinations(n: number, d: number, k: number): NestedPermutationSpace {
  return new NestedPermutationSpace(n, d, k);
}

/** See {@link nestedPermutationCombinations}. */
export class NestedPermutationSpace extends NestedSpace {
  readonly #fact: bigint[] = [];
  readonly #scratch: Int32Array;

  constructor(n: number, d: number, k: number) {
    super(n, d, k, true);
    for (let i = 0; i <= k; i++) this.#fact.push(factorial(i));
    this.#scratch = new Int32Array(Math.max(1, k * d));
  }

  get spec() {
    return { kind: 'nested-permutation-combinations', n: this.n, d: this.d, k: this.k } as const;
  }

  rankBig(item: ArrayLike<number>): bigint {
    const ranks = this.ranksOfItem(item);
    const sorted = [...ranks].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i] === sorted[i - 1]) throw new RangeError('rows must be distinct inner objects');
    }
    const k = this.k;
    // Lehmer code of the arrangement: digit i = later rows with a smaller rank.
    let lex = 0n;
    for (let i = 0; i < k; i++) {
      let c = 0n;
      for (let j = i + 1; j < k; j++) if ((ranks[j] as bigint) < (ranks[i] as bigint)) c++;
      lex += c * (this.#fact[k - 1 - i] as bigint);
    }
    return this.rankSet(sorted) * this.perSet + lex;
  }

  protected unrankInto(r: bigint, out: Int32Array): number {
    const { k, d } = this;
    const s = this.#scratch;
    this.unrankSet(r / this.perSet, s);
    let p = r % this.perSet;
    const avail: number[] = [];
    for (let i = 0; i < k; i++) avail.push(i);
    for (let i = 0; i < k; i++) {
      const f = this.#fact[k - 1 - i] as bigint;
      const digit = Number(p / f);
      p %= f;
      const row = avail.splice(digit, 1)[0] as number;
      out.set(s.subarray(row * d, row * d + d), i * d);
    }
    return this.maxWidth;
  }

  successor(buf: Int32Array, length: number): number {
    const { k, d } = this;
    if (length !== this.maxWidth)
      throw new RangeError(`buffer holds ${length} numbers; expected ${this.maxWidth}`);
    if (k === 0) return -1;
    let i = k - 2;
    while (i >= 0 && rowCmp(buf, i * d, (i + 1) * d, d) > 0) i--;
    if (i >= 0) {
      let j = k - 1;
      while (rowCmp(buf, j * d, i * d, d) < 0) j--;
      swapRows(buf, i * d, j * d, d);
      reverseRows(buf, null, i + 1, k - 1, d);
      return this.maxWidth;
    }
    reverseRows(buf, null, 0, k - 1, d);
    return this.setSucc(buf) ? this.maxWidth : -1;
  }

  protected step(buf: Int32Array, R: Float64Array): boolean {
    return stepTuple(buf, R, this.first, this.k, this.d, this.n, this.innerN);
  }
}
