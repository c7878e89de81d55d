/**
 * @module permutations
 * Permutations of {0, …, n−1} and k-permutations (ordered k-tuples of distinct elements), with
 * exact count / rank / unrank (number and bigint) / successor and zero-allocation kernels. These are
 * the K-permutation objects of He & Little, arXiv:2507.03980 (research note combgen.md §2.7, §2.9),
 * generated here in place rather than by insertion blocks, which measured faster for streaming.
 *
 * Orders:
 * - `lex`: lexicographic, as Python's `itertools.permutations`. Ranks are the factorial (Lehmer)
 *   number system, for k-permutations its falling-factorial form: digit d_i = number of unused
 *   elements below item[i], radix n − i (Knuth TAOCP 7.2.1.2; Laisant 1888). Kernels: for k < n−1
 *   the "cycles" algorithm behind itertools (state = item ++ sorted(unused), one countdown per
 *   position, so it resumes from any item); for k ≥ n−1 Knuth's Algorithm L (TAOCP 7.2.1.2) with the
 *   last three positions unrolled, which needs no state beyond the item.
 * - `heap`: Heap's algorithm (B. R. Heap 1963; Sedgewick 1977, "Permutation generation methods"),
 *   iterative form with the counter array c. Every step is one transposition. The counter array is
 *   the factorial-base image of the rank: rank = Σ c[i]·i!, because c[i] counts the finished
 *   sub-calls generate(i) inside the current call generate(i+1). Rank/unrank walk the recursion
 *   levels, using the fixed effect E_m of a complete generate(m) call on the first m positions:
 *   E_m is the swap (0 m−1) for odd m ≥ 3, and for even m ≥ 4 the map
 *   new = old[m−3, m−2, 1, 2, …, m−4, m−1, 0] (E_2 = swap, E_1 = identity), checked against the
 *   recursive algorithm by simulation. For odd m the step between sub-calls (E_{m−1} then swap
 *   (0 m−1)) is a fixed permutation ρ that is a single m-cycle, so d steps are a rotation along that
 *   cycle: rank and unrank cost O(n²).
 * - `plain-changes`: Steinhaus–Johnson–Trotter (Knuth TAOCP 7.2.1.2, Algorithm P): each step swaps
 *   two adjacent positions. Recursive insertion structure: the list for m elements takes each item j
 *   of the list for m−1 and sweeps m−1 through it, right to left when j is even, left to right when
 *   odd; so rank_m = rank_{m−1}·m + (moves of m−1 in its sweep).
 */
import { BaseSpace, resolveRange } from './_base.js';
import { assertKofN, assertNatural } from './_validate.js';
import type { RankRange, Visitor } from './space.js';

/** Largest n accepted by the permutation spaces (their kernels keep an n-element work array). */
export const MAX_PERMUTATION_N = 2 ** 20;
/** Largest item length (n for permutations, k for k-permutations): ranking is O(length²). */
export const MAX_PERMUTATION_LENGTH = 4096;

/** The orders in which full permutations can be generated. */
export type PermutationOrder = 'lex' | 'heap' | 'plain-changes';
/** All values of {@link PermutationOrder}. */
export const PERMUTATION_ORDERS: readonly PermutationOrder[] = ['lex', 'heap', 'plain-changes'];

/** Options of {@link permutations}. */
export interface PermutationOptions {
  /** @default 'lex' */
  readonly order?: PermutationOrder;
}

/** Options of {@link kPermutations}. */
export interface KPermutationOptions {
  /** @default 'lex' (the only order offered) */
  readonly order?: 'lex';
}

/**
 * Called once per item of a Heap enumeration with the two positions `i < j` that the step from the
 * previous item exchanged; both are −1 for the first item visited.
 */
export type SwapVisitor = (item: Int32Array, i: number, j: number) => boolean | undefined | void;

/**
 * Called once per item of a plain-changes enumeration with the position `i` such that positions i
 * and i+1 were exchanged since the previous item; −1 for the first item visited.
 */
export type AdjacentSwapVisitor = (item: Int32Array, i: number) => boolean | undefined | void;

/** `spec` of a permutation space. */
export interface PermutationsSpec {
  readonly kind: 'permutations';
  readonly n: number;
  readonly order: PermutationOrder;
  readonly [key: string]: unknown;
}

/** `spec` of a k-permutation space. */
export interface KPermutationsSpec {
  readonly kind: 'k-permutations';
  readonly n: number;
  readonly k: number;
  readonly order: 'lex';
  readonly [key: string]: unknown;
}

/** `spec` of a space of k-permutations of several sizes. */
export interface KPermutationsUpToSpec {
  readonly kind: 'k-permutations-upto';
  readonly n: number;
  readonly kMin: number;
  readonly kMax: number;
  readonly [key: string]: unknown;
}

const SAFE = Number.MAX_SAFE_INTEGER;
/** Largest number of steps asked of a kernel at once (keeps its counters exact doubles). */
const CHUNK = 2 ** 52;

/**
 * Narrows a string to {@link PermutationOrder}.
 * @param order the order name to check
 * @throws RangeError unless `order` is a known permutation order
 * @example assertPermutationOrder('heap') // passes; 'colex' throws
 */
export function assertPermutationOrder(order: string): asserts order is PermutationOrder {
  if (!(PERMUTATION_ORDERS as readonly string[]).includes(order)) {
    throw new RangeError(`unknown order '${order}'; use one of ${PERMUTATION_ORDERS.join(', ')}`);
  }
}

function assertN(n: number): void {
  assertNatural('n', n);
  if (n > MAX_PERMUTATION_N) {
    throw new RangeError(`n = ${n} is too large for a permutation space (at most ${MAX_PERMUTATION_N})`);
  }
}

function assertLength(what: string, v: number): void {
  if (v > MAX_PERMUTATION_LENGTH) {
    throw new RangeError(
      `${what} = ${v} is too large: permutation items have at most ${MAX_PERMUTATION_LENGTH} elements`,
    );
  }
}

function notAnItem(item: ArrayLike<number>, why: string): never {
  const shown = Array.prototype.slice.call(item, 0, 12).join(',') + (item.length > 12 ? ',…' : '');
  throw new RangeError(`[${shown}] is not an item of this space: ${why}`);
}

// ---------------------------------------------------------------------------------------------
// Mixed-radix numbers: digits d[0..len) most significant first, d[t] < radix[t]; the value is
// Horner's r ← r·radix[t] + d[t]. Doubles while exact, bigint beyond.

function digitsToBig(d: Int32Array, radix: Int32Array, len: number): bigint {
  let r = 0;
  let t = 0;
  for (; t < len; t++) {
    const next = r * (radix[t] as number) + (d[t] as number);
    if (next > SAFE) break;
    r = next;
  }
  if (t === len) return BigInt(r);
  let big = BigInt(r);
  for (; t < len; t++) big = big * BigInt(radix[t] as number) + BigInt(d[t] as number);
  return big;
}

function numberToDigits(r: number, radix: Int32Array, len: number, d: Int32Array): void {
  for (let t = len - 1; t >= 0; t--) {
    const b = radix[t] as number;
    const q = Math.floor(r / b);
    d[t] = r - q * b;
    r = q;
  }
}

function bigToDigits(r: bigint, radix: Int32Array, len: number, d: Int32Array): void {
  let t = len - 1;
  // Least significant digits first, by bigint division until the rest fits a double.
  for (; t >= 0 && r > BigInt(SAFE); t--) {
    const b = BigInt(radix[t] as number);
    d[t] = Number(r % b);
    r /= b;
  }
  numberToDigits(Number(r), radix, t + 1, d);
}

function fallingRadix(n: number, len: number): Int32Array {
  const radix = new Int32Array(len);
  for (let t = 0; t < len; t++) radix[t] = n - t;
  return radix;
}

// ---------------------------------------------------------------------------------------------
// Lexicographic engine (k-permutations; full permutations are the case k = n).

/**
 * Lehmer digits of `item` as a k-permutation of n: d[i] = item[i] − #{j < i : item[j] < item[i]}.
 * @throws RangeError unless item is k distinct integers in [0, n)
 */
function lexDigits(item: ArrayLike<number>, n: number, k: number, d: Int32Array): void {
  if (item.length !== k) notAnItem(item, `expected ${k} elements, got ${item.length}`);
  for (let i = 0; i < k; i++) {
    const x = item[i] as number;
    if (!Number.isInteger(x) || x < 0 || x >= n) notAnItem(item, `elements must be integers in [0, ${n})`);
    let less = 0;
    for (let j = 0; j < i; j++) {
      const y = item[j] as number;
      if (y === x) notAnItem(item, `element ${x} repeats`);
      if (y < x) less++;
    }
    d[i] = x - less;
  }
}

/** Inverse of {@link lexDigits}: item[i] = the d[i]-th smallest element not among item[0..i). */
function lexFromDigits(d: Int32Array, k: number, out: Int32Array, sorted: Int32Array): void {
  // sorted[0..i) holds item[0..i) ascending; skipping over the used elements ≤ x finds the element.
  for (let i = 0; i < k; i++) {
    let x = d[i] as number;
    let j = 0;
    while (j < i && (sorted[j] as number) <= x) {
      x++;
      j++;
    }
    sorted.copyWithin(j + 1, j, i);
    sorted[j] = x;
    out[i] = x;
  }
}

/**
 * In-place lexicographic successor of a k-permutation of n, O(k) with the all-zero scratch marks
 * `used` (left all-zero on return). Returns false after the last item.
 */
function lexStep(buf: Int32Array, n: number, k: number, used: Uint8Array): boolean {
  for (let i = 0; i < k; i++) used[buf[i] as number] = 1;
  for (let i = k - 1; i >= 0; i--) {
    const x = buf[i] as number;
    used[x] = 0;
    let y = x + 1;
    while (y < n && used[y] === 1) y++;
    if (y < n) {
      // Position i takes the next free element; the rest take the smallest free ones, ascending.
      buf[i] = y;
      used[y] = 1;
      let z = 0;
      for (let j = i + 1; j < k; j++) {
        while (used[z] === 1) z++;
        buf[j] = z;
        used[z] = 1;
      }
      for (let j = 0; j < k; j++) used[buf[j] as number] = 0;
      return true;
    }
  }
  return false;
}

/**
 * Kernel state of the cycles algorithm for a k-permutation `item`: a = item ++ the unused
 * elements ascending; cyc[i] = n − i − d[i] (choices left at position i, counting the current).
 */
function lexState(
  item: Int32Array,
  n: number,
  k: number,
  a: Int32Array,
  cyc: Int32Array,
  d: Int32Array,
): void {
  lexDigits(item, n, k, d);
  const used = new Uint8Array(n);
  for (let i = 0; i < k; i++) {
    const x = item[i] as number;
    a[i] = x;
    used[x] = 1;
  }
  let t = k;
  for (let v = 0; v < n; v++) if (used[v] === 0) a[t++] = v;
  for (let i = 0; i < k; i++) cyc[i] = n - i - (d[i] as number);
}

/**
 * Lexicographic steps (the cycles algorithm of itertools.permutations): advances up to `steps`
 * times, visiting each new item. Invariant: a[i+1..n) is ascending whenever position i moves, so
 * swapping a[i] with a[n − c] takes the next larger free element, and rotating a[i..n) left by
 * one when position i is exhausted restores ascending order for the level above.
 * `levels` = k positions vary.
 * @returns the number of items visited, or −1 − visited when the enumeration ran out
 */
function lexSteps(
  a: Int32Array,
  n: number,
  levels: number,
  cyc: Int32Array,
  steps: number,
  visit: Visitor,
  view: Int32Array,
): number {
  if (levels === 0) return steps === 0 ? 0 : -1;
  const last = levels - 1;
  let done = 0;
  while (done < steps) {
    // Innermost position: walk its remaining free elements with one swap each.
    let c = cyc[last] as number;
    if (c > 1) {
      const want = steps - done;
      const stop = c - 1 > want ? c - want : 1;
      while (c > stop) {
        c--;
        const q = n - c;
        const t = a[last] as number;
        a[last] = a[q] as number;
        a[q] = t;
        done++;
        if (visit(view) === false) {
          cyc[last] = c;
          return done;
        }
      }
      cyc[last] = c;
      if (done === steps) return done;
    }
    // Innermost exhausted: restore its tail and advance the nearest position that can move.
    let i = last;
    for (;;) {
      const t = a[i] as number;
      a.copyWithin(i, i + 1, n);
      a[n - 1] = t;
      cyc[i] = n - i;
      i--;
      if (i < 0) return -1 - done;
      const ci = (cyc[i] as number) - 1;
      if (ci > 0) {
        cyc[i] = ci;
        const q = n - ci;
        const u = a[i] as number;
        a[i] = a[q] as number;
        a[q] = u;
        break;
      }
    }
    done++;
    if (visit(view) === false) return done;
  }
  return done;
}

/** Knuth's Algorithm L step (TAOCP 7.2.1.2): next permutation of a[0..n) in place; false at the end. */
function nextPermutation(a: Int32Array, n: number): boolean {
  let j = n - 2;
  while (j >= 0 && (a[j] as number) > (a[j + 1] as number)) j--;
  if (j < 0) return false;
  const aj = a[j] as number;
  let l = n - 1;
  while ((a[l] as number) < aj) l--;
  a[j] = a[l] as number;
  a[l] = aj;
  for (let x = j + 1, y = n - 1; x < y; x++, y--) {
    const t = a[x] as number;
    a[x] = a[y] as number;
    a[y] = t;
  }
  return true;
}

/**
 * Lexicographic steps over full permutations a[0..n) (also serves k = n − 1, whose items are
 * their prefixes): Algorithm L, with the six orders of the last three positions unrolled whenever
 * they are ascending (the start of such a run), since five steps in six touch only them.
 * @returns the number of items visited, or −1 − visited when the enumeration ran out
 */
function lexFullSteps(a: Int32Array, n: number, steps: number, visit: Visitor, view: Int32Array): number {
  let done = 0;
  const i0 = n - 3;
  const i1 = n - 2;
  const i2 = n - 1;
  while (done < steps) {
    if (n >= 3 && steps - done > 5) {
      const x = a[i0] as number;
      const y = a[i1] as number;
      const z = a[i2] as number;
      if (x < y && y < z) {
        // xyz was visited; xzy yxz yzx zxy zyx follow.
        a[i1] = z;
        a[i2] = y;
        if (visit(view) === false) return done + 1;
        a[i0] = y;
        a[i1] = x;
        a[i2] = z;
        if (visit(view) === false) return done + 2;
        a[i1] = z;
        a[i2] = x;
        if (visit(view) === false) return done + 3;
        a[i0] = z;
        a[i1] = x;
        a[i2] = y;
        if (visit(view) === false) return done + 4;
        a[i1] = y;
        a[i2] = x;
        if (visit(view) === false) return done + 5;
        done += 5;
      }
    }
    if (!nextPermutation(a, n)) return -1 - done;
    done++;
    if (visit(view) === false) return done;
  }
  return done;
}

/**
 * Lexicographic steps of k-permutations on the work array `a` (item ++ unused ascending): the
 * Algorithm L kernel when k ≥ n − 1, else the cycles kernel.
 */
function lexAnySteps(
  a: Int32Array,
  n: number,
  k: number,
  cyc: Int32Array,
  steps: number,
  visit: Visitor,
  view: Int32Array,
): number {
  return k >= n - 1 ? lexFullSteps(a, n, steps, visit, view) : lexSteps(a, n, k, cyc, steps, visit, view);
}

/**
 * Shared lexicographic engine of {@link KPermutations} and {@link LexPermutations}: the
 * k-permutations of {0, …, n−1} in lexicographic order. Build spaces with {@link kPermutations} or
 * {@link permutations}.
 * @example kPermutations(16, 6).rank([0, 1, 2, 3, 4, 6]) //=> 1
 */
export abstract class LexArrangements extends BaseSpace {
  readonly n: number;
  readonly k: number;
  readonly maxWidth: number;
  readonly #radix: Int32Array;
  readonly #digits: Int32Array;
  readonly #sorted: Int32Array;
  #used: Uint8Array | undefined;
  #count: bigint | undefined;

  constructor(n: number, k: number) {
    super();
    assertN(n);
    assertKofN(n, k);
    assertLength('k', k);
    this.n = n;
    this.k = k;
    this.maxWidth = k;
    this.#radix = fallingRadix(n, k);
    this.#digits = new Int32Array(k);
    this.#sorted = new Int32Array(k);
  }

  countBig(): bigint {
    if (this.#count === undefined) {
      let c = 1n;
      for (let i = 0; i < this.k; i++) c *= BigInt(this.n - i);
      this.#count = c;
    }
    return this.#count;
  }

  /** @throws RangeError unless `item` is k distinct integers in [0, n) */
  rankBig(item: ArrayLike<number>): bigint {
    lexDigits(item, this.n, this.k, this.#digits);
    return digitsToBig(this.#digits, this.#radix, this.k);
  }

  protected unrankInto(r: bigint, out: Int32Array): number {
    bigToDigits(r, this.#radix, this.k, this.#digits);
    lexFromDigits(this.#digits, this.k, out, this.#sorted);
    return this.k;
  }

  protected override unrankNumberInto(r: number, out: Int32Array): number {
    numberToDigits(r, this.#radix, this.k, this.#digits);
    lexFromDigits(this.#digits, this.k, out, this.#sorted);
    return this.k;
  }

  successor(buf: Int32Array, length: number): number {
    if (length !== this.k) throw new RangeError(`buffer holds ${length} elements; expected ${this.k}`);
    if (this.#used === undefined) this.#used = new Uint8Array(this.n);
    return lexStep(buf, this.n, this.k, this.#used) ? this.k : -1;
  }

  protected override run(buf: Int32Array, _len: number, count: number, visit: Visitor): number {
    const { n, k } = this;
    const a = new Int32Array(Math.max(1, n));
    const cyc = new Int32Array(Math.max(1, k));
    lexState(buf.subarray(0, k), n, k, a, cyc, this.#digits);
    const view = a.subarray(0, k);
    let done = 1;
    if (visit(view) !== false && count > 1) {
      const r = lexAnySteps(a, n, k, cyc, count - 1, visit, view);
      done += r < 0 ? -1 - r : r;
    }
    // The contract: buf ends holding the last item visited.
    buf.set(view);
    return done;
  }
}

/**
 * The n!/(n−k)! k-permutations of {0, …, n−1} (ordered k-tuples of distinct elements) in
 * lexicographic order, as Python's `itertools.permutations(range(n), k)`.
 * @param n number of elements (0 ≤ n ≤ {@link MAX_PERMUTATION_N})
 * @param k tuple length (0 ≤ k ≤ n, k ≤ {@link MAX_PERMUTATION_LENGTH})
 * @param options `order: 'lex'` (the only order)
 * @returns the space
 * @throws RangeError when k > n, a parameter is not a non-negative integer or is too large
 * @example [...kPermutations(3, 2)] //=> [[0,1],[0,2],[1,0],[1,2],[2,0],[2,1]]
 */
export function kPermutations(n: number, k: number, options?: KPermutationOptions): KPermutations {
  const order: string = options?.order ?? 'lex';
  if (order !== 'lex') throw new RangeError(`unknown order '${order}' for k-permutations; use 'lex'`);
  return new KPermutations(n, k);
}

/**
 * The k-permutations of n elements in lexicographic order. See {@link kPermutations}.
 * @example new KPermutations(4, 2).unrank(3) //=> Int32Array [1, 0]
 */
export class KPermutations extends LexArrangements {
  readonly order = 'lex' as const;

  get spec(): KPermutationsSpec {
    return { kind: 'k-permutations', n: this.n, k: this.k, order: 'lex' };
  }
}

/**
 * The n! permutations of {0, …, n−1} in lexicographic order. See {@link permutations}.
 * @example new LexPermutations(3).unrank(5) //=> Int32Array [2, 1, 0]
 */
export class LexPermutations extends LexArrangements {
  readonly order = 'lex' as const;

  constructor(n: number) {
    assertN(n);
    assertLength('n', n);
    super(n, n);
  }

  get spec(): PermutationsSpec {
    return { kind: 'permutations', n: this.n, order: 'lex' };
  }
}

// ---------------------------------------------------------------------------------------------
// Heap's algorithm.

/** Position-source map ρ of one step between sub-calls of generate(m), m odd: new[p] = old[ρ(p)]. */
function heapRho(p: number, e: number): number {
  // e = m − 1 is even; ρ = E_e on positions 0..e−1 followed by the swap (0 e).
  if (p === 0) return e;
  if (e === 2) return p === 2 ? 1 : 0;
  if (p === e) return e - 3;
  if (p === 1) return e - 2;
  if (p <= e - 3) return p - 1;
  if (p === e - 2) return e - 1;
  return 0;
}

/**
 * Walks the levels m = n, …, 2 of the recursion from the identity: level m's digit (its finished
 * sub-calls, c[m−1]) moves the array to the start of that sub-call. With `item`, the digits are
 * read off it (the element in position m−1 identifies the sub-call) into D; otherwise they are
 * taken from D. D[t] = c[n−1−t] (most significant first). Leaves the permutation in `s`.
 */
function heapWalk(
  n: number,
  D: Int32Array,
  item: ArrayLike<number> | null,
  s: Int32Array,
  tmp: Int32Array,
  cyc: Int32Array,
): void {
  for (let i = 0; i < n; i++) s[i] = i;
  if (n > 0) D[n - 1] = 0;
  for (let m = n; m >= 2; m--) {
    const e = m - 1;
    if ((m & 1) === 0) {
      // Between sub-calls: E_{m−1} (the swap (0 m−2) when m−1 ≥ 3), then the swap (t m−1).
      let d: number;
      if (item === null) {
        d = D[n - m] as number;
        for (let t = 0; t < d; t++) heapRound(s, e, t);
      } else {
        const target = item[e] as number;
        d = 0;
        while (s[e] !== target && d < e) heapRound(s, e, d++);
        if (s[e] !== target) notAnItem(item, 'not reachable by Heap steps');
        D[n - m] = d;
      }
    } else {
      // ρ is one m-cycle: list it from e, so d steps rotate the list by d.
      let p = e;
      for (let u = 0; u < m; u++) {
        cyc[u] = p;
        p = heapRho(p, e);
      }
      let d: number;
      if (item === null) {
        d = D[n - m] as number;
      } else {
        const target = item[e] as number;
        d = 0;
        while (d < m && s[cyc[d] as number] !== target) d++;
        if (d === m) notAnItem(item, 'not reachable by Heap steps');
        D[n - m] = d;
      }
      if (d > 0) {
        for (let u = 0; u < m; u++) {
          const v = u + d;
          tmp[u] = s[cyc[v < m ? v : v - m] as number] as number;
        }
        for (let u = 0; u < m; u++) s[cyc[u] as number] = tmp[u] as number;
      }
    }
  }
}

/** One step between sub-calls of generate(e+1), e+1 even: E_e, then swap positions t and e. */
function heapRound(s: Int32Array, e: number, t: number): void {
  if (e >= 3) {
    const x = s[0] as number;
    s[0] = s[e - 1] as number;
    s[e - 1] = x;
  }
  const y = s[t] as number;
  s[t] = s[e] as number;
  s[e] = y;
}

/**
 * Heap steps: the iterative algorithm with counters c[1..n) (c[n] = 0 is a sentinel), level 1
 * unrolled since every other step is the swap (0 1).
 * @returns the number of items visited
 */
function heapSteps(
  a: Int32Array,
  n: number,
  c: Int32Array,
  steps: number,
  visit: Visitor,
  view: Int32Array,
): number {
  let done = 0;
  while (done < steps) {
    if (c[1] === 0) {
      const t = a[0] as number;
      a[0] = a[1] as number;
      a[1] = t;
      c[1] = 1;
      done++;
      if (visit(view) === false || done === steps) return done;
    }
    c[1] = 0;
    let i = 2;
    let ci = c[2] as number;
    while (ci >= i) {
      c[i] = 0;
      ci = c[++i] as number;
    }
    if (i >= n) return done;
    const p = i & 1 ? ci : 0;
    const t = a[p] as number;
    a[p] = a[i] as number;
    a[i] = t;
    c[i] = ci + 1;
    done++;
    if (visit(view) === false) return done;
  }
  return done;
}

/** {@link heapSteps} reporting each transposition (p, i) to a {@link SwapVisitor}. */
function heapDeltaSteps(
  a: Int32Array,
  n: number,
  c: Int32Array,
  steps: number,
  visit: SwapVisitor,
  view: Int32Array,
): number {
  let done = 0;
  while (done < steps) {
    if (c[1] === 0) {
      const t = a[0] as number;
      a[0] = a[1] as number;
      a[1] = t;
      c[1] = 1;
      done++;
      if (visit(view, 0, 1) === false || done === steps) return done;
    }
    c[1] = 0;
    let i = 2;
    let ci = c[2] as number;
    while (ci >= i) {
      c[i] = 0;
      ci = c[++i] as number;
    }
    if (i >= n) return done;
    const p = i & 1 ? ci : 0;
    const t = a[p] as number;
    a[p] = a[i] as number;
    a[i] = t;
    c[i] = ci + 1;
    done++;
    if (visit(view, p, i) === false) return done;
  }
  return done;
}

/** Checks that `item` is a permutation of 0..n−1, using the all-zero scratch `seen` (left zero). */
function checkPermutation(item: ArrayLike<number>, n: number, seen: Uint8Array): void {
  if (item.length !== n) notAnItem(item, `expected ${n} elements, got ${item.length}`);
  let bad = '';
  let i = 0;
  for (; i < n; i++) {
    const x = item[i] as number;
    if (!Number.isInteger(x) || x < 0 || x >= n) {
      bad = `elements must be integers in [0, ${n})`;
      break;
    }
    if (seen[x] === 1) {
      bad = `element ${x} repeats`;
      break;
    }
    seen[x] = 1;
  }
  for (let j = 0; j < i; j++) seen[item[j] as number] = 0;
  if (bad !== '') notAnItem(item, bad);
}

/**
 * Shared base of the Heap and plain-changes spaces (n!, item checks, delta ranges).
 * @example permutations(20, { order: 'heap' }) instanceof FullPermutations //=> true
 */
export abstract class FullPermutations extends BaseSpace {
  readonly n: number;
  readonly maxWidth: number;
  protected readonly seen: Uint8Array;
  #count: bigint | undefined;

  constructor(n: number) {
    super();
    assertN(n);
    assertLength('n', n);
    this.n = n;
    this.maxWidth = n;
    this.seen = new Uint8Array(n);
  }

  countBig(): bigint {
    if (this.#count === undefined) {
      let c = 1n;
      for (let i = 2; i <= this.n; i++) c *= BigInt(i);
      this.#count = c;
    }
    return this.#count;
  }

  protected checkLength(length: number): void {
    if (length !== this.n) throw new RangeError(`buffer holds ${length} elements; expected ${this.n}`);
  }

  /**
   * Runs `kernel` over the rank range: the first item is visited with no swap (−1), then the
   * kernel steps in chunks (its state persists between chunks).
   */
  protected deltaRange(
    range: RankRange | undefined,
    first: (view: Int32Array) => boolean,
    kernel: (steps: number, stop: () => void) => number,
  ): number {
    const [s, e] = resolveRange(range, this.countBig());
    if (s === e) return 0;
    const buf = new Int32Array(Math.max(1, this.n));
    this.unrankInto(s, buf);
    if (!first(buf.subarray(0, this.n))) return 1;
    let left = e - s - 1n;
    let total = 1;
    let stopped = false;
    const stop = (): void => {
      stopped = true;
    };
    while (left > 0n) {
      const c = left > BigInt(CHUNK) ? CHUNK : Number(left);
      const done = kernel(c, stop);
      total += done;
      if (done < c || stopped) return total;
      left -= BigInt(c);
    }
    return total;
  }
}

/**
 * The n! permutations of {0, …, n−1} in the order of Heap's algorithm (each step one
 * transposition). See {@link permutations}.
 * @example [...new HeapPermutations(3)] //=> [[0,1,2],[1,0,2],[2,0,1],[0,2,1],[1,2,0],[2,1,0]]
 */
export class HeapPermutations extends FullPermutations {
  readonly order = 'heap' as const;
  readonly #radix: Int32Array;
  readonly #digits: Int32Array;
  readonly #tmp: Int32Array;
  readonly #cyc: Int32Array;
  readonly #scratch: Int32Array;

  constructor(n: number) {
    super(n);
    this.#radix = fallingRadix(n, n);
    this.#digits = new Int32Array(n);
    this.#tmp = new Int32Array(n);
    this.#cyc = new Int32Array(n);
    this.#scratch = new Int32Array(n);
  }

  get spec(): PermutationsSpec {
    return { kind: 'permutations', n: this.n, order: 'heap' };
  }

  /** Reads the Heap digits of `item` (validated) into #digits. */
  #digitsOf(item: ArrayLike<number>): void {
    checkPermutation(item, this.n, this.seen);
    heapWalk(this.n, this.#digits, item, this.#scratch, this.#tmp, this.#cyc);
  }

  /** Counter array of the iterative algorithm (length n+1, sentinel c[n] = 0) for `item`. */
  #counters(item: ArrayLike<number>): Int32Array {
    this.#digitsOf(item);
    const n = this.n;
    const c = new Int32Array(n + 1);
    for (let i = 1; i < n; i++) c[i] = this.#digits[n - 1 - i] as number;
    return c;
  }

  /** @throws RangeError unless `item` is a permutation of 0..n−1 */
  rankBig(item: ArrayLike<number>): bigint {
    this.#digitsOf(item);
    return digitsToBig(this.#digits, this.#radix, this.n);
  }

  protected unrankInto(r: bigint, out: Int32Array): number {
    bigToDigits(r, this.#radix, this.n, this.#digits);
    heapWalk(this.n, this.#digits, null, out, this.#tmp, this.#cyc);
    return this.n;
  }

  protected override unrankNumberInto(r: number, out: Int32Array): number {
    numberToDigits(r, this.#radix, this.n, this.#digits);
    heapWalk(this.n, this.#digits, null, out, this.#tmp, this.#cyc);
    return this.n;
  }

  /** O(n²): the counters are recomputed from the item (forEach keeps them instead). */
  successor(buf: Int32Array, length: number): number {
    this.checkLength(length);
    const n = this.n;
    const c = this.#counters(buf.subarray(0, n));
    let i = 1;
    while (i < n && (c[i] as number) >= i) i++;
    if (i >= n) return -1;
    const p = i & 1 ? (c[i] as number) : 0;
    const t = buf[p] as number;
    buf[p] = buf[i] as number;
    buf[i] = t;
    return n;
  }

  protected override run(buf: Int32Array, _len: number, count: number, visit: Visitor): number {
    const n = this.n;
    const view = buf.length === n ? buf : buf.subarray(0, n);
    const c = this.#counters(view);
    if (visit(view) === false || count === 1) return 1;
    return 1 + heapSteps(view, n, c, count - 1, visit, view);
  }

  /**
   * Visits the items of rank in `range` in Heap order with the transposition (i, j), i < j, that
   * produced each one from the previous item (−1, −1 for the first one visited): O(1) incremental
   * updates of objectives over positions.
   * @param visit called with (item, i, j); return false to stop
   * @param range rank interval, default the whole space
   * @returns the number of items visited
   * @throws RangeError when the range is not inside [0, n!]
   * @example
   * permutations(3, { order: 'heap' }).forEachDelta((p, i, j) => console.log([...p], i, j));
   * // [0,1,2] -1 -1, [1,0,2] 0 1, [2,0,1] 0 2, [0,2,1] 0 1, [1,2,0] 0 2, [2,1,0] 0 1
   */
  forEachDelta(visit: SwapVisitor, range?: RankRange): number {
    const n = this.n;
    let view: Int32Array = new Int32Array(0);
    let c: Int32Array = view;
    return this.deltaRange(
      range,
      (v) => {
        view = v;
        c = this.#counters(v);
        return visit(v, -1, -1) !== false;
      },
      (steps, stop) =>
        heapDeltaSteps(view, n, c, steps, steps === CHUNK ? guardSwap(visit, stop) : visit, view),
    );
  }
}

function guardSwap(visit: SwapVisitor, stop: () => void): SwapVisitor {
  return (v, i, j) => {
    const r = visit(v, i, j);
    if (r === false) stop();
    return r;
  };
}

// ---------------------------------------------------------------------------------------------
// Plain changes (Steinhaus–Johnson–Trotter).

/**
 * Plain-changes state of `item`: x[m] = moves of element m−1 in its current sweep and dir[m] = −1
 * (sweeping left) or +1, for m = 2..n; D[m−1] = x[m] (D[0] = 0), the rank's digits with radix m.
 * `where` is scratch of length n.
 */
function sjtDigits(
  item: ArrayLike<number>,
  n: number,
  D: Int32Array,
  x: Int32Array | null,
  dir: Int32Array | null,
  where: Int32Array,
): void {
  for (let p = 0; p < n; p++) where[item[p] as number] = p;
  if (n > 0) D[0] = 0;
  let parity = 0; // parity of the rank of the restriction to elements < m−1
  for (let m = 2; m <= n; m++) {
    const w = where[m - 1] as number;
    let pos = 0; // index of m−1 among the elements ≤ m−1
    for (let v = 0; v < m - 1; v++) if ((where[v] as number) < w) pos++;
    const xm = parity === 0 ? m - 1 - pos : pos;
    D[m - 1] = xm;
    if (x !== null && dir !== null) {
      x[m] = xm;
      dir[m] = parity === 0 ? -1 : 1;
    }
    parity = (parity & m & 1) ^ (xm & 1);
  }
}

/** Inverse of {@link sjtDigits}: inserts m−1 into the list of 0..m−2 at its sweep position. */
function sjtFromDigits(D: Int32Array, n: number, out: Int32Array): void {
  if (n === 0) return;
  out[0] = 0;
  let parity = 0;
  for (let m = 2; m <= n; m++) {
    const xm = D[m - 1] as number;
    const pos = parity === 0 ? m - 1 - xm : xm;
    out.copyWithin(pos + 1, pos, m - 1);
    out[pos] = m - 1;
    parity = (parity & m & 1) ^ (xm & 1);
  }
}

/**
 * Plain-changes steps (Algorithm P restated on sweeps): the largest element sweeps in a tight
 * loop; when it is at an end, the largest level m that can still move moves its element one place,
 * at real position (its index among the elements ≤ m−1) + (larger elements parked at the left).
 * @returns the number of items visited
 */
function sjtSteps(
  a: Int32Array,
  n: number,
  x: Int32Array,
  dir: Int32Array,
  steps: number,
  visit: Visitor,
  view: Int32Array,
): number {
  let done = 0;
  const top = n - 1;
  while (done < steps) {
    const xn = x[n] as number;
    if (xn < top) {
      const dn = dir[n] as number;
      let p = dn < 0 ? top - xn : xn;
      const want = steps - done;
      const moves = Math.min(want, top - xn);
      for (let t = 1; t <= moves; t++) {
        const q = p + dn;
        a[p] = a[q] as number;
        a[q] = top;
        p = q;
        if (visit(view) === false) {
          x[n] = xn + t;
          return done + t;
        }
      }
      x[n] = xn + moves;
      done += moves;
      if (done === steps) return done;
    }
    let s = 0;
    let m = n;
    while (m >= 2 && x[m] === m - 1) {
      if ((dir[m] as number) < 0) s++;
      x[m] = 0;
      dir[m] = -(dir[m] as number);
      m--;
    }
    if (m < 2) return done;
    const xm = x[m] as number;
    const dm = dir[m] as number;
    const p = (dm < 0 ? m - 1 - xm : xm) + s;
    const q = p + dm;
    const t = a[p] as number;
    a[p] = a[q] as number;
    a[q] = t;
    x[m] = xm + 1;
    done++;
    if (visit(view) === false) return done;
  }
  return done;
}

/** {@link sjtSteps} reporting the swapped adjacent pair (i, i+1) to an {@link AdjacentSwapVisitor}. */
function sjtDeltaSteps(
  a: Int32Array,
  n: number,
  x: Int32Array,
  dir: Int32Array,
  steps: number,
  visit: AdjacentSwapVisitor,
  view: Int32Array,
): number {
  let done = 0;
  const top = n - 1;
  while (done < steps) {
    const xn = x[n] as number;
    if (xn < top) {
      const dn = dir[n] as number;
      let p = dn < 0 ? top - xn : xn;
      const want = steps - done;
      const moves = Math.min(want, top - xn);
      for (let t = 1; t <= moves; t++) {
        const q = p + dn;
        a[p] = a[q] as number;
        a[q] = top;
        if (visit(view, dn < 0 ? q : p) === false) {
          x[n] = xn + t;
          return done + t;
        }
        p = q;
      }
      x[n] = xn + moves;
      done += moves;
      if (done === steps) return done;
    }
    let s = 0;
    let m = n;
    while (m >= 2 && x[m] === m - 1) {
      if ((dir[m] as number) < 0) s++;
      x[m] = 0;
      dir[m] = -(dir[m] as number);
      m--;
    }
    if (m < 2) return done;
    const xm = x[m] as number;
    const dm = dir[m] as number;
    const p = (dm < 0 ? m - 1 - xm : xm) + s;
    const q = p + dm;
    const t = a[p] as number;
    a[p] = a[q] as number;
    a[q] = t;
    x[m] = xm + 1;
    done++;
    if (visit(view, dm < 0 ? q : p) === false) return done;
  }
  return done;
}

/**
 * The n! permutations of {0, …, n−1} in plain-changes (Steinhaus–Johnson–Trotter) order: each
 * step swaps two adjacent positions. See {@link permutations}.
 * @example [...new PlainChangesPermutations(3)] //=> [[0,1,2],[0,2,1],[2,0,1],[2,1,0],[1,2,0],[1,0,2]]
 */
export class PlainChangesPermutations extends FullPermutations {
  readonly order = 'plain-changes' as const;
  readonly #radix: Int32Array;
  readonly #digits: Int32Array;
  readonly #where: Int32Array;

  constructor(n: number) {
    super(n);
    const radix = new Int32Array(n);
    for (let t = 0; t < n; t++) radix[t] = t + 1;
    this.#radix = radix;
    this.#digits = new Int32Array(n);
    this.#where = new Int32Array(n);
  }

  get spec(): PermutationsSpec {
    return { kind: 'permutations', n: this.n, order: 'plain-changes' };
  }

  /** Sweep state (x, dir, each of length n+1) of `item`. */
  #state(item: ArrayLike<number>): [Int32Array, Int32Array] {
    const x = new Int32Array(this.n + 1);
    const dir = new Int32Array(this.n + 1);
    sjtDigits(item, this.n, this.#digits, x, dir, this.#where);
    return [x, dir];
  }

  /** @throws RangeError unless `item` is a permutation of 0..n−1 */
  rankBig(item: ArrayLike<number>): bigint {
    checkPermutation(item, this.n, this.seen);
    sjtDigits(item, this.n, this.#digits, null, null, this.#where);
    return digitsToBig(this.#digits, this.#radix, this.n);
  }

  protected unrankInto(r: bigint, out: Int32Array): number {
    bigToDigits(r, this.#radix, this.n, this.#digits);
    sjtFromDigits(this.#digits, this.n, out);
    return this.n;
  }

  protected override unrankNumberInto(r: number, out: Int32Array): number {
    numberToDigits(r, this.#radix, this.n, this.#digits);
    sjtFromDigits(this.#digits, this.n, out);
    return this.n;
  }

  /** O(n²): the sweep state is recomputed from the item (forEach keeps it instead). */
  successor(buf: Int32Array, length: number): number {
    this.checkLength(length);
    const n = this.n;
    checkPermutation(buf.subarray(0, n), n, this.seen);
    const [x, dir] = this.#state(buf);
    let s = 0;
    let m = n;
    while (m >= 2 && x[m] === m - 1) {
      if ((dir[m] as number) < 0) s++;
      m--;
    }
    if (m < 2) return -1;
    const dm = dir[m] as number;
    const xm = x[m] as number;
    const p = (dm < 0 ? m - 1 - xm : xm) + s;
    const t = buf[p] as number;
    buf[p] = buf[p + dm] as number;
    buf[p + dm] = t;
    return n;
  }

  protected override run(buf: Int32Array, _len: number, count: number, visit: Visitor): number {
    const n = this.n;
    const view = buf.length === n ? buf : buf.subarray(0, n);
    const [x, dir] = this.#state(view);
    if (visit(view) === false || count === 1) return 1;
    return 1 + sjtSteps(view, n, x, dir, count - 1, visit, view);
  }

  /**
   * Visits the items of rank in `range` in plain-changes order with the position i such that
   * positions i and i+1 were swapped to produce each one (−1 for the first one visited).
   * @param visit called with (item, i); return false to stop
   * @param range rank interval, default the whole space
   * @returns the number of items visited
   * @throws RangeError when the range is not inside [0, n!]
   * @example
   * permutations(3, { order: 'plain-changes' }).forEachDelta((p, i) => console.log([...p], i));
   * // [0,1,2] -1, [0,2,1] 1, [2,0,1] 0, [2,1,0] 1, [1,2,0] 0, [1,0,2] 1
   */
  forEachDelta(visit: AdjacentSwapVisitor, range?: RankRange): number {
    const n = this.n;
    let view: Int32Array = new Int32Array(0);
    let x: Int32Array = view;
    let dir: Int32Array = view;
    return this.deltaRange(
      range,
      (v) => {
        view = v;
        [x, dir] = this.#state(v);
        return visit(v, -1) !== false;
      },
      (steps, stop) =>
        sjtDeltaSteps(view, n, x, dir, steps, steps === CHUNK ? guardAdjacent(visit, stop) : visit, view),
    );
  }
}

function guardAdjacent(visit: AdjacentSwapVisitor, stop: () => void): AdjacentSwapVisitor {
  return (v, i) => {
    const r = visit(v, i);
    if (r === false) stop();
    return r;
  };
}

/** Any permutation space returned by {@link permutations}. */
export type PermutationSpace = LexPermutations | HeapPermutations | PlainChangesPermutations;

/**
 * The n! permutations of {0, …, n−1}.
 * - `lex` (default): lexicographic, as `itertools.permutations(range(n))`.
 * - `heap`: Heap's algorithm; each step is one transposition; the fastest kernel.
 * - `plain-changes`: Steinhaus–Johnson–Trotter; each step swaps two adjacent positions.
 * @param n number of elements (0 ≤ n ≤ {@link MAX_PERMUTATION_LENGTH}); n! is exact as bigint
 * @param options `order`
 * @returns the space (its class depends on the order)
 * @throws RangeError when n is not a non-negative integer, is too large, or the order is unknown
 * @example [...permutations(3)] //=> [[0,1,2],[0,2,1],[1,0,2],[1,2,0],[2,0,1],[2,1,0]]
 * @example permutations(10, { order: 'heap' }).forEach((p) => { sum += p[0]; })
 * @example permutations(30).unrankBig(10n ** 30n) // bigint ranks beyond 2^53
 */
export function permutations(n: number, options?: { readonly order?: 'lex' }): LexPermutations;
export function permutations(n: number, options: { readonly order: 'heap' }): HeapPermutations;
export function permutations(
  n: number,
  options: { readonly order: 'plain-changes' },
): PlainChangesPermutations;
export function permutations(n: number, options?: PermutationOptions): PermutationSpace;
export function permutations(n: number, options?: PermutationOptions): PermutationSpace {
  const order = options?.order ?? 'lex';
  assertPermutationOrder(order);
  switch (order) {
    case 'lex':
      return new LexPermutations(n);
    case 'heap':
      return new HeapPermutations(n);
    default:
      return new PlainChangesPermutations(n);
  }
}

// ---------------------------------------------------------------------------------------------
// k-permutations of several sizes.

/**
 * All k-permutations of {0, …, n−1} for kMin ≤ k ≤ kMax, grouped by size ascending, each group
 * in lexicographic order (items have varying lengths).
 * @param n number of elements (0 ≤ n ≤ {@link MAX_PERMUTATION_N})
 * @param kMin smallest tuple length
 * @param kMax largest tuple length (kMin ≤ kMax ≤ n, kMax ≤ {@link MAX_PERMUTATION_LENGTH})
 * @returns the space
 * @throws RangeError when kMax > n, kMin > kMax, or a parameter is not a non-negative integer
 * @example [...kPermutationsUpTo(3, 0, 2)] //=> [[],[0],[1],[2],[0,1],[0,2],[1,0],[1,2],[2,0],[2,1]]
 */
export function kPermutationsUpTo(n: number, kMin: number, kMax: number): KPermutationsUpTo {
  return new KPermutationsUpTo(n, kMin, kMax);
}

/**
 * k-permutations of all sizes in [kMin, kMax]. See {@link kPermutationsUpTo}.
 * @example new KPermutationsUpTo(3, 1, 2).rank([0, 1]) //=> 3
 */
export class KPermutationsUpTo extends BaseSpace {
  readonly n: number;
  readonly kMin: number;
  readonly kMax: number;
  readonly maxWidth: number;
  /** offsets[k − kMin] = number of items shorter than k; the last entry is the count. */
  readonly #offsets: bigint[];
  readonly #radix: Int32Array;
  readonly #digits: Int32Array;
  readonly #sorted: Int32Array;
  #used: Uint8Array | undefined;

  constructor(n: number, kMin: number, kMax: number) {
    super();
    assertN(n);
    assertKofN(n, kMax, 'kMax');
    assertNatural('kMin', kMin);
    if (kMin > kMax) throw new RangeError(`kMin = ${kMin} is larger than kMax = ${kMax}; choose kMin ≤ kMax`);
    assertLength('kMax', kMax);
    this.n = n;
    this.kMin = kMin;
    this.kMax = kMax;
    this.maxWidth = kMax;
    const offsets: bigint[] = [0n];
    let size = 1n;
    for (let i = 0; i < kMin; i++) size *= BigInt(n - i);
    let total = 0n;
    for (let k = kMin; k <= kMax; k++) {
      total += size;
      offsets.push(total);
      size *= BigInt(n - k);
    }
    this.#offsets = offsets;
    this.#radix = fallingRadix(n, kMax);
    this.#digits = new Int32Array(kMax);
    this.#sorted = new Int32Array(kMax);
  }

  get spec(): KPermutationsUpToSpec {
    return { kind: 'k-permutations-upto', n: this.n, kMin: this.kMin, kMax: this.kMax };
  }

  countBig(): bigint {
    return this.#offsets[this.#offsets.length - 1] as bigint;
  }

  /** @throws RangeError unless `item` is k distinct integers in [0, n) with kMin ≤ k ≤ kMax */
  rankBig(item: ArrayLike<number>): bigint {
    const k = item.length;
    if (k < this.kMin || k > this.kMax) {
      notAnItem(item, `its length ${k} is outside [${this.kMin}, ${this.kMax}]`);
    }
    lexDigits(item, this.n, k, this.#digits);
    return (this.#offsets[k - this.kMin] as bigint) + digitsToBig(this.#digits, this.#radix, k);
  }

  protected unrankInto(r: bigint, out: Int32Array): number {
    let g = 0;
    while ((this.#offsets[g + 1] as bigint) <= r) g++;
    const k = this.kMin + g;
    bigToDigits(r - (this.#offsets[g] as bigint), this.#radix, k, this.#digits);
    lexFromDigits(this.#digits, k, out, this.#sorted);
    return k;
  }

  successor(buf: Int32Array, length: number): number {
    if (length < this.kMin || length > this.kMax) {
      throw new RangeError(`buffer holds ${length} elements; expected ${this.kMin}..${this.kMax}`);
    }
    if (this.#used === undefined) this.#used = new Uint8Array(this.n);
    if (lexStep(buf, this.n, length, this.#used)) return length;
    if (length === this.kMax) return -1;
    for (let i = 0; i <= length; i++) buf[i] = i;
    return length + 1;
  }

  protected override run(buf: Int32Array, len: number, count: number, visit: Visitor): number {
    const n = this.n;
    const a = new Int32Array(Math.max(1, n));
    const cyc = new Int32Array(Math.max(1, this.kMax));
    let k = len;
    lexState(buf.subarray(0, k), n, k, a, cyc, this.#digits);
    let view = a.subarray(0, k);
    let done = 1;
    let go = visit(view) !== false;
    while (go && done < count) {
      const want = count - done;
      const r = lexAnySteps(a, n, k, cyc, want, visit, view);
      if (r >= 0) {
        done += r;
        if (r < want) go = false;
        continue;
      }
      done += -1 - r;
      if (k === this.kMax) break;
      // Next size: its first item is 0, 1, …, k.
      k++;
      for (let v = 0; v < n; v++) a[v] = v;
      for (let i = 0; i < k; i++) cyc[i] = n - i;
      view = a.subarray(0, k);
      done++;
      go = visit(view) !== false;
    }
    buf.set(view);
    return done;
  }
}
