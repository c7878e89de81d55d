/**
 * @module upto
 * All combinations of {0, …, n−1} with size in [kMin, kMax], in one pass: the paper's "≤ K"
 * generator (He & Little, arXiv:2507.03980; research note combgen.md §2.2).
 *
 * Two groupings:
 * - `size` (default): size kMin first, then kMin+1, …, each size in the chosen order.
 * - `stage`: the order of the paper's sequential fold over the elements. The empty set first (when
 *   kMin = 0); then, for each element x = 0, 1, …, the stage that x opens: for each size t from the
 *   largest down, the (t−1)-subsets of [x] in colex order with x appended. So every item appears as
 *   soon as its largest element has been seen (streaming over a growing ground set), and the first
 *   Σ_t C(m, t) items are exactly the subsets of [m]. Colex order only.
 */

import { BaseSpace } from './_base.js';
import { assertNatural, checkRank } from './_validate.js';
import { PascalTable } from './binomial.js';
import {
  assertCombinationOrder,
  type CombinationOrder,
  CombinationSpace,
  type PrefixPredicate,
  prunedRun,
} from './combinations.js';
import type { BlockOptions, BlockVisitor, RankRange, Visitor } from './space.js';

/** How sizes are interleaved by {@link combinationsUpTo}. */
export type UpToGrouping = 'size' | 'stage';

/** Options of {@link combinationsUpTo}. */
export interface UpToOptions {
  /** Order within each size (`size` grouping); `stage` grouping requires 'colex'. @default 'lex' */
  readonly order?: CombinationOrder;
  /** @default 'size' */
  readonly grouping?: UpToGrouping;
}

/**
 * All combinations of n elements with size between kMin and kMax inclusive.
 * @throws RangeError unless 0 ≤ kMin ≤ kMax ≤ n
 * @example combinationsUpTo(60, 0, 5).count() //=> 5985198
 * @example [...combinationsUpTo(3, 0, 2, { order: 'colex', grouping: 'stage' })]
 * //=> [[], [0], [0,1], [1], [0,2], [1,2], [2]]
 */
export function combinationsUpTo(n: number, kMin: number, kMax: number, options?: UpToOptions): UpToSpace {
  return new UpToSpace(n, kMin, kMax, options?.order ?? 'lex', options?.grouping ?? 'size');
}

/** See {@link combinationsUpTo}. */
export class UpToSpace extends BaseSpace {
  readonly n: number;
  readonly kMin: number;
  readonly kMax: number;
  readonly order: CombinationOrder;
  readonly grouping: UpToGrouping;
  readonly maxWidth: number;
  /** One space per size, index t for t in [kMin, kMax]. */
  readonly #sizes: CombinationSpace[] = [];
  /** #before[t − kMin] = number of items of size < t (bigint). */
  readonly #before: bigint[] = [];
  readonly #pascal: PascalTable;
  readonly #total: bigint;

  constructor(n: number, kMin: number, kMax: number, order: CombinationOrder, grouping: UpToGrouping) {
    super();
    assertNatural('n', n);
    assertNatural('kMin', kMin);
    assertNatural('kMax', kMax);
    if (kMin > kMax) throw new RangeError(`kMin = ${kMin} is larger than kMax = ${kMax}; choose kMin ≤ kMax`);
    if (kMax > n) throw new RangeError(`kMax = ${kMax} is larger than n = ${n}; choose kMax ≤ n`);
    assertCombinationOrder(order);
    if (grouping !== 'size' && grouping !== 'stage') {
      throw new RangeError(`unknown grouping '${String(grouping)}'; use 'size' or 'stage'`);
    }
    if (grouping === 'stage' && order !== 'colex') {
      throw new RangeError(`grouping 'stage' enumerates each stage in colex order; pass order: 'colex'`);
    }
    this.n = n;
    this.kMin = kMin;
    this.kMax = kMax;
    this.order = order;
    this.grouping = grouping;
    this.maxWidth = kMax;
    this.#pascal = new PascalTable(n + 1, kMax);
    let acc = 0n;
    for (let t = kMin; t <= kMax; t++) {
      this.#sizes[t] = new CombinationSpace(n, t, order);
      this.#before[t - kMin] = acc;
      acc += this.#pascal.getBig(n, t);
    }
    this.#total = acc;
  }

  get spec() {
    return {
      kind: 'combinations-upto',
      n: this.n,
      kMin: this.kMin,
      kMax: this.kMax,
      order: this.order,
      grouping: this.grouping,
    } as const;
  }

  countBig(): bigint {
    return this.#total;
  }

  #size(t: number): CombinationSpace {
    const s = this.#sizes[t];
    if (s === undefined) {
      throw new RangeError(
        `a combination of size ${t} is not in this space (sizes ${this.kMin}..${this.kMax})`,
      );
    }
    return s;
  }

  /** Items of sizes in range and maximum below m (all subsets of [m]) — the stage-order prefix. */
  #belowBig(m: number): bigint {
    let s = 0n;
    for (let t = this.kMin; t <= this.kMax; t++) s += this.#pascal.getBig(m, t);
    return s;
  }

  rankBig(item: ArrayLike<number>): bigint {
    const t = item.length;
    const sp = this.#size(t);
    if (this.grouping === 'size') return (this.#before[t - this.kMin] as bigint) + sp.rankBig(item);
    sp.rankBig(item); // validates the item
    if (t === 0) return 0n;
    const m = item[t - 1] as number;
    let r = this.#belowBig(m);
    for (let u = Math.min(this.kMax, m + 1); u > t; u--) r += this.#pascal.getBig(m, u - 1);
    // Colex rank of the first t−1 elements among (t−1)-subsets of [m].
    for (let i = 0; i < t - 1; i++) r += this.#pascal.getBig(item[i] as number, i + 1);
    return r;
  }

  protected unrankInto(r: bigint, out: Int32Array): number {
    if (this.grouping === 'size') {
      for (let t = this.kMax; t >= this.kMin; t--) {
        const b = this.#before[t - this.kMin] as bigint;
        if (r >= b) {
          out.set(this.#size(t).unrankBig(r - b));
          return t;
        }
      }
      throw new RangeError(`rank ${r} is out of range`);
    }
    // Stage grouping: find the stage m (largest with #belowBig(m) ≤ r), then the size block.
    if (this.kMin === 0 && r === 0n) return 0;
    let m = 0;
    while (m + 1 < this.n && this.#belowBig(m + 1) <= r) m++;
    let rest = r - this.#belowBig(m);
    for (let t = Math.min(this.kMax, m + 1); t >= Math.max(this.kMin, 1); t--) {
      const size = this.#pascal.getBig(m, t - 1);
      if (rest < size) {
        if (t > 1) out.set(new CombinationSpace(m, t - 1, 'colex').unrankBig(rest));
        out[t - 1] = m;
        return t;
      }
      rest -= size;
    }
    throw new RangeError(`rank ${r} is out of range`);
  }

  successor(buf: Int32Array, length: number): number {
    if (this.grouping === 'size') {
      const l = length === 0 ? -1 : this.#size(length).successor(buf, length);
      if (l >= 0) return l;
      // First item of the next size: every order starts at {0, …, t−1}.
      const t = length + 1;
      if (t > this.kMax) return -1;
      for (let i = 0; i < t; i++) buf[i] = i;
      return t;
    }
    const n = this.n;
    if (length === 0) {
      if (n === 0 || this.kMax === 0) return -1;
      buf[0] = 0;
      return 1;
    }
    const t = length;
    const m = buf[t - 1] as number;
    // Colex successor of buf[0..t−2] within (t−1)-subsets of [m].
    let j = 0;
    while (j < t - 1 && (buf[j] as number) + 1 === (j + 1 < t - 1 ? buf[j + 1] : m)) j++;
    if (j < t - 1) {
      buf[j] = (buf[j] as number) + 1;
      for (let i = 0; i < j; i++) buf[i] = i;
      return t;
    }
    // Next (smaller) size in this stage, then the next stage from its largest size.
    let u = t - 1;
    let x = m;
    if (u < Math.max(this.kMin, 1)) {
      x = m + 1;
      if (x >= n) return -1;
      u = Math.min(this.kMax, x + 1);
      if (u < Math.max(this.kMin, 1)) return -1;
    }
    for (let i = 0; i < u - 1; i++) buf[i] = i;
    buf[u - 1] = x;
    return u;
  }

  protected override run(buf: Int32Array, len: number, count: number, visit: Visitor): number {
    if (this.grouping === 'stage') return super.run(buf, len, count, visit);
    // Size grouping: hand each size's stretch to that size's fast kernel.
    let done = 0;
    let t = len;
    let start = this.#size(t).rankBig(buf.subarray(0, t));
    while (done < count && t <= this.kMax) {
      const sp = this.#size(t);
      const c = sp.countBig();
      const take = c - start < BigInt(count - done) ? c - start : BigInt(count - done);
      let stopped = false;
      const got = sp.forEach(
        (v) => {
          const r = visit(v);
          if (r === false) stopped = true;
          return r;
        },
        { start, end: start + take },
      );
      done += got;
      if (stopped) return done;
      t++;
      start = 0n;
    }
    return done;
  }

  override forEach(visit: Visitor, range?: RankRange): number {
    if (this.grouping === 'stage' || range !== undefined) return super.forEach(visit, range);
    // Whole enumeration by size: no wrapper closure, each size's kernel sees `visit` directly.
    let done = 0;
    for (let t = this.kMin; t <= this.kMax; t++) {
      const sp = this.#size(t);
      let stopped = false;
      const got = sp.forEach((v) => {
        if (visit(v) === false) {
          stopped = true;
          return false;
        }
        return true;
      });
      done += got;
      if (stopped) break;
    }
    return done;
  }

  override forEachBlock(visit: BlockVisitor, options?: BlockOptions): number {
    if (this.grouping === 'stage') return this.genericBlocks(visit, options);
    let done = 0;
    let stopped = false;
    const v: BlockVisitor = (b) => {
      if (visit(b) === false) {
        stopped = true;
        return false;
      }
      return true;
    };
    for (let t = this.kMin; t <= this.kMax && !stopped; t++) done += this.#size(t).forEachBlock(v, options);
    return done;
  }

  /**
   * Pruned enumeration of all sizes in [kMin, kMax] in lex (depth-first) order: `accept` sees each
   * growing prefix; a rejected prefix is never extended. See {@link CombinationSpace.forEachPruned}.
   * @returns the number of items visited
   */
  forEachPruned(accept: PrefixPredicate, visit: Visitor): number {
    return prunedRun(this.n, this.kMin, this.kMax, accept, visit);
  }

  /** Rank range of the stage that element x opens (stage grouping), for streaming and splitting. */
  stageRange(x: number): { start: bigint; end: bigint } {
    if (this.grouping !== 'stage') throw new RangeError(`stageRange needs grouping 'stage'`);
    checkRank(x, this.n);
    return { start: this.#belowBig(x), end: this.#belowBig(x + 1) };
  }
}
