/**
 * @module combinations
 * k-combinations of {0, …, n−1} in three orders, with exact count / rank / unrank / successor, a
 * zero-allocation visitor, a revolving-door delta visitor and a structure-of-arrays block API.
 *
 * Orders (each item is sorted ascending, c[0] < c[1] < … < c[k−1]):
 * - `lex`: lexicographic, as Python's itertools (Knuth TAOCP 7.2.1.3, Algorithm L).
 * - `colex`: sorted by c[k−1], then c[k−2], …: the order in which the paper's sequential ("snoc")
 *   generator emits level k when it folds over the elements (He & Little, arXiv:2507.03980; research
 *   note combgen.md §2.2): stage x contributes the block of combinations whose maximum is x.
 * - `revolving-door`: the paper's reversed-block variant, L'k = Lk ++ (reverse(L(k−1)) with x
 *   appended), which unrolls to the classical revolving-door list R(n,k) = R(n−1,k),
 *   reverse(R(n−1,k−1))·(n−1) and equals Knuth's Algorithm R item for item (combgen.md §2.3).
 *   Consecutive items differ by one element out and one in.
 *
 * Ranks (0-based) follow from the block structure:
 * - colex: rank(c) = Σ_i C(c_i, i+1) (the combinatorial number system);
 * - lex: rank(c) = C(n,k) − 1 − colexrank(n−1−c reversed);
 * - revolving door: rank_k(c) = C(c_{k−1}+1, k) − 1 − rank_{k−1}(c without its maximum), since the
 *   items with maximum m form the reversed block after the C(m, k) items below m.
 */

import { BaseSpace } from './_base.js';
import { blocksFor } from './_blocks.js';
import { assertCombination, assertKofN, assertSmall } from './_validate.js';
import { binomial, PascalTable } from './binomial.js';
import type { BlockOptions, BlockVisitor, RankRange, Visitor } from './space.js';

/** The orders in which combinations can be generated. */
export type CombinationOrder = 'lex' | 'colex' | 'revolving-door';
/** All values of {@link CombinationOrder}. */
export const COMBINATION_ORDERS: readonly CombinationOrder[] = ['lex', 'colex', 'revolving-door'];

/** Options of {@link combinations}. */
export interface CombinationOptions {
  /** @default 'lex' */
  readonly order?: CombinationOrder;
}

/**
 * Called once per item of a revolving-door enumeration with the element that left (`out`) and the
 * element that entered (`into`) since the previous item; both are −1 for the first item visited.
 */
export type DeltaVisitor = (item: Int32Array, out: number, into: number) => boolean | undefined | void;

/**
 * A predicate on partial combinations (sorted prefixes, built by appending larger elements) that is
 * prefix-closed: when it rejects a prefix it would reject every extension. Return false to prune.
 */
export type PrefixPredicate = (prefix: Int32Array) => boolean;

/** @throws RangeError unless `order` is a known combination order. */
export function assertCombinationOrder(order: string): asserts order is CombinationOrder {
  if (!(COMBINATION_ORDERS as readonly string[]).includes(order)) {
    throw new RangeError(`unknown order '${order}'; use one of ${COMBINATION_ORDERS.join(', ')}`);
  }
}

/**
 * The k-combinations of {0, …, n−1} in the given order.
 * @param n number of elements (0 ≤ n < 2^31)
 * @param k size of each combination (0 ≤ k ≤ n)
 * @throws RangeError when k > n or a parameter is not a non-negative integer
 * @example [...combinations(4, 2)] //=> [[0,1],[0,2],[0,3],[1,2],[1,3],[2,3]]
 * @example combinations(100, 50).countBig() //=> 100891344545564193334812497256n
 */
export function combinations(n: number, k: number, options?: CombinationOptions): CombinationSpace {
  return new CombinationSpace(n, k, options?.order ?? 'lex');
}

/** The space of k-combinations of n elements in one order. See {@link combinations}. */
export class CombinationSpace extends BaseSpace {
  readonly n: number;
  readonly k: number;
  readonly order: CombinationOrder;
  readonly maxWidth: number;
  /** Pascal table C(i, j), i ≤ n, j ≤ k (shared by ranking and unranking). */
  readonly #pascal: PascalTable;
  #countBig: bigint | undefined;

  constructor(n: number, k: number, order: CombinationOrder) {
    super();
    assertKofN(n, k);
    assertCombinationOrder(order);
    this.n = n;
    this.k = k;
    this.order = order;
    this.maxWidth = k;
    this.#pascal = new PascalTable(n + 1, k);
  }

  get spec() {
    return { kind: 'combinations', n: this.n, k: this.k, order: this.order } as const;
  }

  countBig(): bigint {
    if (this.#countBig === undefined) this.#countBig = binomial(this.n, this.k);
    return this.#countBig;
  }

  /** @throws RangeError unless `item` is a strictly increasing k-tuple of elements below n */
  #check(item: ArrayLike<number>): void {
    assertCombination(item, this.n, this.k);
  }

  override rank(item: ArrayLike<number>): number {
    assertSmall(this.isBig, 'rank', () => this.countBig());
    this.#check(item);
    const p = this.#pascal;
    const k = this.k;
    switch (this.order) {
      case 'colex': {
        let r = 0;
        for (let i = 0; i < k; i++) r += p.get(item[i] as number, i + 1);
        return r;
      }
      case 'lex': {
        let r = 0;
        const n1 = this.n - 1;
        for (let i = 0; i < k; i++) r += p.get(n1 - (item[i] as number), k - i);
        return p.get(this.n, k) - 1 - r;
      }
      default: {
        let r = 0;
        for (let i = 0; i < k; i++) r = p.get((item[i] as number) + 1, i + 1) - 1 - r;
        return r;
      }
    }
  }

  rankBig(item: ArrayLike<number>): bigint {
    this.#check(item);
    const p = this.#pascal;
    const k = this.k;
    switch (this.order) {
      case 'colex': {
        let r = 0n;
        for (let i = 0; i < k; i++) r += p.getBig(item[i] as number, i + 1);
        return r;
      }
      case 'lex': {
        let r = 0n;
        const n1 = this.n - 1;
        for (let i = 0; i < k; i++) r += p.getBig(n1 - (item[i] as number), k - i);
        return this.countBig() - 1n - r;
      }
      default: {
        let r = 0n;
        for (let i = 0; i < k; i++) r = p.getBig((item[i] as number) + 1, i + 1) - 1n - r;
        return r;
      }
    }
  }

  protected override unrankNumberInto(r: number, out: Int32Array): number {
    const p = this.#pascal;
    const k = this.k;
    switch (this.order) {
      case 'colex':
        colexUnrank(p, this.n, k, r, out, 0);
        return k;
      case 'lex': {
        colexUnrank(p, this.n, k, p.get(this.n, k) - 1 - r, out, 0);
        complementReverse(out, k, this.n);
        return k;
      }
      default: {
        // Walk down the levels: find the block (maximum m) of level i, then the rank inside
        // the reversed block becomes a rank of level i−1.
        let x = this.n - 1;
        for (let i = k; i >= 1; i--) {
          x = p.largestAtMost(i, r, x);
          out[i - 1] = x;
          r = p.get(x + 1, i) - 1 - r;
          x--;
        }
        return k;
      }
    }
  }

  protected unrankInto(r: bigint, out: Int32Array): number {
    if (!this.isBig) return this.unrankNumberInto(Number(r), out);
    const p = this.#pascal;
    const k = this.k;
    switch (this.order) {
      case 'colex':
        colexUnrankBig(p, this.n, k, r, out);
        return k;
      case 'lex':
        colexUnrankBig(p, this.n, k, this.countBig() - 1n - r, out);
        complementReverse(out, k, this.n);
        return k;
      default: {
        let x = this.n - 1;
        for (let i = k; i >= 1; i--) {
          x = p.largestAtMostBig(i, r, x);
          out[i - 1] = x;
          r = p.getBig(x + 1, i) - 1n - r;
          x--;
        }
        return k;
      }
    }
  }

  successor(buf: Int32Array, length: number): number {
    const { n, k } = this;
    if (length !== k) throw new RangeError(`buffer holds ${length} elements; expected k = ${k}`);
    if (k === 0) return -1;
    switch (this.order) {
      case 'lex': {
        let j = k - 1;
        while (j >= 0 && buf[j] === n - k + j) j--;
        if (j < 0) return -1;
        let v = (buf[j] as number) + 1;
        for (let i = j; i < k; i++) buf[i] = v++;
        return k;
      }
      case 'colex': {
        let j = 0;
        while (j < k && (buf[j] as number) + 1 === (j + 1 < k ? buf[j + 1] : n)) j++;
        if (j === k) return -1;
        buf[j] = (buf[j] as number) + 1;
        for (let i = 0; i < j; i++) buf[i] = i;
        return k;
      }
      default:
        return revdoorStep(buf, n, k) ? k : -1;
    }
  }

  protected override run(buf: Int32Array, _len: number, count: number, visit: Visitor): number {
    const view = buf.subarray(0, this.k);
    if (this.k === 0) {
      if (count > 0) visit(view);
      return Math.min(count, 1);
    }
    switch (this.order) {
      case 'lex':
        return lexRun(view, this.n, this.k, count, visit);
      case 'colex':
        return colexRun(view, this.n, this.k, count, visit);
      default:
        return revdoorRun(view, this.n, this.k, count, visit, null);
    }
  }

  /**
   * Revolving-door enumeration with the (out, into) swap of each step: O(1) incremental updates of
   * any objective that is a sum over the chosen elements. Only for `order: 'revolving-door'`.
   * @returns the number of items visited
   * @throws RangeError for other orders
   * @example
   * combinations(5, 2, { order: 'revolving-door' }).forEachDelta((c, out, into) => { ... })
   * // items 01 12 02 23 13 …, swaps (−1,−1) (0→2) (1→0) (0→3) …
   */
  forEachDelta(visit: DeltaVisitor, range?: RankRange): number {
    if (this.order !== 'revolving-door') {
      throw new RangeError(`forEachDelta needs order 'revolving-door' (this space is '${this.order}')`);
    }
    const count = this.countBig();
    const s = range?.start === undefined ? 0n : BigInt(range.start);
    const e = range?.end === undefined ? count : BigInt(range.end);
    if (s < 0n || e > count || s > e)
      throw new RangeError(`rank range [${s}, ${e}) is not inside [0, ${count}]`);
    if (s === e) return 0;
    const buf = new Int32Array(Math.max(1, this.k));
    this.unrankInto(s, buf);
    const view = buf.subarray(0, this.k);
    if (this.k === 0) {
      visit(view, -1, -1);
      return 1;
    }
    let left = e - s;
    let total = 0;
    let first = true;
    while (left > 0n) {
      const c = left > 2n ** 52n ? 2 ** 52 : Number(left);
      if (!first) revdoorStep(buf, this.n, this.k);
      const done = revdoorRun(view, this.n, this.k, c, null, visit, first);
      total += done;
      if (done < c) return total;
      left -= BigInt(c);
      first = false;
    }
    return total;
  }

  override forEachBlock(visit: BlockVisitor, options?: BlockOptions): number {
    return blocksFor(this.n, this.k, this.order, visit, options);
  }

  /**
   * Depth-first enumeration in lexicographic order with pruning: `accept` sees each partial
   * combination (a sorted prefix, length 1..k) when its last element is appended; when it returns
   * false, no extension of that prefix is generated (the paper's recursive structure that is
   * compatible with pruning, combgen.md §2.6). Complete k-combinations that pass are visited.
   * The enumeration order is lex restricted to the accepted items, whatever this space's order.
   * @returns the number of items visited
   * @example
   * // combinations of 0..9 whose elements sum to at most 10
   * let sum = 0; // maintained incrementally is also possible; here recomputed
   * combinations(10, 3).forEachPruned((p) => p.reduce((a, b) => a + b, 0) <= 10, (c) => { ... })
   */
  forEachPruned(accept: PrefixPredicate, visit: Visitor): number {
    return prunedRun(this.n, this.k, this.k, accept, visit);
  }
}

/** Writes into out[0..k) the colex-unranked combination of rank r (number path). */
export function colexUnrank(
  p: PascalTable,
  n: number,
  k: number,
  r: number,
  out: Int32Array,
  offset: number,
): void {
  let x = n - 1;
  if (p.dense && n <= 64) {
    // Small n: a downward scan reading the table directly (row stride w) beats a binary search.
    const t = p.num;
    const w = p.k + 1;
    for (let i = k; i >= 1; i--) {
      let c = t[x * w + i] as number;
      while (c > r) {
        x--;
        c = x >= i ? (t[x * w + i] as number) : 0;
      }
      out[offset + i - 1] = x;
      r -= c;
      x--;
    }
    return;
  }
  // Largest x with C(x, i) ≤ r, by binary search: O(k log n) for any n.
  for (let i = k; i >= 1; i--) {
    x = p.largestAtMost(i, r, x);
    out[offset + i - 1] = x;
    r -= p.get(x, i);
    x--;
  }
}

function colexUnrankBig(p: PascalTable, n: number, k: number, r: bigint, out: Int32Array): void {
  let x = n - 1;
  for (let i = k; i >= 1; i--) {
    x = p.largestAtMostBig(i, r, x);
    out[i - 1] = x;
    r -= p.getBig(x, i);
    x--;
  }
}

/** Maps c ↦ sorted(n−1−c), turning a colex item of the complement order into a lex item. */
function complementReverse(out: Int32Array, k: number, n: number): void {
  for (let i = 0, j = k - 1; i <= j; i++, j--) {
    const a = out[i] as number;
    const b = out[j] as number;
    out[i] = n - 1 - b;
    out[j] = n - 1 - a;
  }
}

/**
 * Lexicographic kernel (Algorithm L with the last position as an inner loop): visits `count`
 * items starting at `c`.
 */
function lexRun(c: Int32Array, n: number, k: number, count: number, visit: Visitor): number {
  const last = k - 1;
  let done = 0;
  for (;;) {
    let x = c[last] as number;
    const stop = Math.min(n, x + (count - done));
    for (; x < stop; x++) {
      c[last] = x;
      if (visit(c) === false) return done + 1;
      done++;
    }
    if (done >= count) return done;
    let j = last - 1;
    while (j >= 0 && c[j] === n - k + j) j--;
    if (j < 0) return done;
    let v = (c[j] as number) + 1;
    for (let i = j; i < last; i++) c[i] = v++;
    c[last] = v;
  }
}

/** Colex kernel: the first position is the inner loop, bounded by the second (or n). */
function colexRun(c: Int32Array, n: number, k: number, count: number, visit: Visitor): number {
  let done = 0;
  for (;;) {
    let x = c[0] as number;
    const lim = k > 1 ? (c[1] as number) : n;
    const stop = Math.min(lim, x + (count - done));
    for (; x < stop; x++) {
      c[0] = x;
      if (visit(c) === false) return done + 1;
      done++;
    }
    if (done >= count) return done;
    let j = 1;
    while (j < k && (c[j] as number) + 1 === (j + 1 < k ? c[j + 1] : n)) j++;
    if (j >= k) return done;
    c[j] = (c[j] as number) + 1;
    for (let i = 0; i < j; i++) c[i] = i;
  }
}

/** The (out, into) pair of the last {@link revdoorStep}; module state, as JS runs one thread. */
const lastSwap = new Int32Array(2);

/**
 * One step of Knuth's Algorithm R (TAOCP 7.2.1.3) on a sorted 0-based k-combination, k ≥ 1.
 * @returns true when a successor exists; the swap is left in `lastSwap`
 */

function revdoorStep(c: Int32Array, n: number, k: number): boolean {
  if (k === 1) {
    const v = c[0] as number;
    if (v + 1 >= n) return false;
    lastSwap[0] = v;
    lastSwap[1] = v + 1;
    c[0] = v + 1;
    return true;
  }
  // 0-based: Knuth's c_j is c[j−1]; c_{k+1} = n is a virtual sentinel.
  const c1 = c[0] as number;
  let j: number;
  let decrease: boolean;
  if (k & 1) {
    if (c1 + 1 < (c[1] as number)) {
      lastSwap[0] = c1;
      lastSwap[1] = c1 + 1;
      c[0] = c1 + 1;
      return true;
    }
    j = 2;
    decrease = true;
  } else {
    if (c1 > 0) {
      lastSwap[0] = c1;
      lastSwap[1] = c1 - 1;
      c[0] = c1 - 1;
      return true;
    }
    j = 2;
    decrease = false;
  }
  for (;;) {
    if (decrease) {
      // R4: c_j = c_{j−1} + 1 here; try to decrease c_j.
      const cj = c[j - 1] as number;
      if (cj >= j) {
        lastSwap[0] = cj;
        lastSwap[1] = j - 2;
        c[j - 1] = c[j - 2] as number;
        c[j - 2] = j - 2;
        return true;
      }
      j++;
    }
    // R5: c_{j−1} = j − 2 here; try to increase c_j.
    if (j > k) return false;
    const cj = c[j - 1] as number;
    const next = j < k ? (c[j] as number) : n;
    if (cj + 1 < next) {
      lastSwap[0] = j - 2;
      lastSwap[1] = cj + 1;
      c[j - 2] = cj;
      c[j - 1] = cj + 1;
      return true;
    }
    j++;
    if (j > k) return false;
    decrease = true;
  }
}

/**
 * Revolving-door kernel: Algorithm R with its easy case (moving c[0]) as an inner loop. Calls
 * either `visit` or `delta`; the first item gets (−1, −1) when `first`.
 */
function revdoorRun(
  c: Int32Array,
  n: number,
  k: number,
  count: number,
  visit: Visitor | null,
  delta: DeltaVisitor | null,
  first = false,
): number {
  let done = 0;
  let out = -1;
  let into = -1;
  if (!first && delta !== null) {
    out = lastSwap[0] as number;
    into = lastSwap[1] as number;
  }
  const odd = (k & 1) === 1;
  for (;;) {
    if (delta !== null) {
      if (delta(c, out, into) === false) return done + 1;
    } else if ((visit as Visitor)(c) === false) return done + 1;
    done++;
    if (done >= count) return done;
    // Easy case of R3 in a tight loop: c[0] moves by one while it can.
    if (k > 1) {
      if (odd) {
        const lim = (c[1] as number) - 1;
        let x = c[0] as number;
        const stop = Math.min(lim, x + (count - done));
        if (x < stop) {
          if (delta !== null) {
            for (; x < stop; x++) {
              c[0] = x + 1;
              if (delta(c, x, x + 1) === false) return done + 1;
              done++;
            }
          } else {
            const v = visit as Visitor;
            for (; x < stop; x++) {
              c[0] = x + 1;
              if (v(c) === false) return done + 1;
              done++;
            }
          }
          if (done >= count) return done;
        }
      } else {
        let x = c[0] as number;
        const stop = Math.max(0, x - (count - done));
        if (x > stop) {
          if (delta !== null) {
            for (; x > stop; x--) {
              c[0] = x - 1;
              if (delta(c, x, x - 1) === false) return done + 1;
              done++;
            }
          } else {
            const v = visit as Visitor;
            for (; x > stop; x--) {
              c[0] = x - 1;
              if (v(c) === false) return done + 1;
              done++;
            }
          }
          if (done >= count) return done;
        }
      }
    }
    if (!revdoorStep(c, n, k)) return done;
    out = lastSwap[0] as number;
    into = lastSwap[1] as number;
  }
}

/**
 * Pruned depth-first enumeration of all combinations of sizes kMin..kMax in lex order (the empty
 * combination first when kMin = 0). Prefixes are offered to `accept` as they grow.
 */
export function prunedRun(
  n: number,
  kMin: number,
  kMax: number,
  accept: PrefixPredicate,
  visit: Visitor,
): number {
  const c = new Int32Array(Math.max(1, kMax));
  const views: Int32Array[] = [];
  for (let w = 0; w <= kMax; w++) views.push(c.subarray(0, w));
  let visited = 0;
  if (kMin === 0) {
    visited++;
    if (visit(views[0] as Int32Array) === false) return visited;
  }
  if (kMax === 0) return visited;
  // depth = number of elements placed; c[depth−1] is the element last tried at that depth.
  let depth = 1;
  c[0] = -1;
  for (;;) {
    const d1 = depth - 1;
    const next = (c[d1] as number) + 1;
    // Enough elements must remain to reach kMin (those below kMin can never be visited).
    const need = kMin > depth ? kMin - depth : 0;
    if (next > n - 1 - need) {
      depth--;
      if (depth === 0) return visited;
      continue;
    }
    c[d1] = next;
    const v = views[depth] as Int32Array;
    if (!accept(v)) continue;
    if (depth >= kMin) {
      visited++;
      if (visit(v) === false) return visited;
    }
    if (depth < kMax) {
      depth++;
      c[depth - 1] = next;
    }
  }
}
