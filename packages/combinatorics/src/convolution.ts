/**
 * @module convolution
 * The divide-and-conquer form of the combination generator (He & Little, arXiv:2507.03980;
 * research note combgen.md §2.4–2.5): for an input split into a left part xs and a right part ys,
 *
 *   kcombs_K(xs ++ ys) = kcombs_K(xs) ⊛_K kcombs_K(ys),   (A ⊛ B)_k = concat_j cross(A_{k−j}, B_j),
 *
 * a truncated convolution whose block sizes follow Vandermonde's identity
 * C(a+b, k) = Σ_j C(a, k−j)·C(b, j). Applied along a split tree over {0, …, n−1} it gives a
 * deterministic "recursively blocked" order of the k-combinations.
 *
 * Order, fixed here once for the whole module. At a node whose segment is split into a left part
 * (size a) and a right part (size b), level i lists the blocks j = max(0, i−a), …, min(i, b) in
 * increasing j (j = how many elements come from the right part); block j is cross(A_{i−j}, B_j) with
 * the right factor in the outer loop: for each v of B_j in order, for each u of A_{i−j} in order,
 * the combination u ∪ v. Leaves (segments that are not split further) list their subsets in colex
 * order. Consequences (tested):
 * - repeated snoc (split at s−1 everywhere) is colex, since it is the paper's sequential fold
 *   L'_k = L_k ++ (L_{k−1} with x appended) (combgen.md §2.2);
 * - repeated cons (split at 1 everywhere) is lex;
 * - every split tree lists the same set, each k-subset once (⊛ is associative, Vandermonde);
 * - in every node, the first item of level i is its i smallest elements and the last its i largest
 *   (induction over the tree), which is what makes the in-place successor cheap.
 *
 * Rank and unrank follow from the exact block offsets (prefix sums of C(a, i−j)·C(b, j)):
 * rank = offset_j + rank_B(v)·C(a, i−j) + rank_A(u). Because every block's size and offset is known
 * in advance, P workers can each write disjoint slices of one shared output (e.g. SoA columns over a
 * SharedArrayBuffer) with no coordination: {@link convolutionBlocks} and {@link writeBlock}.
 *
 * The block API materialises subtrees with the paper's recursively blocked array layout: each cross
 * block is written as bulk `set` copies of the left columns plus `fill`s of the right values
 * (native memcpy/memset), within a memory cap; subtrees too large for the cap are streamed.
 */
import { BaseSpace, DEFAULT_BLOCK_BYTES, resolveRange } from './_base.js';
import { assertCombination, assertKofN, assertNatural } from './_validate.js';
import { binomial } from './binomial.js';
import type { Block, BlockOptions, BlockVisitor, RankRange, Visitor } from './space.js';

/**
 * A split tree over a segment of consecutive elements: a number s is a leaf of s elements (listed
 * in colex order), a pair `[left, right]` splits the segment into the left subtree's elements
 * followed by the right subtree's. The leaf sizes sum to n.
 */
export type SplitTree = number | readonly [SplitTree, SplitTree];

/** Named split-tree shapes: `balanced` splits a segment of s at ⌊s/2⌋, `snoc` at s−1, `cons` at 1. */
export type SplitShape = 'balanced' | 'snoc' | 'cons';

/** Options of {@link convolutionSpace}. */
export interface ConvolutionOptions {
  /** An explicit {@link SplitTree} or a named shape. @default 'balanced' */
  readonly tree?: SplitTree | SplitShape;
  /** For named shapes: segments of at most this many elements become (colex) leaves. @default 1 */
  readonly leafSize?: number;
}

/** The JSON description that rebuilds a {@link ConvolutionSpace} (see `spaceFromSpec`). */
export type ConvolutionSpec = {
  readonly kind: 'convolution';
  readonly n: number;
  readonly k: number;
  readonly tree: SplitTree | SplitShape;
  readonly leafSize: number;
};

/**
 * One top-level block cross(A_{leftSize}, B_{rightSize}) of a convolution space: the items whose
 * `leftSize` smallest elements lie in [0, split) and whose `rightSize` largest lie in [split, n).
 * Its items are the ranks [offset, offset + count) of the space. Number fields are exact when the
 * value is at most 2^53 − 1 and +Infinity otherwise (then use the `Big` twins). The object is
 * structured-clonable (postMessage), so it can be sent to a worker with the space's `spec`.
 */
export interface ConvolutionBlock {
  /** Spec of the space this block belongs to. */
  readonly space: ConvolutionSpec;
  /** Position of the block in the space's block list. */
  readonly index: number;
  /** First element of the right part (the root split). */
  readonly split: number;
  /** Number of elements chosen from [0, split). */
  readonly leftSize: number;
  /** Number of elements chosen from [split, n). */
  readonly rightSize: number;
  /** Rank of the block's first item. */
  readonly offset: number;
  /** Rank of the block's first item, exact. */
  readonly offsetBig: bigint;
  /** Number of items, C(split, leftSize)·C(n − split, rightSize). */
  readonly count: number;
  /** Number of items, exact. */
  readonly countBig: bigint;
}

const SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const MAX_DEPTH = 5000;
/** Row count below which copies use scalar stores rather than set/fill. */
const SMALL = 24;
/** Runs shorter than this step with the successor; longer ones use the block writer. */
const RUN_MIN = 2048;
/** Rows per internal block of the visitor kernel, and the table budget it uses. */
const RUN_ROWS = 1024;
const RUN_BYTES = 4 << 20;

function toNum(b: bigint): number {
  return b <= SAFE_BIG ? Number(b) : Number.POSITIVE_INFINITY;
}

/** A node of the split tree: a segment [base, base + size), a leaf when `left` is null. */
class Node {
  readonly base: number;
  readonly size: number;
  readonly left: Node | null;
  readonly right: Node | null;
  constructor(base: number, size: number, left: Node | null, right: Node | null) {
    this.base = base;
    this.size = size;
    this.left = left;
    this.right = right;
  }
}

/** Memoised binomials C(s, i) for i ≤ k (few distinct s in a balanced tree). */
class Binoms {
  readonly #big = new Map<number, bigint[]>();
  readonly #num = new Map<number, Float64Array>();
  big(s: number, i: number): bigint {
    if (i < 0 || i > s) return 0n;
    let row = this.#big.get(s);
    if (row === undefined) {
      row = [];
      this.#big.set(s, row);
    }
    let v = row[i];
    if (v === undefined) {
      v = binomial(s, i);
      row[i] = v;
    }
    return v;
  }
  /** C(s, i) as a number, +Infinity when above 2^53 − 1. */
  num(s: number, i: number): number {
    if (i < 0 || i > s) return 0;
    let row = this.#num.get(s);
    if (row === undefined) {
      row = new Float64Array(Math.min(s, 64) + 1).fill(-1);
      this.#num.set(s, row);
    }
    if (i < row.length) {
      const v = row[i] as number;
      if (v >= 0) return v;
      const w = toNum(this.big(s, i));
      row[i] = w;
      return w;
    }
    return toNum(this.big(s, i));
  }
}

/**
 * The named split tree of the given shape over n elements, as an explicit {@link SplitTree}.
 * @param shape `balanced` (split at ⌊s/2⌋), `snoc` (at s−1) or `cons` (at 1)
 * @param n number of elements
 * @param leafSize segments of at most this many elements are leaves (≥ 1)
 * @returns the tree
 * @throws RangeError for bad parameters
 * @example splitTree('balanced', 4) //=> [[1, 1], [1, 1]]
 * @example splitTree('snoc', 3) //=> [[1, 1], 1]
 */
export function splitTree(shape: SplitShape, n: number, leafSize = 1): SplitTree {
  assertNatural('n', n);
  checkLeafSize(leafSize);
  checkShape(shape);
  const go = (s: number): SplitTree => {
    if (s <= leafSize) return s;
    const a = splitPoint(shape, s);
    return [go(a), go(s - a)];
  };
  return go(n);
}

function checkLeafSize(leafSize: number): void {
  if (!Number.isInteger(leafSize) || leafSize < 1) {
    throw new RangeError(`leafSize must be a positive integer, got ${String(leafSize)}`);
  }
}

function checkShape(shape: string): void {
  if (shape !== 'balanced' && shape !== 'snoc' && shape !== 'cons') {
    throw new RangeError(`unknown split shape '${shape}'; use balanced, snoc, cons or an explicit tree`);
  }
}

function splitPoint(shape: SplitShape, s: number): number {
  return shape === 'balanced' ? Math.floor(s / 2) : shape === 'snoc' ? s - 1 : 1;
}

function buildShape(shape: SplitShape, base: number, s: number, leafSize: number, depth: number): Node {
  if (depth > MAX_DEPTH) throw new RangeError(`split tree deeper than ${MAX_DEPTH}; use a larger leafSize`);
  if (s <= leafSize) return new Node(base, s, null, null);
  const a = splitPoint(shape, s);
  const l = buildShape(shape, base, a, leafSize, depth + 1);
  const r = buildShape(shape, base + a, s - a, leafSize, depth + 1);
  return new Node(base, s, l, r);
}

function buildExplicit(t: unknown, base: number, depth: number): Node {
  if (depth > MAX_DEPTH) throw new RangeError(`split tree deeper than ${MAX_DEPTH}`);
  if (typeof t === 'number') {
    assertNatural('split tree leaf', t);
    return new Node(base, t, null, null);
  }
  if (!Array.isArray(t) || t.length !== 2) {
    throw new RangeError(`a split tree is a leaf size or a pair [left, right], got ${JSON.stringify(t)}`);
  }
  const l = buildExplicit(t[0], base, depth + 1);
  const r = buildExplicit(t[1], base + l.size, depth + 1);
  return new Node(base, l.size + r.size, l, r);
}

/** Colex successor of the len-subset buf[lo..lo+len) of [base, end), in place. */
function colexSucc(buf: Int32Array, lo: number, len: number, base: number, end: number): boolean {
  for (let t = 0; t < len; t++) {
    const v = buf[lo + t] as number;
    const next = t + 1 < len ? (buf[lo + t + 1] as number) : end;
    if (v + 1 < next) {
      buf[lo + t] = v + 1;
      for (let s = 0; s < t; s++) buf[lo + s] = base + s;
      return true;
    }
  }
  return false;
}

/**
 * Successor, in the node's level-len list, of the subset buf[lo..lo+len) (sorted, inside the
 * node's segment), in place. Only descends where a successor exists: "last of a level" is checked
 * in O(1) because the last item of level i is the i largest elements.
 */
function succ(node: Node, buf: Int32Array, lo: number, len: number): boolean {
  if (len === 0) return false;
  const left = node.left;
  const end = node.base + node.size;
  if (left === null) return colexSucc(buf, lo, len, node.base, end);
  const right = node.right as Node;
  const mid = node.base + left.size;
  let m = 0;
  while (m < len && (buf[lo + m] as number) < mid) m++;
  const j = len - m;
  // Left part not its level's last: advance it (the right part stays).
  if (m > 0 && buf[lo] !== mid - m) return succ(left, buf, lo, m);
  // Right part not last: advance it and restart the left part at its first item.
  if (j > 0 && buf[lo + m] !== end - j) {
    for (let t = 0; t < m; t++) buf[lo + t] = node.base + t;
    return succ(right, buf, lo + m, j);
  }
  // Block exhausted: first item of block j+1.
  if (m === 0 || j + 1 > right.size) return false;
  for (let t = 0; t < m - 1; t++) buf[lo + t] = node.base + t;
  for (let t = 0; t <= j; t++) buf[lo + m - 1 + t] = mid + t;
  return true;
}

/** A level of a materialised node: `rows` subsets in SoA columns. */
interface Table {
  readonly rows: number;
  readonly cols: Int32Array[];
}

/**
 * Writes rows into SoA columns, flushing to a block visitor when full (forEachBlock) or writing
 * straight into caller columns (writeRows). Columns outside the node being written are taken from
 * `tmpl`, which holds the parts fixed by the ancestors (the right factors of the outer loops).
 */
class Writer {
  readonly k: number;
  readonly cols: Int32Array[];
  readonly cap: number;
  readonly tmpl: Int32Array;
  readonly plan: Map<Node, Table[]>;
  readonly binoms: Binoms;
  readonly visit: BlockVisitor | null;
  row: number;
  total = 0;
  stopped = false;

  constructor(
    k: number,
    cols: Int32Array[],
    cap: number,
    row: number,
    plan: Map<Node, Table[]>,
    binoms: Binoms,
    visit: BlockVisitor | null,
  ) {
    this.k = k;
    this.cols = cols;
    this.cap = cap;
    this.row = row;
    this.plan = plan;
    this.binoms = binoms;
    this.visit = visit;
    this.tmpl = new Int32Array(Math.max(1, k));
  }

  flush(): void {
    if (this.visit === null || this.row === 0) return;
    const block: Block = { width: this.k, rows: this.row, columns: this.cols };
    this.total += this.row;
    this.row = 0;
    if (this.visit(block) === false) this.stopped = true;
  }

  /** Copies rows [s, e) of a table into columns c0.., the other columns from tmpl. */
  copyRows(tab: Table, i: number, s: number, e: number, c0: number): void {
    const { cols, tmpl, k } = this;
    let src = s;
    while (src < e) {
      const row = this.row;
      const take = Math.min(e - src, this.cap - row);
      if (take < SMALL) {
        // A few rows: scalar stores beat making subarrays for set/fill.
        for (let q = 0; q < take; q++) {
          for (let t = 0; t < i; t++)
            (cols[c0 + t] as Int32Array)[row + q] = (tab.cols[t] as Int32Array)[src + q] as number;
          for (let c = 0; c < c0; c++) (cols[c] as Int32Array)[row + q] = tmpl[c] as number;
          for (let c = c0 + i; c < k; c++) (cols[c] as Int32Array)[row + q] = tmpl[c] as number;
        }
      } else {
        for (let t = 0; t < i; t++) {
          (cols[c0 + t] as Int32Array).set((tab.cols[t] as Int32Array).subarray(src, src + take), row);
        }
        for (let c = 0; c < c0; c++) (cols[c] as Int32Array).fill(tmpl[c] as number, row, row + take);
        for (let c = c0 + i; c < k; c++) (cols[c] as Int32Array).fill(tmpl[c] as number, row, row + take);
      }
      this.row = row + take;
      src += take;
      if (this.row === this.cap) {
        this.flush();
        if (this.stopped) return;
      }
    }
  }

  /** Writes tmpl as one row. */
  writeOne(): void {
    const { cols, tmpl, k } = this;
    const row = this.row;
    for (let c = 0; c < k; c++) (cols[c] as Int32Array)[row] = tmpl[c] as number;
    this.row = row + 1;
    if (this.row === this.cap) this.flush();
  }

  /** Writes the whole level i of `node` into columns c0..c0+i. */
  writeLevel(node: Node, i: number, c0: number): void {
    const tabs = this.plan.get(node);
    if (tabs !== undefined) {
      const tab = tabs[i] as Table;
      this.copyRows(tab, i, 0, tab.rows, c0);
      return;
    }
    const { tmpl } = this;
    const left = node.left;
    if (left === null) {
      for (let t = 0; t < i; t++) tmpl[c0 + t] = node.base + t;
      do {
        this.writeOne();
        if (this.stopped) return;
      } while (colexSucc(tmpl, c0, i, node.base, node.base + node.size));
      return;
    }
    const right = node.right as Node;
    const a = left.size;
    const mid = node.base + a;
    for (let j = Math.max(0, i - a); j <= Math.min(i, right.size); j++) {
      const p = c0 + i - j;
      if (j === i || j === i - a) {
        // The left factor has one item (none or all of the left part): the block is the right
        // factor's level with constant left columns, written in bulk.
        for (let t = 0; t < i - j; t++) tmpl[c0 + t] = node.base + t;
        this.writeLevel(right, j, p);
        if (this.stopped) return;
        continue;
      }
      for (let t = 0; t < j; t++) tmpl[p + t] = mid + t;
      do {
        this.writeLevel(left, i - j, c0);
        if (this.stopped) return;
      } while (succ(right, tmpl, p, j));
    }
  }

  /** Writes the items of ranks [s, e) of level i of `node` into columns c0..c0+i. */
  writeRange(node: Node, i: number, s: bigint, e: bigint, c0: number): void {
    if (s >= e || this.stopped) return;
    const b = this.binoms;
    if (s === 0n && e === b.big(node.size, i)) {
      this.writeLevel(node, i, c0);
      return;
    }
    const tabs = this.plan.get(node);
    if (tabs !== undefined) {
      this.copyRows(tabs[i] as Table, i, Number(s), Number(e), c0);
      return;
    }
    const { tmpl } = this;
    const left = node.left;
    if (left === null) {
      unrankNode(node, i, s, tmpl, c0, b);
      for (let q = s; q < e; q++) {
        this.writeOne();
        if (this.stopped) return;
        if (q + 1n < e) colexSucc(tmpl, c0, i, node.base, node.base + node.size);
      }
      return;
    }
    const right = node.right as Node;
    const a = left.size;
    let off = 0n;
    for (let j = Math.max(0, i - a); j <= Math.min(i, right.size); j++) {
      const ca = b.big(a, i - j);
      const bs = off;
      off += ca * b.big(right.size, j);
      const qs = (s > bs ? s : bs) - bs;
      const qe = (e < off ? e : off) - bs;
      if (qs >= qe) continue;
      const p = c0 + i - j;
      if (ca === 1n) {
        // One left item: block rows are right-factor ranks, with constant left columns.
        for (let t = 0; t < i - j; t++) tmpl[c0 + t] = node.base + t;
        this.writeRange(right, j, qs, qe, p);
        if (this.stopped) return;
        continue;
      }
      const v0 = qs / ca;
      const v1 = (qe - 1n) / ca;
      unrankNode(right, j, v0, tmpl, p, b);
      for (let v = v0; v <= v1; v++) {
        const us = v === v0 ? qs % ca : 0n;
        const ue = v === v1 ? ((qe - 1n) % ca) + 1n : ca;
        this.writeRange(left, i - j, us, ue, c0);
        if (this.stopped) return;
        if (v < v1) succ(right, tmpl, p, j);
      }
    }
  }
}

/** Writes into out[pos..pos+i) the subset of rank r in the node's level i. */
function unrankNode(node: Node, i: number, r: bigint, out: Int32Array, pos: number, b: Binoms): void {
  if (i === 0) return;
  const left = node.left;
  if (left === null) {
    // Colex unranking: the t-th element is the largest c with C(c, t) ≤ r (binary search).
    let hi = node.size - 1;
    for (let t = i; t >= 1; t--) {
      let lo = t - 1;
      let h = hi;
      while (lo < h) {
        const m = (lo + h + 1) >>> 1;
        if (b.big(m, t) <= r) lo = m;
        else h = m - 1;
      }
      out[pos + t - 1] = node.base + lo;
      r -= b.big(lo, t);
      hi = lo - 1;
    }
    return;
  }
  const right = node.right as Node;
  const a = left.size;
  const jhi = Math.min(i, right.size);
  let j = Math.max(0, i - a);
  for (; j < jhi; j++) {
    const sz = b.big(a, i - j) * b.big(right.size, j);
    if (r < sz) break;
    r -= sz;
  }
  const ca = b.big(a, i - j);
  unrankNode(left, i - j, r % ca, out, pos, b);
  unrankNode(right, j, r / ca, out, pos + i - j, b);
}

/** Rank of the sorted subset item[lo..lo+i) in the node's level i. */
function rankNode(node: Node, i: number, item: ArrayLike<number>, lo: number, b: Binoms): bigint {
  if (i === 0) return 0n;
  const left = node.left;
  if (left === null) {
    let r = 0n;
    for (let t = 0; t < i; t++) r += b.big((item[lo + t] as number) - node.base, t + 1);
    return r;
  }
  const right = node.right as Node;
  const a = left.size;
  const mid = node.base + a;
  let m = 0;
  while (m < i && (item[lo + m] as number) < mid) m++;
  const j = i - m;
  let off = 0n;
  for (let jj = Math.max(0, i - a); jj < j; jj++) off += b.big(a, i - jj) * b.big(right.size, jj);
  return off + rankNode(right, j, item, lo + m, b) * b.big(a, m) + rankNode(left, m, item, lo, b);
}

/** Number of Int32 words the tables of levels 0..L of a segment of s elements take (∞ if huge). */
function tableWords(b: Binoms, s: number, L: number): number {
  let w = 1;
  for (let i = 1; i <= Math.min(L, s); i++) w += b.num(s, i) * i;
  return w;
}

/**
 * Builds the SoA tables of levels 0..min(L, size) of `node`: leaves by the paper's sequential fold
 * (combgen.md §2.2), internal nodes by cross blocks, each a bulk `set` of the left columns plus
 * `fill`s of the right values: the recursively blocked array layout.
 */
function buildTables(node: Node, L: number, b: Binoms): Table[] {
  const top = Math.min(L, node.size);
  const tabs: Table[] = [];
  const left = node.left;
  for (let i = 0; i <= top; i++) {
    const rows = b.num(node.size, i);
    const cols: Int32Array[] = [];
    for (let t = 0; t < i; t++) cols.push(new Int32Array(rows));
    tabs.push({ rows, cols });
  }
  if (left === null) {
    // Stage x: level i gains level i−1 (as it was before this stage) with base+x appended; looping
    // i downward reads level i−1 before it grows.
    const cnt = new Float64Array(top + 1);
    cnt[0] = 1;
    for (let x = 0; x < node.size; x++) {
      for (let i = Math.min(top, x + 1); i >= 1; i--) {
        const src = tabs[i - 1] as Table;
        const dst = tabs[i] as Table;
        const m = cnt[i - 1] as number;
        const off = cnt[i] as number;
        for (let t = 0; t < i - 1; t++) {
          (dst.cols[t] as Int32Array).set((src.cols[t] as Int32Array).subarray(0, m), off);
        }
        (dst.cols[i - 1] as Int32Array).fill(node.base + x, off, off + m);
        cnt[i] = off + m;
      }
    }
    return tabs;
  }
  const right = node.right as Node;
  const A = buildTables(left, top, b);
  const B = buildTables(right, top, b);
  const a = left.size;
  for (let i = 0; i <= top; i++) {
    const dst = tabs[i] as Table;
    let off = 0;
    for (let j = Math.max(0, i - a); j <= Math.min(i, right.size); j++) {
      const u = A[i - j] as Table;
      const v = B[j] as Table;
      const h = i - j;
      for (let r = 0; r < v.rows; r++) {
        for (let t = 0; t < h; t++)
          (dst.cols[t] as Int32Array).set((u.cols[t] as Int32Array).subarray(0, u.rows), off);
        for (let t = 0; t < j; t++) {
          (dst.cols[h + t] as Int32Array).fill((v.cols[t] as Int32Array)[r] as number, off, off + u.rows);
        }
        off += u.rows;
      }
    }
  }
  return tabs;
}

/**
 * Chooses the subtrees to materialise: the largest ones whose tables fit a threshold, lowering the
 * threshold until their total fits `budgetBytes`; the rest of the tree is streamed.
 */
function planTables(root: Node, k: number, budgetBytes: number, b: Binoms): Map<Node, Table[]> {
  let threshold = budgetBytes;
  let frontier: Node[] = [];
  for (;;) {
    frontier = [];
    let total = 0;
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as Node;
      const words = tableWords(b, node.size, k);
      if (words * 4 <= threshold && words < 2 ** 30) {
        frontier.push(node);
        total += words;
      } else if (node.left !== null) {
        stack.push(node.right as Node, node.left);
      }
    }
    if (total * 4 <= budgetBytes || threshold < 64) break;
    threshold /= 2;
  }
  const plan = new Map<Node, Table[]>();
  for (const node of frontier) plan.set(node, buildTables(node, k, b));
  return plan;
}

/**
 * The k-combinations of {0, …, n−1} in the recursively blocked order of a split tree.
 * @param n number of elements
 * @param k size of the combinations (0 ≤ k ≤ n)
 * @param options the split tree (default: balanced, leaves of one element)
 * @returns the space
 * @throws RangeError when k > n, or the tree is malformed or its leaves do not sum to n
 * @example [...convolutionSpace(6, 2)].map((c) => c.join('')).join(' ')
 * //=> '01 02 12 03 13 23 04 14 24 05 15 25 34 35 45'
 * @example convolutionSpace(5, 2, { tree: 'snoc' }) // colex order
 */
export function convolutionSpace(n: number, k: number, options?: ConvolutionOptions): ConvolutionSpace {
  return new ConvolutionSpace(n, k, options);
}

/**
 * The top-level blocks of the k-combinations of {0, …, n−1} split at `split`: block j takes k−j
 * elements from [0, split) and j from [split, n), for j increasing; both parts in colex order, the
 * right part in the outer loop. These are the blocks of
 * `convolutionSpace(n, k, { tree: [split, n − split] })`, and their offsets are the prefix sums of
 * C(split, k−j)·C(n−split, j) (Vandermonde), so workers can fill disjoint slices of one output.
 * @param n number of elements
 * @param k combination size (0 ≤ k ≤ n)
 * @param split size of the left part (0 ≤ split ≤ n)
 * @returns the non-empty blocks in rank order
 * @throws RangeError for out-of-range parameters
 * @example convolutionBlocks(6, 2, 3).map((b) => [b.leftSize, b.rightSize, b.offset, b.count])
 * //=> [[2, 0, 0, 3], [1, 1, 3, 9], [0, 2, 12, 3]]
 */
export function convolutionBlocks(n: number, k: number, split: number): ConvolutionBlock[] {
  assertKofN(n, k);
  assertKofN(n, split, 'split');
  return new ConvolutionSpace(n, k, { tree: [split, n - split] }).blocks();
}

let lastSpace: ConvolutionSpace | undefined;
let lastKey = '';

/**
 * Fills SoA columns with rows of one block (all of them, or the block-relative rank range
 * `range`): row `rowOffset + q` of `columns[t]` receives element t of the block's item q. Meant for
 * workers filling disjoint slices of one shared output (Int32Array columns over a
 * SharedArrayBuffer): the block carries its space's spec, so nothing else is needed.
 * @param block a block from {@link convolutionBlocks} or {@link ConvolutionSpace.blocks}
 * @param columns at least k columns, each with room for the rows
 * @param rowOffset first row to write
 * @param range ranks inside the block, [0, block.count) by default
 * @param options memory cap for the materialised subtrees
 * @returns the number of rows written
 * @throws RangeError when the columns are too few or too short, or the range is outside the block
 * @example
 * const n = 6, k = 2, blocks = convolutionBlocks(n, k, 3);
 * const cols = [0, 1].map(() => new Int32Array(new SharedArrayBuffer(4 * 15)));
 * for (const b of blocks) writeBlock(b, cols, b.offset); // each could run in its own worker
 */
export function writeBlock(
  block: ConvolutionBlock,
  columns: readonly Int32Array[],
  rowOffset: number,
  range?: RankRange,
  options?: BlockOptions,
): number {
  const key = JSON.stringify(block.space);
  if (lastSpace === undefined || key !== lastKey) {
    lastSpace = new ConvolutionSpace(block.space.n, block.space.k, {
      tree: block.space.tree,
      leafSize: block.space.leafSize,
    });
    lastKey = key;
  }
  return lastSpace.writeBlock(block, columns, rowOffset, range, options);
}

/** See {@link convolutionSpace}. */
export class ConvolutionSpace extends BaseSpace {
  readonly n: number;
  readonly k: number;
  readonly maxWidth: number;
  readonly spec: ConvolutionSpec;
  readonly #root: Node;
  readonly #binoms = new Binoms();
  /** The last materialisation plan and its budget, reused by later block calls. */
  #lastPlan: Map<Node, Table[]> | undefined;
  #lastBudget = -1;

  constructor(n: number, k: number, options?: ConvolutionOptions) {
    super();
    assertKofN(n, k);
    const tree = options?.tree ?? 'balanced';
    const leafSize = options?.leafSize ?? 1;
    checkLeafSize(leafSize);
    if (typeof tree === 'string') {
      checkShape(tree);
      this.#root = buildShape(tree, 0, n, leafSize, 0);
    } else {
      this.#root = buildExplicit(tree, 0, 0);
      if (this.#root.size !== n) {
        throw new RangeError(`the split tree covers ${this.#root.size} elements; expected n = ${n}`);
      }
    }
    this.n = n;
    this.k = k;
    this.maxWidth = k;
    this.spec = { kind: 'convolution', n, k, tree, leafSize };
  }

  countBig(): bigint {
    return this.#binoms.big(this.n, this.k);
  }

  #check(item: ArrayLike<number>): void {
    assertCombination(item, this.n, this.k);
  }

  rankBig(item: ArrayLike<number>): bigint {
    this.#check(item);
    return rankNode(this.#root, this.k, item, 0, this.#binoms);
  }

  protected unrankInto(r: bigint, out: Int32Array): number {
    unrankNode(this.#root, this.k, r, out, 0, this.#binoms);
    return this.k;
  }

  successor(buf: Int32Array, length: number): number {
    if (length !== this.k) throw new RangeError(`buffer holds ${length} elements; expected k = ${this.k}`);
    return succ(this.#root, buf, 0, this.k) ? this.k : -1;
  }

  /**
   * The top-level blocks cross(A_{k−j}, B_j) of the root split, in rank order, with exact offsets
   * (a leaf root is one block with split = n). Empty blocks are left out.
   * @returns the blocks; their counts sum to C(n, k)
   * @example convolutionSpace(6, 2).blocks().map((b) => b.offset) //=> [0, 3, 12]
   */
  blocks(): ConvolutionBlock[] {
    const { n, k } = this;
    const b = this.#binoms;
    const root = this.#root;
    const split = root.left === null ? n : root.left.size;
    const out: ConvolutionBlock[] = [];
    let off = 0n;
    for (let j = Math.max(0, k - split); j <= Math.min(k, n - split); j++) {
      const c = b.big(split, k - j) * b.big(n - split, j);
      out.push({
        space: this.spec,
        index: out.length,
        split,
        leftSize: k - j,
        rightSize: j,
        offset: toNum(off),
        offsetBig: off,
        count: toNum(c),
        countBig: c,
      });
      off += c;
    }
    return out;
  }

  /**
   * Writes the items of the rank range into SoA columns: row `rowOffset + q` of `columns[t]`
   * receives element t of the item of rank start + q. Subtrees are materialised with bulk
   * `set`/`fill` within `options.maxBytes`.
   * @param columns at least k Int32Array columns with room for the rows
   * @param rowOffset first row to write
   * @param range rank range (the whole space by default)
   * @param options memory cap for the materialised subtrees
   * @returns the number of rows written
   * @throws RangeError when the columns are too few or too short, or the range is invalid
   * @example
   * const cols = [new Int32Array(3), new Int32Array(3)];
   * convolutionSpace(6, 2).writeRows(cols, 0, { start: 3, end: 6 }); // cols = [0,1,2], [3,3,3]
   */
  writeRows(
    columns: readonly Int32Array[],
    rowOffset: number,
    range?: RankRange,
    options?: BlockOptions,
  ): number {
    const [s, e] = resolveRange(range, this.countBig());
    return this.#write(columns, rowOffset, s, e, options);
  }

  /**
   * Writes one of this space's blocks (or the block-relative `range` of it) into SoA columns; see
   * the free function {@link writeBlock}.
   * @returns the number of rows written
   * @throws RangeError when the block is not one of this space's, or as {@link ConvolutionSpace.writeRows}
   */
  writeBlock(
    block: ConvolutionBlock,
    columns: readonly Int32Array[],
    rowOffset: number,
    range?: RankRange,
    options?: BlockOptions,
  ): number {
    const mine = this.blocks()[block.index];
    if (
      mine === undefined ||
      mine.offsetBig !== block.offsetBig ||
      mine.countBig !== block.countBig ||
      mine.leftSize !== block.leftSize ||
      JSON.stringify(block.space) !== JSON.stringify(this.spec)
    ) {
      throw new RangeError('the block does not belong to this convolution space');
    }
    const [s, e] = resolveRange(range, block.countBig);
    return this.#write(columns, rowOffset, block.offsetBig + s, block.offsetBig + e, options);
  }

  #write(
    columns: readonly Int32Array[],
    rowOffset: number,
    s: bigint,
    e: bigint,
    options: BlockOptions | undefined,
  ): number {
    assertNatural('rowOffset', rowOffset);
    const rows = e - s;
    if (columns.length < this.k) {
      throw new RangeError(`need ${this.k} columns, got ${columns.length}`);
    }
    for (let t = 0; t < this.k; t++) {
      if (BigInt((columns[t] as Int32Array).length) < BigInt(rowOffset) + rows) {
        throw new RangeError(`column ${t} is too short for ${rows} rows from row ${rowOffset}`);
      }
    }
    if (rows === 0n) return 0;
    const plan = this.#plan(options?.maxBytes ?? DEFAULT_BLOCK_BYTES);
    const w = new Writer(
      this.k,
      columns.slice(0, this.k),
      Number.MAX_SAFE_INTEGER,
      rowOffset,
      plan,
      this.#binoms,
      null,
    );
    w.writeRange(this.#root, this.k, s, e, 0);
    return Number(rows);
  }

  /** Tables of the subtrees chosen for `budget` bytes; the last plan is kept for reuse. */
  #plan(budget: number): Map<Node, Table[]> {
    if (this.#lastPlan === undefined || this.#lastBudget !== budget) {
      this.#lastPlan = undefined; // let the old tables go before building new ones
      this.#lastPlan = planTables(this.#root, this.k, budget, this.#binoms);
      this.#lastBudget = budget;
    }
    return this.#lastPlan;
  }

  /**
   * Visitor kernel: long runs are produced by the block writer (bulk copies from materialised
   * subtrees, at most 4 MiB of tables, built per call and released) and copied row by row into
   * `buf`; short ones step with the successor.
   */
  protected override run(buf: Int32Array, len: number, count: number, visit: Visitor): number {
    const k = this.k;
    if (count < RUN_MIN || k === 0) return super.run(buf, len, count, visit);
    const s = rankNode(this.#root, k, buf, 0, this.#binoms);
    const cols: Int32Array[] = [];
    for (let t = 0; t < k; t++) cols.push(new Int32Array(RUN_ROWS));
    const view = buf.subarray(0, k);
    let visited = 0;
    const rows: BlockVisitor = (blk) => {
      for (let r = 0; r < blk.rows; r++) {
        for (let c = 0; c < k; c++) buf[c] = (cols[c] as Int32Array)[r] as number;
        visited++;
        if (visit(view) === false) return false;
      }
      return true;
    };
    // Tables scale with the run (short ranges stay cheap), at most RUN_BYTES, dropped afterwards.
    const budget = Math.min(RUN_BYTES, count * k * 4);
    const plan = planTables(this.#root, k, budget, this.#binoms);
    const w = new Writer(k, cols, RUN_ROWS, 0, plan, this.#binoms, rows);
    w.writeRange(this.#root, k, s, s + BigInt(count), 0);
    if (!w.stopped) w.flush();
    return visited;
  }

  /**
   * Visits the items in SoA blocks in rank order, built with the recursively blocked layout: half
   * of `maxBytes` for materialised subtrees, half for the output columns.
   * @returns the number of items visited
   */
  override forEachBlock(visit: BlockVisitor, options?: BlockOptions): number {
    const maxBytes = options?.maxBytes ?? DEFAULT_BLOCK_BYTES;
    if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be a positive number of bytes, got ${maxBytes}`);
    const k = this.k;
    if (k === 0) {
      visit({ width: 0, rows: 1, columns: [] });
      return 1;
    }
    const plan = this.#plan(maxBytes / 2);
    const cap = Math.max(1, Math.min(2 ** 24, Math.floor(maxBytes / 2 / (4 * k))));
    const cols: Int32Array[] = [];
    for (let t = 0; t < k; t++) cols.push(new Int32Array(cap));
    const w = new Writer(k, cols, cap, 0, plan, this.#binoms, visit);
    w.writeLevel(this.#root, k, 0);
    if (!w.stopped) w.flush();
    return w.total;
  }
}
