/**
 * @module axis/solver
 * Exact depth-constrained decision trees with axis-parallel splits on continuous features: the
 * MurTree/ConTree recursion `best(S, d) = min(leaf(S), min_{f,t} best(S≤t, d−1) + best(S>t, d−1) + α)`
 * over every threshold between consecutive distinct values (the special case of the depth-constrained
 * recursion of arXiv:2503.01455 Part I; research notes §1.3(6)), with
 * - a specialised depth-2 kernel: for a root split (f1, t) one pass over the node's rows in each
 *   feature f2's sorted order accumulates class counts of both children at once and scores every
 *   depth-1 split of both children — O(d·n) per root threshold, typed arrays, no allocation. Two
 *   classes with min-leaf 1 use the difference form (best split from min/max of a0 − a1, branch-free);
 *   more classes skip value boundaries that cannot beat the side's best (each row moves a depth-1
 *   cost by at most its weight — ConTree's depth-2 skipping, Briţa et al. AAAI 2025); tie-heavy
 *   two-class nodes build, per root feature, a prefix table of class counts over (f1 value × f2 value)
 *   so a pass costs the number of distinct values instead of d·n rows;
 * - int32 and branch-free forms of the kernel where they win (two classes with unit weights: rank,
 *   class and boundary packed in one word per row, branch-free; more classes with unit weights: the
 *   same packing, integer counts and skipping);
 * - per-level scratch (typed arrays reused across nodes, and across solves of one shape through
 *   `AxisWorkspace`) and ranks/orders from one index sort (no comparator closure);
 * - a cache of subproblems by (depth, split limit, row set) from the root's grandchildren on, where
 *   one row set is reached by several paths (as in the caches of MurTree, Demirović et al. JMLR
 *   2022, and ConTree);
 * - branch and bound over thresholds (ConTree, Briţa et al. AAAI 2025): thresholds of one feature are
 *   bisected best-first; an interval (a, b) of thresholds is discarded when a lower bound on every
 *   threshold inside it reaches the incumbent. The bounds are (i) monotonicity, best(L(t)) ≥ best(L(a))
 *   because L(t) ⊇ L(a) (valid for min-leaf 1), and (ii) the similarity bound: moving rows of total
 *   weight W between the children changes each child's optimum by at most W·(max per-row cost), so
 *   best(L(t)) + best(R(t)) ≥ best(L(b)) + best(R(a)) − W(a, b);
 * - an incumbent from a greedy (CART-like, same objective) tree, budgets passed down to children
 *   (a child only needs to be solved below `incumbent − α − lowerBound(sibling)`); with five or more
 *   features the larger child is solved first, as it more often refutes the pair on its own;
 * - a class-count bound for misclassifications: a tree with at most L leaves predicts at most L
 *   classes, so it errs on every row of the other classes (glass, six classes, at depth 2);
 * - maximum number of splits K (child budgets kL + kR = K − 1), minimum leaf size, per-split cost α,
 *   any additive leaf objective, and an anytime deadline that returns the incumbent with a valid
 *   lower bound.
 */
import type { Dataset, Objective, TreeNode } from '../types.js';
import { boardBudget, publishSlot, type RootRange } from './shared.js';
import { SIMD_MAX_CLASSES, SIMD_OUT_BYTES, type SimdKernel, simdKernel } from './simd.js';

/** Options of the axis-parallel solver (a subset of FitOptions, plus the root restriction for workers). */
export interface AxisSolveOptions {
  readonly depth: number;
  readonly maxSplits?: number;
  readonly minLeaf?: number;
  readonly alpha?: number;
  readonly objective?: Objective;
  /** Absolute deadline in `performance.now()` milliseconds; default none. */
  readonly deadline?: number;
  /**
   * Restrict the root's candidate splits to a part `[part, parts)` of them (round-robin over the
   * root's (feature, threshold) list) — used to share the root among worker threads. The leaf and the
   * greedy tree are only incumbents of part 0.
   */
  readonly rootPart?: { readonly part: number; readonly parts: number };
  /** An upper bound known from elsewhere (e.g. another worker): only trees strictly better are sought. */
  readonly initialUpperBound?: number;
  /**
   * Restrict the root's candidate splits to the thresholds of one feature after its distinct-value
   * ranks `[from, to)` (a part of src/axis/shared.ts's fixed partition). Neither the leaf nor the
   * greedy tree is an incumbent of such a part.
   */
  readonly rootRange?: RootRange;
  /**
   * The incumbent shared with other threads (src/axis/shared.ts): a board of per-part costs, read
   * before each root candidate (`boardBudget`) and written at this part's slot `self` at each
   * improvement.
   */
  readonly sharedBound?: { readonly board: BigInt64Array; readonly self: number };
  /** Stop the root's search at its first tree below the budget (a deterministic re-solve). */
  readonly stopAtFirst?: boolean;
  /**
   * Stop like at a deadline once this many split evaluations were made (deterministic interruption,
   * used to test the anytime certificate); default unlimited.
   */
  readonly maxEvaluations?: number;
}

/** What the axis solver returns. */
export interface AxisSolution {
  readonly tree: TreeNode;
  /** Objective (leaf costs + α·splits) of `tree`. */
  readonly objective: number;
  /** Proven lower bound on the optimum (over the searched root part). */
  readonly lowerBound: number;
  /** True when the search finished (no deadline hit). */
  readonly complete: boolean;
  readonly rules: number;
  readonly evaluated: number;
  readonly pruned: number;
}

/** The root's restriction to a part of its candidate splits (round-robin part, or a range). */
interface RootSel {
  readonly part: number;
  readonly parts: number;
  readonly range: RootRange | null;
}

interface Res {
  lb: number;
  ub: number;
  tree: TreeNode | null;
}

interface Interval {
  f: number;
  a: number;
  b: number;
  bound: number;
}

/**
 * A cached subproblem: lb ≤ its optimum ≤ ub = cost of `tree`; exact when lb ≥ ub. `rows` (feature
 * 0's order) confirms a hash match.
 */
interface CacheEntry {
  rows: Int32Array;
  lb: number;
  ub: number;
  /** Null for a refutation that kept no tree (ub = ∞). */
  tree: TreeNode | null;
}

/** At most this many row indices are kept in a solve's cache (32 MB); later subproblems are not cached. */
const CACHE_INTS = 1 << 23;

/** Per-recursion-level scratch of {@link AxisSolver}'s search (typed arrays reused across nodes). */
interface SearchScratch {
  cand: Int32Array;
  ncand: Int32Array;
  plip: Float64Array;
  pre: Float64Array;
  vals: Float64Array;
  tot: Float64Array;
  cl: Float64Array;
  cr: Float64Array;
  TL: Float64Array;
  TR: Float64Array;
  run: Float64Array;
  estL: Float64Array;
  estRc: Float64Array;
}

/** Per-level scratch of the depth-2 kernel (typed arrays sized for the whole data set). */
interface KernelScratch {
  y: Int32Array;
  w: Float64Array;
  l: Float64Array;
  b: Uint8Array;
  /** Two-class difference kernel: signed weight (+w class 0, −w class 1) and boundary penalty. */
  sg: Float64Array;
  pen: Float64Array;
  /** Int32 difference kernel: per row, class and boundary code packed above the rank (see PACK_*). */
  code: Int32Array;
  slots: Int32Array[];
  ready: Int32Array;
  lr: Int32Array;
  loc: Int32Array;
  U: Int32Array;
  off: Int32Array;
  grids: Int32Array[];
  gridReady: Int8Array;
}

/**
 * Memory an {@link AxisSolver} reuses: per-level scratch, partition buffers and the constructor's
 * rank/order arrays. `solveAxis` keeps the workspace of its last solve per problem shape and hands
 * it to the next solve of the same shape, so repeated solves (cross-validation, α paths, benchmarks)
 * skip tens of typed-array allocations (about 1 µs each; a third of a 0.2 ms solve on caesarian).
 * Only memory is shared, never results: every consumer writes what it reads within one solve.
 */
export interface AxisWorkspace {
  readonly key: string;
  readonly bufL: Int32Array[];
  readonly bufR: Int32Array[];
  readonly kcl: Float64Array[];
  readonly sscratch: SearchScratch[];
  readonly kscratch: KernelScratch[];
  readonly rank: Int32Array;
  readonly rootOrd: Int32Array;
  readonly pool: Float64Array;
  readonly col: Float64Array;
  readonly idx: Int32Array;
  /** Bucket starts of the counting sort of small-integer columns (2n + 2). */
  readonly bucket: Int32Array;
  readonly lip: Float64Array;
  readonly ones: Float64Array;
}

function newWorkspace(key: string, n: number, d: number): AxisWorkspace {
  return {
    key,
    bufL: [],
    bufR: [],
    kcl: [],
    sscratch: [],
    kscratch: [],
    rank: new Int32Array(d * n),
    rootOrd: new Int32Array(d * n),
    pool: new Float64Array(d * n),
    col: new Float64Array(n),
    idx: new Int32Array(n),
    bucket: new Int32Array(2 * n + 2),
    lip: new Float64Array(n),
    ones: new Float64Array(n).fill(1),
  };
}

/** Workspaces of finished solves by shape (a few; solves in progress hold theirs). */
const spare = new Map<string, AxisWorkspace>();

/** The shape a workspace's sizes depend on: rows, features, classes, objective kind, min-leaf 1, weights. */
function workspaceKey(data: Dataset, opts: AxisSolveOptions): string {
  const kind = opts.objective?.kind ?? 'errors';
  const m1 = Math.max(1, opts.minLeaf ?? 1) === 1;
  return `${data.n},${data.d},${data.classes.length},${kind},${m1},${data.weights === undefined}`;
}

/** Width of a search node's stored bounds per candidate: 4 for the depth-2 kernel, else 2 per budget. */
function kernelWidthOf(depth: number, k: number): number {
  if (depth === 2 && k >= 2) return 4;
  const capChild = 2 ** (depth - 1) - 1;
  const nb = Math.min(k - 1, capChild) - Math.max(0, k - 1 - capChild) + 1;
  return 2 * nb;
}

/** Binary min-heap of intervals by bound. */
class Heap {
  private a: Interval[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Interval | undefined {
    return this.a[0];
  }
  push(v: Interval): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as Interval).bound <= v.bound) break;
      a[i] = a[p] as Interval;
      i = p;
    }
    a[i] = v;
  }
  pop(): Interval | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (a[r] as Interval).bound < (a[l] as Interval).bound ? r : l;
        if ((a[c] as Interval).bound >= last.bound) break;
        a[i] = a[c] as Interval;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * Sorts `idx[lo, hi)` (row indices) by (col[row], row): quicksort with median-of-three pivots and
 * insertion sort below 16 rows. Keys are distinct (row index breaks ties), so the result is unique.
 * NaN-free columns only.
 */
function sortRows(idx: Int32Array, col: Float64Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >> 1;
    // Median of three by (value, row).
    let a = idx[lo] as number;
    let b = idx[mid] as number;
    const c = idx[hi - 1] as number;
    if (rowLess(col, b, a)) [a, b] = [b, a];
    if (rowLess(col, c, b)) {
      b = c;
      if (rowLess(col, b, a)) b = a;
    }
    const p = b;
    const pv = col[p] as number;
    let i = lo;
    let j = hi - 1;
    while (i <= j) {
      for (;;) {
        const x = idx[i] as number;
        const xv = col[x] as number;
        if (xv < pv || (xv === pv && x < p)) i++;
        else break;
      }
      for (;;) {
        const x = idx[j] as number;
        const xv = col[x] as number;
        if (xv > pv || (xv === pv && x > p)) j--;
        else break;
      }
      if (i <= j) {
        const t = idx[i] as number;
        idx[i] = idx[j] as number;
        idx[j] = t;
        i++;
        j--;
      }
    }
    // Recurse into the smaller part, loop on the larger (stack depth O(log n)).
    if (j + 1 - lo < hi - i) {
      sortRows(idx, col, lo, j + 1);
      lo = i;
    } else {
      sortRows(idx, col, i, hi);
      hi = j + 1;
    }
  }
  for (let i = lo + 1; i < hi; i++) {
    const x = idx[i] as number;
    const xv = col[x] as number;
    let j = i - 1;
    while (j >= lo) {
      const y = idx[j] as number;
      const yv = col[y] as number;
      if (yv > xv || (yv === xv && y > x)) {
        idx[j + 1] = y;
        j--;
      } else break;
    }
    idx[j + 1] = x;
  }
}

function rowLess(col: Float64Array, a: number, b: number): boolean {
  const av = col[a] as number;
  const bv = col[b] as number;
  return av < bv || (av === bv && a < b);
}

/**
 * `out[q] = rank[rb + ord[q]] (| code[q] when code is given)` for q < len: the node's rows in every
 * feature's order tagged with their rank in one root feature. A small function of typed arrays and
 * numbers only: as a closure in `search` its loop was on-stack-replaced on the first long call and
 * the code after it, which had no type feedback yet, deoptimised on every later call (933 times in
 * one breast-cancer depth-3 solve).
 */
function fillMemb(
  out: Int32Array,
  rank: Int32Array,
  rb: number,
  ord: Int32Array,
  code: Int32Array,
  len: number,
): void {
  if (code.length >= len)
    for (let q = 0; q < len; q++) out[q] = (rank[rb + (ord[q] as number)] as number) | (code[q] as number);
  else for (let q = 0; q < len; q++) out[q] = rank[rb + (ord[q] as number)] as number;
}

/**
 * {@link fillMemb} into the SIMD kernel's memory (./simd.ts): the node's rows, d features of s rows,
 * interleaved per group of four features from int32 index `base` — lane f & 3 of the group f >> 2
 * holds feature f's packed word `rank[rb + ord[q]] | code[q]` for its q-th row; the lanes past the
 * last feature hold PEN32 (never a value boundary, so they never count).
 */
function fillSimd(
  H: Int32Array,
  base: number,
  rank: Int32Array,
  rb: number,
  ord: Int32Array,
  code: Int32Array,
  d: number,
  s: number,
): void {
  const g4 = (d + 3) >> 2;
  for (let f = 0; f < 4 * g4; f++) {
    const o = base + (f >> 2) * s * 4 + (f & 3);
    const q0 = f * s;
    if (f < d)
      for (let q = 0; q < s; q++)
        H[o + q * 4] = (rank[rb + (ord[q0 + q] as number)] as number) | (code[q0 + q] as number);
    else for (let q = 0; q < s; q++) H[o + q * 4] = PEN32;
  }
}

const INF = Number.POSITIVE_INFINITY;
/**
 * The tree a depth-2 child of a depth-3 root returns while `lazyKids` is set: its cost is exact, its
 * tree is built only if the root keeps the pair (see `search`). Never leaves the solver.
 */
const LAZY: TreeNode = { leaf: true, label: -1, count: 0, errors: 0 };

/** A depth-3 root's best pair while at least one child kept no tree ({@link LAZY}). */
interface LazyPair {
  f1: number;
  pos: number;
  kl: number;
  kr: number;
  lub: number;
  rub: number;
  lt: TreeNode | null;
  rt: TreeNode | null;
}
/** Penalty of a non-boundary row in the int32 kernels: above any row count (n < 2^28). */
const PEN32 = 1 << 29;
/**
 * Packed rows of the many-class kernel `sweepKP`: rank in the low 24 bits, class in bits 24–29, bit 30
 * set on a value's last row (so a boundary row is ≥ KP_BOUNDARY).
 */
const KP_RANK = (1 << 24) - 1;
const KP_CLASS_SHIFT = 24;
const KP_CLASS_MASK = 63;
const KP_BOUNDARY = 1 << 30;
/** Packed rows of the int32 difference kernel: rank in the low 28 bits, bit 28 set for class 0. */
const PACK_RANK = (1 << 28) - 1;
const PACK_CLASS0 = 1 << 28;

/** The solver state for one data set and option set. */
export class AxisSolver {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  private readonly y: Int32Array;
  private readonly w: Float64Array;
  /** Per-row bound on how much one row can change a subtree's cost (similarity bound); 0 = unknown. */
  private readonly lip: Float64Array;
  private readonly lipOk: boolean;
  /** Two classes, unit weights, errors, and small enough for one prefix table per feature per level. */
  private readonly grid: boolean;
  /** Two classes, misclassification, min-leaf 1: the depth-2 kernel uses {@link sweep2D}. */
  private readonly diff: boolean;
  /** True when every row weighs 1: the two-class kernel then counts in integers. */
  private readonly unit: boolean;
  /** Unit weights and fewer than 2^28 rows: int32 kernels with the {@link PEN32} penalty. */
  private readonly unitI: boolean;
  /**
   * Three or more classes, unit weights, misclassifications, and rows and classes that fit the packed
   * word of the {@link sweepKP} kernel (fewer than 2^24 rows, at most 64 classes).
   */
  private readonly kPacked: boolean;
  /** Per root feature, the SIMD memory slot's content (see `membS` in `search`). */
  private readonly simdReady: Int32Array;
  /** Distinct-value rank of each row per feature: `rank[f * n + row]`. */
  private readonly rank: Int32Array;
  /** Distinct sorted values per feature. */
  private readonly values: Float64Array[];
  /** Root rows sorted per feature: `rootOrd[f * n + i]`. */
  readonly rootOrd: Int32Array;
  private readonly m: number;
  private readonly alpha: number;
  private readonly mono: boolean;
  private readonly kind: 0 | 1 | 2;
  private readonly costM: Float64Array;
  private readonly custom: ((c: Float64Array) => { cost: number; label: number }) | null;
  private deadline: number;
  private maxEval: number;
  /** See {@link AxisSolveOptions.sharedBound} / {@link AxisSolveOptions.stopAtFirst}. */
  private shared: { readonly board: BigInt64Array; readonly self: number } | null;
  private stopAtFirst: boolean;
  timedOut = false;
  private tick = 0;
  /** Set while a depth-3 root searches: its depth-2 children return {@link LAZY} for their trees. */
  private lazyKids = false;
  evaluated = 0;
  pruned = 0;
  // Per-level scratch.
  private readonly bufL: Int32Array[];
  private readonly bufR: Int32Array[];
  /** The memory this solver uses (see {@link AxisWorkspace}). */
  readonly workspace: AxisWorkspace;
  private readonly tmp: Float64Array;
  private readonly tmp2: Float64Array;

  /**
   * @param workspace memory from an earlier solver of the same shape (`workspaceKey`), or none.
   */
  constructor(data: Dataset, opts: AxisSolveOptions, workspace?: AxisWorkspace) {
    const { n, d } = data;
    this.n = n;
    this.d = d;
    this.k = data.classes.length;
    const k = this.k;
    const key = workspaceKey(data, opts);
    const ws = workspace !== undefined && workspace.key === key ? workspace : newWorkspace(key, n, d);
    this.workspace = ws;
    this.bufL = ws.bufL;
    this.bufR = ws.bufR;
    this.kcl = ws.kcl;
    this.sscratch = ws.sscratch;
    this.kscratch = ws.kscratch;
    this.y = data.y;
    this.w = data.weights ?? ws.ones;
    this.m = Math.max(1, opts.minLeaf ?? 1);
    this.alpha = opts.alpha ?? 0;
    if (!(this.alpha >= 0)) throw new RangeError('alpha must be a non-negative number');
    const obj = opts.objective ?? { kind: 'errors' };
    this.kind = obj.kind === 'errors' ? 0 : obj.kind === 'cost-matrix' ? 1 : 2;
    this.costM = new Float64Array(k * k);
    this.custom = obj.kind === 'leaf-cost' ? obj.leafCost : null;
    this.lip = ws.lip;
    this.lip.fill(0);
    if (obj.kind === 'cost-matrix') {
      if (obj.cost.length !== k || obj.cost.some((r) => r.length !== k))
        throw new RangeError(`the cost matrix must be ${k} × ${k} (classes × classes)`);
      for (let c = 0; c < k; c++)
        for (let p = 0; p < k; p++) {
          const v = (obj.cost[c] as readonly number[])[p] as number;
          if (!(v >= 0) || !Number.isFinite(v))
            throw new RangeError('cost-matrix entries must be non-negative numbers');
          this.costM[c * k + p] = v;
        }
    }
    for (let i = 0; i < n; i++) {
      const wi = this.w[i] as number;
      if (this.kind === 0) this.lip[i] = wi;
      else if (this.kind === 1) {
        let mx = 0;
        const c = this.y[i] as number;
        for (let p = 0; p < k; p++) mx = Math.max(mx, this.costM[c * k + p] as number);
        this.lip[i] = wi * mx;
      }
    }
    this.lipOk = this.kind !== 2;
    this.unit = data.weights === undefined;
    this.unitI = this.unit && n < 1 << 28;
    // Monotone subtree costs need every leaf of a restricted tree to stay feasible: min-leaf 1 only.
    this.mono = this.m === 1;
    this.diff = k === 2 && this.kind === 0 && this.m === 1;
    this.grid = k === 2 && this.kind === 0 && data.weights === undefined && 16 * d * d * n <= 1 << 23;
    this.kPacked =
      k > 2 && this.kind === 0 && data.weights === undefined && n <= KP_RANK + 1 && k <= KP_CLASS_MASK + 1;
    this.simdReady = new Int32Array((this.diff && this.unitI) || this.kPacked ? d : 0);
    const kk = this.kPacked ? k : 0;
    this.kcnt = new Int32Array(2 * kk);
    this.ktl = new Int32Array(kk);
    this.ktr = new Int32Array(kk);
    this.deadline = opts.deadline ?? INF;
    this.maxEval = opts.maxEvaluations ?? INF;
    this.shared = opts.sharedBound ?? null;
    this.stopAtFirst = opts.stopAtFirst === true;
    // Ranks and sorted orders.
    this.rank = ws.rank;
    this.rootOrd = ws.rootOrd;
    this.values = [];
    // Per feature: native numeric sort of the column, each row's rank by binary search over the
    // distinct values, then a stable counting sort of rows by rank — the order (value, then row index)
    // without a comparator closure. A distinct value is represented by its lowest-index row's value.
    const col = ws.col;
    const idx = ws.idx;
    const pool = ws.pool;
    // Only columns with NaN use these (rare): allocated on first need.
    let sorted: Float64Array | null = null;
    let start: Int32Array | null = null;
    let seen: Int32Array | null = null;
    const bucket = ws.bucket;
    for (let f = 0; f < d; f++) {
      let nan = false;
      let ints = true;
      let lo = INF;
      let hi = -INF;
      for (let i = 0; i < n; i++) {
        const v = data.x[i * d + f] as number;
        col[i] = v;
        if (Number.isNaN(v)) nan = true;
        else {
          if (v !== Math.floor(v)) ints = false;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      const rb = f * n;
      if (!nan) {
        // One sort of row indices by (value, row index) gives the order, the ranks and the distinct
        // values in one walk (4–5× faster than the native sort plus a binary search per row on wine).
        // Integer columns spanning at most 2n values (counts, codes, ages: caesarian, cryotherapy,
        // Haberman, blood transfusion, spesis) take a stable counting sort instead: the same order.
        if (ints && hi - lo <= 2 * n) {
          const span = hi - lo + 1;
          bucket.fill(0, 0, span + 1);
          for (let i = 0; i < n; i++) {
            const b = (col[i] as number) - lo + 1;
            bucket[b] = (bucket[b] as number) + 1;
          }
          for (let b = 1; b < span; b++) bucket[b] = (bucket[b] as number) + (bucket[b - 1] as number);
          for (let i = 0; i < n; i++) {
            const b = (col[i] as number) - lo;
            idx[bucket[b] as number] = i;
            bucket[b] = (bucket[b] as number) + 1;
          }
        } else {
          for (let i = 0; i < n; i++) idx[i] = i;
          sortRows(idx, col, 0, n);
        }
        // Views into one buffer: a small typed array of its own costs an off-heap allocation each.
        const vals = pool.subarray(rb, rb + n);
        let u = 0;
        let prev = 0;
        for (let j = 0; j < n; j++) {
          const i = idx[j] as number;
          const v = col[i] as number;
          // Equal values are ordered by row index, so a value's first row is its lowest-index one.
          if (u === 0 || v !== prev) {
            vals[u++] = v;
            prev = v;
          }
          this.rank[rb + i] = u - 1;
          this.rootOrd[rb + j] = i;
        }
        this.values.push(u === n ? vals : vals.subarray(0, u));
        continue;
      }
      sorted ??= new Float64Array(n);
      start ??= new Int32Array(n + 1);
      seen ??= new Int32Array(n);
      sorted.set(col);
      sorted.sort();
      let u = 0;
      for (let i = 0; i < n; i++) {
        const v = sorted[i] as number;
        if (u === 0 || v !== (sorted[u - 1] as number)) sorted[u++] = v;
      }
      start.fill(0, 0, u + 1);
      for (let i = 0; i < n; i++) {
        const v = col[i] as number;
        let lo = 0;
        let hi = u - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((sorted[mid] as number) < v) lo = mid + 1;
          else hi = mid;
        }
        this.rank[rb + i] = lo;
        start[lo + 1] = (start[lo + 1] as number) + 1;
      }
      for (let r = 0; r < u; r++) start[r + 1] = (start[r + 1] as number) + (start[r] as number);
      const vals = new Float64Array(u);
      for (let i = 0; i < n; i++) {
        const r = this.rank[rb + i] as number;
        const at = start[r] as number;
        if (seen[r] !== f + 1) {
          seen[r] = f + 1;
          vals[r] = col[i] as number;
        }
        this.rootOrd[rb + at] = i;
        start[r] = at + 1;
      }
      this.values.push(vals);
    }
    this.tmp = new Float64Array(k);
    this.tmp2 = new Float64Array(k);
    this.split1Counts = new Float64Array(k);
  }

  /**
   * Makes the solver ready for another root part of the same fit (same data and options): the
   * per-solve limits, counters and shared board are reset; the subproblem cache is kept (its entries
   * are exact answers or valid bounds whatever the budget). Used by the worker threads.
   */
  prepare(opts: AxisSolveOptions): void {
    this.deadline = opts.deadline ?? INF;
    this.maxEval = opts.maxEvaluations ?? INF;
    this.shared = opts.sharedBound ?? null;
    this.stopAtFirst = opts.stopAtFirst === true;
    this.timedOut = false;
    this.tick = 0;
    this.evaluated = 0;
    this.pruned = 0;
    this.rootIncumbent = false;
  }

  /** Distinct values per feature (a feature has one candidate threshold fewer). */
  get distinct(): number[] {
    return this.values.map((v) => v.length);
  }

  /**
   * For each range, the lowest depth-1 cost (leaf(left) + leaf(right) + α) of a root threshold in it
   * whose sides hold ≥ min-leaf rows, or +∞: the order in which parallel parts are queued (promising
   * parts first). One pass per feature over the rows in sorted order; misclassification and
   * cost-matrix objectives (leaf-cost functions do not run in parallel).
   */
  rangeSplitCosts(ranges: readonly RootRange[]): Float64Array {
    const { n, d, k, rank, rootOrd } = this;
    const out = new Float64Array(ranges.length).fill(INF);
    const tot = new Float64Array(k);
    this.totals(rootOrd, n, tot);
    const cl = new Float64Array(k);
    const cr = new Float64Array(k);
    const byFeature: number[][] = Array.from({ length: d }, () => []);
    ranges.forEach((r, i) => byFeature[r.feature]?.push(i));
    for (let f = 0; f < d; f++) {
      const list = byFeature[f] as number[];
      if (list.length === 0) continue;
      cl.fill(0);
      let nl = 0;
      for (let q = 0; q < n - 1; q++) {
        const row = rootOrd[f * n + q] as number;
        const yc = this.y[row] as number;
        cl[yc] = (cl[yc] as number) + (this.w[row] as number);
        nl++;
        const r = rank[f * n + row] as number;
        if (r === (rank[f * n + (rootOrd[f * n + q + 1] as number)] as number)) continue;
        if (nl < this.m || n - nl < this.m) continue;
        for (let j = 0; j < k; j++) cr[j] = (tot[j] as number) - (cl[j] as number);
        const c = this.leaf(cl, 0) + this.leaf(cr, 0) + this.alpha;
        for (const i of list) {
          const rg = ranges[i] as RootRange;
          if (r >= rg.from && r < rg.to && c < (out[i] as number)) out[i] = c;
        }
      }
    }
    return out;
  }

  /** Number of candidate axis rules (distinct thresholds summed over features). */
  get rules(): number {
    let r = 0;
    for (const v of this.values) r += Math.max(0, v.length - 1);
    return r;
  }

  private buffers(level: number): [Int32Array, Int32Array] {
    while (this.bufL.length <= level) {
      this.bufL.push(new Int32Array(this.d * this.n));
      this.bufR.push(new Int32Array(this.d * this.n));
    }
    return [this.bufL[level] as Int32Array, this.bufR[level] as Int32Array];
  }

  private checkTime(): boolean {
    if (this.timedOut) return true;
    if (this.evaluated >= this.maxEval) this.timedOut = true;
    else if ((++this.tick & 7) === 0 && performance.now() > this.deadline) this.timedOut = true;
    return this.timedOut;
  }

  /** Leaf cost of counts `a[o .. o+k)`. */
  private leaf(a: Float64Array, o: number): number {
    const k = this.k;
    if (this.kind === 0) {
      let t = 0;
      let mx = 0;
      for (let c = 0; c < k; c++) {
        const v = a[o + c] as number;
        t += v;
        if (v > mx) mx = v;
      }
      return t - mx;
    }
    if (this.kind === 1) {
      let best = INF;
      const M = this.costM;
      for (let p = 0; p < k; p++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += (a[o + c] as number) * (M[c * k + p] as number);
        if (s < best) best = s;
      }
      return best;
    }
    const t = this.tmp2;
    for (let c = 0; c < k; c++) t[c] = a[o + c] as number;
    return (this.custom as (c: Float64Array) => { cost: number }).call(undefined, t).cost;
  }

  /** Leaf cost of `T[to..] − a[ao..]`. */
  private leafDiff(T: Float64Array, to: number, a: Float64Array, ao: number): number {
    const k = this.k;
    if (this.kind === 0) {
      let t = 0;
      let mx = 0;
      for (let c = 0; c < k; c++) {
        const v = (T[to + c] as number) - (a[ao + c] as number);
        t += v;
        if (v > mx) mx = v;
      }
      return t - mx;
    }
    const s = this.tmp;
    for (let c = 0; c < k; c++) s[c] = (T[to + c] as number) - (a[ao + c] as number);
    return this.leaf(s, 0);
  }

  private makeLeaf(counts: Float64Array, o: number, rows: number): TreeNode {
    const k = this.k;
    const c = new Float64Array(k);
    for (let j = 0; j < k; j++) c[j] = counts[o + j] as number;
    let label = 0;
    if (this.kind === 2)
      label = (this.custom as (c: Float64Array) => { label: number })(Float64Array.from(c)).label;
    else {
      let best = INF;
      for (let p = 0; p < k; p++) {
        let s = 0;
        if (this.kind === 0) {
          for (let j = 0; j < k; j++) if (j !== p) s += c[j] as number;
        } else for (let j = 0; j < k; j++) s += (c[j] as number) * (this.costM[j * k + p] as number);
        if (s < best) {
          best = s;
          label = p;
        }
      }
    }
    let total = 0;
    for (let j = 0; j < k; j++) total += c[j] as number;
    return { leaf: true, label, count: rows, errors: total - (c[label] as number) };
  }

  private totals(ord: Int32Array, s: number, out: Float64Array): void {
    out.fill(0);
    const { y, w } = this;
    for (let i = 0; i < s; i++) {
      const row = ord[i] as number;
      out[y[row] as number] = (out[y[row] as number] as number) + (w[row] as number);
    }
  }

  private threshold(f: number, rl: number, rr: number): number {
    const v = this.values[f] as Float64Array;
    const a = v[rl] as number;
    const b = v[rr] as number;
    const mid = a + (b - a) / 2;
    return mid >= a && mid < b ? mid : a;
  }

  /** Splits the node's per-feature orders by `rank[f1] <= r` into the level's two buffers. */
  private partition(
    ord: Int32Array,
    s: number,
    f1: number,
    r: number,
    sL: number,
    level: number,
  ): [Int32Array, Int32Array] {
    const [L, R] = this.buffers(level);
    const { d, n, rank } = this;
    const sR = s - sL;
    const base1 = f1 * n;
    for (let g = 0; g < d; g++) {
      let il = g * sL;
      let ir = g * sR;
      const end = g * s + s;
      for (let q = g * s; q < end; q++) {
        const row = ord[q] as number;
        if ((rank[base1 + row] as number) <= r) L[il++] = row;
        else R[ir++] = row;
      }
    }
    return [L, R];
  }

  /** bestSplit1's answer for the root (undefined until asked). */
  private root1: { cost: number; f: number; pos: number } | null | undefined = undefined;
  private readonly split1Counts: Float64Array;

  /** Best single split of the node (cost = leafL + leafR, no α), or null when none is feasible. */
  private bestSplit1(
    ord: Int32Array,
    s: number,
    tot: Float64Array,
  ): { cost: number; f: number; pos: number } | null {
    // The root's best split is asked for twice (greedy incumbent, then the search's virtual end point).
    const atRoot = ord === this.rootOrd && s === this.n;
    if (atRoot && this.root1 !== undefined) return this.root1;
    const { d, n, k, m, y, w, rank } = this;
    const cl = this.split1Counts;
    // Misclassifications: cost = Σ − max(left counts) − max(right counts), inline (no leaf() call).
    const errors = this.kind === 0;
    let total = 0;
    for (let j = 0; j < k; j++) total += tot[j] as number;
    let best = INF;
    let bf = -1;
    let bp = -1;
    for (let f = 0; f < d; f++) {
      cl.fill(0);
      const base = f * s;
      const rb = f * n;
      for (let q = 0; q < s - 1; q++) {
        const row = ord[base + q] as number;
        cl[y[row] as number] = (cl[y[row] as number] as number) + (w[row] as number);
        if ((rank[rb + row] as number) === (rank[rb + (ord[base + q + 1] as number)] as number)) continue;
        if (q + 1 < m || s - q - 1 < m) continue;
        let c: number;
        if (errors) {
          let a = 0;
          let b = 0;
          for (let j = 0; j < k; j++) {
            const x = cl[j] as number;
            const z = (tot[j] as number) - x;
            if (x > a) a = x;
            if (z > b) b = z;
          }
          c = total - a - b;
        } else c = this.leaf(cl, 0) + this.leafDiff(tot, 0, cl, 0);
        if (c < best) {
          best = c;
          bf = f;
          bp = q;
        }
      }
    }
    const res = bf < 0 ? null : { cost: best, f: bf, pos: bp };
    if (atRoot) this.root1 = res;
    return res;
  }

  private readonly sweepOut = new Float64Array(2);

  /**
   * The depth-2 kernel's pass for two classes and misclassification cost (the common case), inlined:
   * for every feature f2, one pass over the node's rows in f2 order accumulates both children's class
   * counts and scores every depth-1 split of each child. Returns [best left split, best right split].
   */
  /**
   * The two-class unit-weight kernel pass from a prefix table `G` (see `gridOf` in search): row `a`
   * holds, per (feature f2, local value b) column, the class counts of rows whose f1 local rank is
   * ≤ a, so a root threshold's left counts at every boundary of every f2 are prefix sums along row
   * `aStar` and the right counts follow from the last row. Same boundaries, constraints and scores as
   * {@link sweep2Unit}.
   */
  private grid2(
    G: Int32Array,
    U: Int32Array,
    off: Int32Array,
    aStar: number,
    U1: number,
    needL: boolean,
    needR: boolean,
    nL: number,
    nR: number,
    TL: Float64Array,
    TR: Float64Array,
  ): Float64Array {
    const { d, m } = this;
    const W = off[d] as number;
    const tl0 = (TL[0] as number) | 0;
    const tl1 = (TL[1] as number) | 0;
    const tr0 = (TR[0] as number) | 0;
    const tr1 = (TR[1] as number) | 0;
    let l1 = 0x3fffffff;
    let r1 = 0x3fffffff;
    const mL = needL ? m : nL + 1;
    const mR = needR ? m : nR + 1;
    const ra = aStar * W * 2;
    const rz = (U1 - 1) * W * 2;
    for (let f2 = 0; f2 < d; f2++) {
      let a0 = 0;
      let a1 = 0;
      let c0 = 0;
      let c1 = 0;
      const o0 = (off[f2] as number) * 2;
      const o1 = o0 + (U[f2] as number) * 2;
      for (let o = o0; o < o1; o += 2) {
        a0 += G[ra + o] as number;
        a1 += G[ra + o + 1] as number;
        c0 += G[rz + o] as number;
        c1 += G[rz + o + 1] as number;
        const nl = a0 + a1;
        const b0 = c0 - a0;
        const b1 = c1 - a1;
        const nr = b0 + b1;
        if (nl >= mL && nL - nl >= mL) {
          const c = Math.min(a0, a1) + Math.min(tl0 - a0, tl1 - a1);
          if (c < l1) l1 = c;
        }
        if (nr >= mR && nR - nr >= mR) {
          const c = Math.min(b0, b1) + Math.min(tr0 - b0, tr1 - b1);
          if (c < r1) r1 = c;
        }
      }
    }
    this.sweepOut[0] = l1 === 0x3fffffff ? INF : l1;
    this.sweepOut[1] = r1 === 0x3fffffff ? INF : r1;
    return this.sweepOut;
  }

  /**
   * The two-class misclassification kernel for min-leaf 1 in difference form. With class counts
   * (a0, a1) left of a boundary u and side totals (T0, T1), the depth-1 cost is
   * min(a0, a1) + min(T0 − a0, T1 − a1) = min(T0, T1, T1 + D(u), T0 − D(u)) with D = a0 − a1, so a
   * side's best split over a feature needs only min and max of D over the value boundaries: per row
   * one signed add per side and four branch-free min/max (`os[q]` = ±weight, `op[q]` = 0 at value
   * boundaries and 1e300 elsewhere). Counting the empty split (cost min(T0, T1), the leaf) is harmless:
   * callers take min(leaf, best split + α). Returns [best left split, best right split].
   */
  private sweep2D(
    mr: Int32Array,
    os: Float64Array,
    op: Float64Array,
    s: number,
    r: number,
    needL: boolean,
    needR: boolean,
    TL: Float64Array,
    TR: Float64Array,
  ): Float64Array {
    const d = this.d;
    const l0 = TL[0] as number;
    const l1 = TL[1] as number;
    const r0 = TR[0] as number;
    const r1 = TR[1] as number;
    let minL = INF;
    let maxL = -INF;
    let minR = INF;
    let maxR = -INF;
    for (let f2 = 0; f2 < d; f2++) {
      let dl = 0;
      let dt = 0;
      const q0 = f2 * s;
      const end = q0 + s;
      for (let q = q0; q < end; q++) {
        const isL = ((r - (mr[q] as number)) >>> 31) ^ 1;
        const sw = os[q] as number;
        dl += isL * sw;
        dt += sw;
        const dr = dt - dl;
        const pen = op[q] as number;
        minL = Math.min(minL, dl + pen);
        maxL = Math.max(maxL, dl - pen);
        minR = Math.min(minR, dr + pen);
        maxR = Math.max(maxR, dr - pen);
      }
      // Both needed sides already split perfectly (D reached −T1 or T0): no feature can do better.
      if ((!needL || minL <= -l1 || maxL >= l0) && (!needR || minR <= -r1 || maxR >= r0)) break;
    }
    this.sweepOut[0] = needL ? Math.min(l0, l1, l1 + minL, l0 - maxL) : INF;
    this.sweepOut[1] = needR ? Math.min(r0, r1, r1 + minR, r0 - maxR) : INF;
    return this.sweepOut;
  }

  /**
   * {@link sweep2DI} by the WebAssembly SIMD kernel (./kernel.wat): the node's rows at byte `p` of its
   * memory, interleaved per group of four features (see `fillSimd`); one call a group, the lanes'
   * extremes folded here, and the same early stop between groups once both needed sides are perfect.
   * Same values as sweep2DI (tested).
   */
  private simd2(
    simd: SimdKernel,
    p: number,
    s: number,
    r: number,
    needL: boolean,
    needR: boolean,
    TL: Float64Array,
    TR: Float64Array,
  ): Float64Array {
    const g4 = (this.d + 3) >> 2;
    const l0 = (TL[0] as number) | 0;
    const l1 = (TL[1] as number) | 0;
    const r0 = (TR[0] as number) | 0;
    const r1 = (TR[1] as number) | 0;
    let minL = PEN32;
    let maxL = -PEN32;
    let minR = PEN32;
    let maxR = -PEN32;
    const H = simd.i32;
    const step = s * 16;
    for (let g = 0; g < g4; g++) {
      simd.diff4(p + g * step, s, r, 0);
      minL = Math.min(minL, H[0] as number, H[1] as number, H[2] as number, H[3] as number);
      maxL = Math.max(maxL, H[4] as number, H[5] as number, H[6] as number, H[7] as number);
      minR = Math.min(minR, H[8] as number, H[9] as number, H[10] as number, H[11] as number);
      maxR = Math.max(maxR, H[12] as number, H[13] as number, H[14] as number, H[15] as number);
      if ((!needL || minL <= -l1 || maxL >= l0) && (!needR || minR <= -r1 || maxR >= r0)) break;
    }
    this.sweepOut[0] = needL ? Math.min(l0, l1, l1 + minL, l0 - maxL) : INF;
    this.sweepOut[1] = needR ? Math.min(r0, r1, r1 + minR, r0 - maxR) : INF;
    return this.sweepOut;
  }

  /**
   * The many-class kernel (3 to {@link SIMD_MAX_CLASSES} classes; unit weights, misclassifications,
   * min-leaf 1) by WebAssembly SIMD (`kernK`, generated by scripts/build-kernel.mjs), branch-free over
   * four features a pass: each side's min(leaf, best depth-1 split) — the values {@link sweepKP} gives
   * combined with the sides' leaves, which is all the search uses (lbest = min(leaf, l1 + α)). Stops
   * between groups once both needed sides are perfect. Rows in the many-class packing, interleaved
   * per group of four (see `fillSimd`).
   */
  private simdK(
    simd: SimdKernel,
    p: number,
    s: number,
    r: number,
    needL: boolean,
    needR: boolean,
    TL: Float64Array,
    TR: Float64Array,
  ): Float64Array {
    const { d, k } = this;
    const g4 = (d + 3) >> 2;
    let minL = PEN32;
    let minR = PEN32;
    const H = simd.i32;
    // The sides' class totals, read by the kernel from byte 64 on.
    for (let c = 0; c < k; c++) {
      H[16 + c] = (TL[c] as number) | 0;
      H[16 + k + c] = (TR[c] as number) | 0;
    }
    const kern = simd.kern[k] as (p: number, s: number, r: number, out: number) => void;
    const step = s * 16;
    for (let g = 0; g < g4; g++) {
      kern(p + g * step, s, r, 0);
      minL = Math.min(minL, H[0] as number, H[1] as number, H[2] as number, H[3] as number);
      minR = Math.min(minR, H[4] as number, H[5] as number, H[6] as number, H[7] as number);
      if ((!needL || minL <= 0) && (!needR || minR <= 0)) break;
    }
    this.sweepOut[0] = needL ? minL : INF;
    this.sweepOut[1] = needR ? minR : INF;
    return this.sweepOut;
  }

  /**
   * {@link sweep2D} for unit weights in int32 arithmetic: signed weights ±1 and a boundary penalty of
   * 2^29 (above any count), so every add and min/max stays a small integer, which V8 compiles to
   * integer min/max without the NaN/−0 handling of double `Math.min` (ionosphere-like rows: 3.5 →
   * 1.9 ns per row in a microbenchmark). `mr[q]` packs the row's f1 rank (bits 0–27), class 0
   * (`PACK_CLASS0`) and non-boundary (`PEN32`): one load per row instead of three (3.6 → 3.2 ns per
   * row in a microbenchmark of the method). Requires fewer than 2^28 rows.
   */
  private sweep2DI(
    mr: Int32Array,
    s: number,
    r: number,
    needL: boolean,
    needR: boolean,
    TL: Float64Array,
    TR: Float64Array,
  ): Float64Array {
    const d = this.d;
    const l0 = (TL[0] as number) | 0;
    const l1 = (TL[1] as number) | 0;
    const r0 = (TR[0] as number) | 0;
    const r1 = (TR[1] as number) | 0;
    let minL = PEN32;
    let maxL = -PEN32;
    let minR = PEN32;
    let maxR = -PEN32;
    for (let f2 = 0; f2 < d; f2++) {
      let dl = 0;
      let dt = 0;
      const q0 = f2 * s;
      const end = q0 + s;
      for (let q = q0; q < end; q++) {
        const v = mr[q] as number;
        const maskL = -(((r - (v & PACK_RANK)) >>> 31) ^ 1);
        // +1 for class 0, −1 for class 1.
        const sw = ((v >> 27) & 2) - 1;
        dl = (dl + (maskL & sw)) | 0;
        dt = (dt + sw) | 0;
        const dr = (dt - dl) | 0;
        const pen = v & PEN32;
        minL = Math.min(minL, (dl + pen) | 0);
        maxL = Math.max(maxL, (dl - pen) | 0);
        minR = Math.min(minR, (dr + pen) | 0);
        maxR = Math.max(maxR, (dr - pen) | 0);
      }
      if ((!needL || minL <= -l1 || maxL >= l0) && (!needR || minR <= -r1 || maxR >= r0)) break;
    }
    this.sweepOut[0] = needL ? Math.min(l0, l1, l1 + minL, l0 - maxL) : INF;
    this.sweepOut[1] = needR ? Math.min(r0, r1, r1 + minR, r0 - maxR) : INF;
    return this.sweepOut;
  }

  /**
   * {@link sweep2} for unit weights in integer arithmetic: per row only the left count and the left
   * and total class-1 counts advance; the other counts follow by subtraction at value boundaries.
   */
  private sweep2Unit(
    mr: Int32Array,
    oy: Int32Array,
    ob: Uint8Array,
    s: number,
    r: number,
    needL: boolean,
    needR: boolean,
    nL: number,
    nR: number,
    TL: Float64Array,
    TR: Float64Array,
  ): Float64Array {
    const { d, m } = this;
    const tl0 = (TL[0] as number) | 0;
    const tl1 = (TL[1] as number) | 0;
    const tr0 = (TR[0] as number) | 0;
    const tr1 = (TR[1] as number) | 0;
    let l1 = 0x3fffffff;
    let r1 = 0x3fffffff;
    const mL = needL ? m : nL + 1;
    const mR = needR ? m : nR + 1;
    for (let f2 = 0; f2 < d; f2++) {
      let nl = 0;
      let a1 = 0;
      let ones = 0;
      const q0 = f2 * s;
      const end = q0 + s;
      for (let q = q0; q < end; q++) {
        const isL = ((r - (mr[q] as number)) >>> 31) ^ 1;
        const yq = oy[q] as number;
        nl += isL;
        a1 += isL & yq;
        ones += yq;
        if (ob[q] === 0) continue;
        const a0 = nl - a1;
        const nr = q - q0 + 1 - nl;
        const b1 = ones - a1;
        const b0 = nr - b1;
        if (nl >= mL && nL - nl >= mL) {
          const u = tl0 - a0;
          const v = tl1 - a1;
          const c = Math.min(a0, a1) + Math.min(u, v);
          if (c < l1) l1 = c;
        }
        if (nr >= mR && nR - nr >= mR) {
          const u = tr0 - b0;
          const v = tr1 - b1;
          const c = Math.min(b0, b1) + Math.min(u, v);
          if (c < r1) r1 = c;
        }
      }
    }
    this.sweepOut[0] = l1 === 0x3fffffff ? INF : l1;
    this.sweepOut[1] = r1 === 0x3fffffff ? INF : r1;
    return this.sweepOut;
  }

  private sweep2(
    mr: Int32Array,
    oy: Int32Array,
    ow: Float64Array,
    ob: Uint8Array,
    s: number,
    r: number,
    needL: boolean,
    needR: boolean,
    nL: number,
    nR: number,
    TL: Float64Array,
    TR: Float64Array,
  ): Float64Array {
    const { d, m } = this;
    const tl0 = TL[0] as number;
    const tl1 = TL[1] as number;
    const tr0 = TR[0] as number;
    const tr1 = TR[1] as number;
    let l1 = INF;
    let r1 = INF;
    // Branch-free accumulation (the side of a row is data-dependent and mispredicts); a split is
    // re-scored at every value boundary even when its side gained no row (same value, harmless).
    const mL = needL ? m : nL + 1;
    const mR = needR ? m : nR + 1;
    for (let f2 = 0; f2 < d; f2++) {
      let a0 = 0;
      let a1 = 0;
      let b0 = 0;
      let b1 = 0;
      let nl = 0;
      const q0 = f2 * s;
      const end = q0 + s;
      for (let q = q0; q < end; q++) {
        const wt = ow[q] as number;
        const isL = ((r - (mr[q] as number)) >>> 31) ^ 1;
        const yq = oy[q] as number;
        const wl = wt * isL;
        const wr = wt - wl;
        const wl1 = wl * yq;
        const wr1 = wr * yq;
        a1 += wl1;
        a0 += wl - wl1;
        b1 += wr1;
        b0 += wr - wr1;
        nl += isL;
        if (ob[q] === 0) continue;
        const nr = q - q0 + 1 - nl;
        if (nl >= mL && nL - nl >= mL) {
          const v = Math.min(a0, a1) + Math.min(tl0 - a0, tl1 - a1);
          if (v < l1) l1 = v;
        }
        if (nr >= mR && nR - nr >= mR) {
          const v = Math.min(b0, b1) + Math.min(tr0 - b0, tr1 - b1);
          if (v < r1) r1 = v;
        }
      }
    }
    this.sweepOut[0] = l1;
    this.sweepOut[1] = r1;
    return this.sweepOut;
  }

  private readonly kcl: Float64Array[];
  /** Feature the many-class kernel scans first (the last one that improved a side's best). */
  private kStart = 0;

  /**
   * The depth-2 kernel's pass for any number of classes and a Lipschitz objective (misclassification
   * or cost matrix). Moving rows of total per-row bound W between the two leaves of a depth-1 split
   * changes its cost by at most W (see `lip`), so after a split of cost v is scored on one side while
   * that side's best is b, the next (v − b) worth of rows on that side cannot give a strictly better
   * split and their value boundaries are not scored (the idea behind ConTree's depth-2 skipping,
   * Briţa et al. 2025 §4). Returns [best left split, best right split] (leafL + leafR, no α).
   */
  private sweepK(
    mr: Int32Array,
    oy: Int32Array,
    ow: Float64Array,
    ol: Float64Array,
    ob: Uint8Array,
    s: number,
    r: number,
    needL: boolean,
    needR: boolean,
    nL: number,
    nR: number,
    TL: Float64Array,
    TR: Float64Array,
  ): Float64Array {
    const { d, m, k } = this;
    // Both sides' class counts in one array (left at 0, right at k) so a row's side is arithmetic,
    // not a mispredicted branch.
    if (this.kcl.length === 0) this.kcl.push(new Float64Array(2 * k));
    const cnt = this.kcl[0] as Float64Array;
    const cl = cnt.subarray(0, k);
    const cr = cnt.subarray(k, 2 * k);
    const errors = this.kind === 0;
    // Rounding slack for fractional weights (integer sums are exact).
    const eps = this.unit ? 0 : 1e-9;
    let tls = 0;
    let trs = 0;
    if (errors)
      for (let c = 0; c < k; c++) {
        tls += TL[c] as number;
        trs += TR[c] as number;
      }
    else {
      tls = INF;
      trs = INF;
    }
    let l1 = INF;
    let r1 = INF;
    let doL = needL;
    let doR = needR;
    // Start with the feature that last gave a best split: a low best early lets more boundaries skip.
    const f0 = this.kStart < d ? this.kStart : 0;
    let bestF = f0;
    for (let ff = 0; ff < d && (doL || doR); ff++) {
      const f2 = ff + f0 < d ? ff + f0 : ff + f0 - d;
      cnt.fill(0);
      let nl = 0;
      let nr = 0;
      let wl = 0;
      let wr = 0;
      // Score a side's boundary only once its accumulated bound passes these.
      let sl = doL ? -INF : INF;
      let sr = doR ? -INF : INF;
      let dl = 0;
      let dr = 0;
      const q0 = f2 * s;
      const end = q0 + s;
      for (let q = q0; q < end; q++) {
        const isR = (r - (mr[q] as number)) >>> 31;
        const isL = isR ^ 1;
        const o = (oy[q] as number) + isR * k;
        cnt[o] = (cnt[o] as number) + (ow[q] as number);
        const lq = ol[q] as number;
        nl += isL;
        nr += isR;
        wl += isL * lq;
        wr += isR * lq;
        dl |= isL;
        dr |= isR;
        if (ob[q] === 0) continue;
        // Neither side can still improve in this feature (errors: a side's total bound is its weight).
        if (sl >= tls && sr >= trs) break;
        if (dl !== 0) {
          dl = 0;
          if (wl > sl && nl >= m && nL - nl >= m) {
            let v: number;
            if (errors) {
              let a = 0;
              let b = 0;
              for (let j = 0; j < k; j++) {
                const x = cl[j] as number;
                const z = (TL[j] as number) - x;
                if (x > a) a = x;
                if (z > b) b = z;
              }
              v = tls - a - b;
            } else v = this.leaf(cl, 0) + this.leafDiff(TL, 0, cl, 0);
            if (v < l1) {
              l1 = v;
              bestF = f2;
            }
            sl = l1 <= 0 ? INF : wl + (v - l1) - eps;
          }
        }
        if (dr !== 0) {
          dr = 0;
          if (wr > sr && nr >= m && nR - nr >= m) {
            let v: number;
            if (errors) {
              let a = 0;
              let b = 0;
              for (let j = 0; j < k; j++) {
                const x = cr[j] as number;
                const z = (TR[j] as number) - x;
                if (x > a) a = x;
                if (z > b) b = z;
              }
              v = trs - a - b;
            } else v = this.leaf(cr, 0) + this.leafDiff(TR, 0, cr, 0);
            if (v < r1) {
              r1 = v;
              bestF = f2;
            }
            sr = r1 <= 0 ? INF : wr + (v - r1) - eps;
          }
        }
      }
      if (l1 <= 0) doL = false;
      if (r1 <= 0) doR = false;
    }
    this.kStart = bestF;
    this.sweepOut[0] = l1;
    this.sweepOut[1] = r1;
    return this.sweepOut;
  }

  /** Class counts of both sides (left at 0, right at k) and the sides' class totals, for `sweepKP`. */
  private readonly kcnt: Int32Array;
  private readonly ktl: Int32Array;
  private readonly ktr: Int32Array;

  /**
   * {@link sweepK} for three or more classes with unit weights and misclassifications (iris, wine,
   * glass), on packed rows (`mr[q]` = f1 rank | class << {@link KP_CLASS_SHIFT} | {@link KP_BOUNDARY} at
   * a value's last row) with integer counts: a row's weight and bound are 1, so a side's accumulated
   * bound is its row count, one load a row brings rank, class and boundary, and one class counter per
   * side is all a row updates. No per-side "changed" flags: a side whose count has not moved since the
   * last boundary fails `n > skip` anyway (its skip point was set at or above that count), so the only
   * branches per row are the boundary test and two rarely-true count tests; three classes have the
   * best leaf pair unrolled. Same skipping rule, scan order and ties as `sweepK`. Kernel alone on
   * glass's depth-2 passes: 10.2 ns a row (three loads, float counts, flags) → 7.3 ns; it also
   * replaced a branch-free three-class kernel (wine: level).
   */
  private sweepKP(
    mr: Int32Array,
    s: number,
    r: number,
    needL: boolean,
    needR: boolean,
    nL: number,
    nR: number,
    TL: Float64Array,
    TR: Float64Array,
  ): Float64Array {
    const { d, m, k } = this;
    const cnt = this.kcnt;
    const tl = this.ktl;
    const tr = this.ktr;
    for (let c = 0; c < k; c++) {
      tl[c] = (TL[c] as number) | 0;
      tr[c] = (TR[c] as number) | 0;
    }
    const k3 = k === 3;
    const L0 = tl[0] as number;
    const L1 = k3 ? (tl[1] as number) : 0;
    const L2 = k3 ? (tl[2] as number) : 0;
    const R0 = tr[0] as number;
    const R1 = k3 ? (tr[1] as number) : 0;
    const R2 = k3 ? (tr[2] as number) : 0;
    // Unit weights: a side's total is its row count.
    const tls = nL;
    const trs = nR;
    const NONE = 0x3fffffff;
    let l1 = NONE;
    let r1 = NONE;
    let doL = needL;
    let doR = needR;
    const f0 = this.kStart < d ? this.kStart : 0;
    let bestF = f0;
    for (let ff = 0; ff < d && (doL || doR); ff++) {
      const f2 = ff + f0 < d ? ff + f0 : ff + f0 - d;
      cnt.fill(0);
      let nr = 0;
      // A side is scored at a boundary only once its row count passes its skip point.
      let sl = doL ? -1 : NONE;
      let sr = doR ? -1 : NONE;
      const q0 = f2 * s;
      const end = q0 + s;
      for (let q = q0; q < end; q++) {
        const v = mr[q] as number;
        const isR = (r - (v & KP_RANK)) >>> 31;
        const o = ((v >>> KP_CLASS_SHIFT) & KP_CLASS_MASK) + isR * k;
        cnt[o] = ((cnt[o] as number) + 1) | 0;
        nr = (nr + isR) | 0;
        if (v < KP_BOUNDARY) continue;
        if (sl >= tls && sr >= trs) break;
        const nl = q - q0 + 1 - nr;
        if (nl > sl && nl >= m && nL - nl >= m) {
          let x: number;
          if (k3) {
            const x0 = cnt[0] as number;
            const x1 = cnt[1] as number;
            const x2 = cnt[2] as number;
            x = tls - Math.max(x0, x1, x2) - Math.max(L0 - x0, L1 - x1, L2 - x2);
          } else x = tls - this.best2I(cnt, 0, tl);
          if (x < l1) {
            l1 = x;
            bestF = f2;
          }
          sl = l1 <= 0 ? NONE : nl + (x - l1);
        }
        if (nr > sr && nr >= m && nR - nr >= m) {
          let x: number;
          if (k3) {
            const x0 = cnt[3] as number;
            const x1 = cnt[4] as number;
            const x2 = cnt[5] as number;
            x = trs - Math.max(x0, x1, x2) - Math.max(R0 - x0, R1 - x1, R2 - x2);
          } else x = trs - this.best2I(cnt, k, tr);
          if (x < r1) {
            r1 = x;
            bestF = f2;
          }
          sr = r1 <= 0 ? NONE : nr + (x - r1);
        }
      }
      if (l1 <= 0) doL = false;
      if (r1 <= 0) doR = false;
    }
    this.kStart = bestF;
    this.sweepOut[0] = l1 === NONE ? INF : l1;
    this.sweepOut[1] = r1 === NONE ? INF : r1;
    return this.sweepOut;
  }

  /** Largest class count of a side (at `o` in `c`) plus the largest of its complement in `T`. */
  private best2I(c: Int32Array, o: number, T: Int32Array): number {
    let a = 0;
    let b = 0;
    for (let j = 0; j < this.k; j++) {
      const x = c[o + j] as number;
      const z = (T[j] as number) - x;
      if (x > a) a = x;
      if (z > b) b = z;
    }
    return a + b;
  }

  private readonly sscratch: SearchScratch[];

  /** The search's per-level scratch, grown to fit a node of `s` rows (kept across nodes and calls). */
  private searchScratch(level: number, s: number, width: number): SearchScratch {
    const { d, k } = this;
    let sc = this.sscratch[level];
    if (sc === undefined) {
      sc = {
        cand: new Int32Array(0),
        ncand: new Int32Array(d),
        plip: new Float64Array(0),
        pre: new Float64Array(0),
        vals: new Float64Array(0),
        tot: new Float64Array(k),
        cl: new Float64Array(k),
        cr: new Float64Array(k),
        TL: new Float64Array(k),
        TR: new Float64Array(k),
        run: new Float64Array(k),
        estL: new Float64Array(8),
        estRc: new Float64Array(8),
      };
      this.sscratch[level] = sc;
    }
    if (sc.cand.length < d * (s + 2)) {
      // Size for the largest node first seen at this level up to the whole data set.
      const cap = Math.min(this.n, Math.max(s, 2 * (sc.cand.length / d))) + 2;
      sc.cand = new Int32Array(d * cap);
      sc.plip = new Float64Array(d * cap);
      sc.pre = new Float64Array(d * cap * k);
    }
    if (sc.vals.length < d * (s + 2) * width) sc.vals = new Float64Array(sc.cand.length * width);
    if (sc.estL.length < width) {
      sc.estL = new Float64Array(width);
      sc.estRc = new Float64Array(width);
    }
    return sc;
  }

  private readonly emptyI = new Int32Array(0);
  private readonly emptyF = new Float64Array(0);
  private readonly emptyB = new Uint8Array(0);
  private readonly kscratch: KernelScratch[];

  /** Per-level kernel scratch, sized for the whole data set (allocated once per level). */
  private kernelScratch(level: number, _s: number) {
    let sc = this.kscratch[level];
    if (sc === undefined) {
      const { d, n } = this;
      // One membership slot per root feature when d·d·n stays small, else one shared slot.
      const nslots = d * d * n <= 1 << 23 ? d : 1;
      sc = {
        y: new Int32Array(d * n),
        w: new Float64Array(d * n),
        l: new Float64Array(this.kind === 1 ? d * n : 0),
        sg: new Float64Array(this.diff && !this.unitI ? d * n : 0),
        pen: new Float64Array(this.diff && !this.unitI ? d * n : 0),
        code: new Int32Array((this.diff && this.unitI) || this.kPacked ? d * n : 0),
        b: new Uint8Array(d * n),
        slots: Array.from({ length: nslots }, () => new Int32Array(d * n)),
        ready: new Int32Array(nslots),
        lr: new Int32Array(this.grid ? d * n : 0),
        loc: new Int32Array(this.grid ? n : 0),
        U: new Int32Array(d),
        off: new Int32Array(d + 1),
        grids: this.grid ? Array.from({ length: d }, () => new Int32Array(0)) : [],
        gridReady: new Int8Array(d),
      };
      this.kscratch[level] = sc;
    }
    return sc;
  }

  private splitNode(
    ord: Int32Array,
    s: number,
    f: number,
    pos: number,
    left: TreeNode,
    right: TreeNode,
  ): TreeNode {
    const n = this.n;
    const rl = this.rank[f * n + (ord[f * s + pos] as number)] as number;
    const rr = this.rank[f * n + (ord[f * s + pos + 1] as number)] as number;
    return {
      leaf: false,
      split: { kind: 'axis', feature: f, threshold: this.threshold(f, rl, rr) },
      left,
      right,
    };
  }

  /** Optimal depth-≤1 tree of a node (exact). */
  private depth1(ord: Int32Array, s: number, level: number): Res {
    const tot = new Float64Array(this.k);
    this.totals(ord, s, tot);
    const leafC = this.leaf(tot, 0);
    const leafT = this.makeLeaf(tot, 0, s);
    if (leafC === 0 || s < 2 * this.m) return { lb: leafC, ub: leafC, tree: leafT };
    const b = this.bestSplit1(ord, s, tot);
    this.evaluated++;
    if (b === null || b.cost + this.alpha >= leafC) return { lb: leafC, ub: leafC, tree: leafT };
    return {
      lb: b.cost + this.alpha,
      ub: b.cost + this.alpha,
      tree: this.buildSplit1(ord, s, b.f, b.pos, level),
    };
  }

  private buildSplit1(ord: Int32Array, s: number, f: number, pos: number, level: number): TreeNode {
    const r = this.rank[f * this.n + (ord[f * s + pos] as number)] as number;
    const sL = pos + 1;
    const [L, R] = this.partition(ord, s, f, r, sL, level);
    const tl = new Float64Array(this.k);
    const tr = new Float64Array(this.k);
    this.totals(L, sL, tl);
    this.totals(R, s - sL, tr);
    return this.splitNode(ord, s, f, pos, this.makeLeaf(tl, 0, sL), this.makeLeaf(tr, 0, s - sL));
  }

  /** Greedy tree (best single split by the objective at each node) of depth ≤ depth: the incumbent. */
  greedy(ord: Int32Array, s: number, depth: number, level: number): { cost: number; tree: TreeNode } {
    const tot = new Float64Array(this.k);
    this.totals(ord, s, tot);
    const leafC = this.leaf(tot, 0);
    const leafT = this.makeLeaf(tot, 0, s);
    if (depth === 0 || leafC === 0 || s < 2 * this.m) return { cost: leafC, tree: leafT };
    const b = this.bestSplit1(ord, s, tot);
    if (b === null) return { cost: leafC, tree: leafT };
    const r = this.rank[b.f * this.n + (ord[b.f * s + b.pos] as number)] as number;
    const sL = b.pos + 1;
    const [L, R] = this.partition(ord, s, b.f, r, sL, level);
    // No copies: the children's recursion partitions into deeper levels' buffers only, so R is
    // intact after L's recursion.
    const gl = this.greedy(L, sL, depth - 1, level + 1);
    const gr = this.greedy(R, s - sL, depth - 1, level + 1);
    const c = gl.cost + gr.cost + this.alpha;
    if (c >= leafC) return { cost: leafC, tree: leafT };
    return { cost: c, tree: this.splitNode(ord, s, b.f, b.pos, gl.tree, gr.tree) };
  }

  /**
   * Optimal tree of depth ≤ `depth` with ≤ `k` splits for the node, if its cost is below `budget`.
   * Returns lb ≤ opt ≤ ub where `ub` is the cost of `tree`; when the search completes, either
   * `ub < budget` and `lb = ub`, or `lb >= budget`.
   */
  solve(
    ord: Int32Array,
    s: number,
    depth: number,
    k: number,
    budget: number,
    level: number,
    root?: RootSel,
  ): Res {
    const cap = 2 ** depth - 1;
    if (k > cap) k = cap;
    if (depth === 0 || k === 0 || s < 2 * this.m) {
      const tot = new Float64Array(this.k);
      this.totals(ord, s, tot);
      const c = this.leaf(tot, 0);
      return { lb: c, ub: c, tree: this.makeLeaf(tot, 0, s) };
    }
    if ((depth === 1 || k === 1) && root === undefined) return this.depth1(ord, s, level);
    // From the grandchildren of the root on, one row set is reached by several paths (x ≤ a then
    // y ≤ b, or y ≤ b then x ≤ a): look the subproblem up (MurTree/ConTree's cache of subtrees).
    if (level < 2 || root !== undefined) return this.search(ord, s, depth, k, budget, level, root);
    const key = this.cacheKey(ord, s, depth, k);
    const hit = this.cacheFind(key, ord, s);
    if (hit !== null) {
      // Exact (lb = ub) answers any budget; a bound answers budgets it already refutes.
      if (hit.lb >= hit.ub || hit.lb >= budget) return { lb: hit.lb, ub: hit.ub, tree: hit.tree };
    }
    const res = this.search(ord, s, depth, k, budget, level, root);
    if (this.timedOut) return res;
    if (hit !== null) {
      // A bound from an earlier budget stays valid; keep the stronger bound and the cheaper tree.
      hit.lb = Math.max(hit.lb, res.lb);
      if (res.ub < hit.ub) {
        hit.ub = res.ub;
        hit.tree = res.tree;
      }
    } else if (this.cacheInts + s <= CACHE_INTS) {
      this.cacheInts += s;
      this.cache.set(key, { rows: ord.slice(0, s), lb: res.lb, ub: res.ub, tree: res.tree });
    }
    return res;
  }

  /**
   * The tree of a depth-3 root's best pair whose children kept no trees: both children re-solved with
   * trees, each against a budget just above the optimum it reported (so it returns a tree of that
   * cost), without the deadline or evaluation limit (two depth-2 searches) so that an interrupted
   * search still returns a real tree of the cost it reports.
   */
  private buildLazy(ord: Int32Array, s: number, depth: number, level: number, p: LazyPair): TreeNode {
    const saved = { deadline: this.deadline, maxEval: this.maxEval, timedOut: this.timedOut };
    this.deadline = INF;
    this.maxEval = INF;
    this.timedOut = false;
    const r = this.rank[p.f1 * this.n + (ord[p.f1 * s + p.pos] as number)] as number;
    const nL = p.pos + 1;
    const [Lb, Rb] = this.partition(ord, s, p.f1, r, nL, level);
    const above = (u: number): number => u + 1e-9 * Math.max(1, Math.abs(u));
    // Only a child that kept no tree is re-solved: its cost is exact (a child stopped by the deadline
    // builds its tree), while re-solving a stopped one without the deadline could find a better tree
    // than the cost the pair was scored with.
    const lt = p.lt === LAZY ? this.solve(Lb, nL, depth - 1, p.kl, above(p.lub), level + 1).tree : p.lt;
    const rt = p.rt === LAZY ? this.solve(Rb, s - nL, depth - 1, p.kr, above(p.rub), level + 1).tree : p.rt;
    this.deadline = saved.deadline;
    this.maxEval = saved.maxEval;
    this.timedOut = saved.timedOut;
    if (lt === null || rt === null || lt === LAZY || rt === LAZY)
      throw new Error('internal: a kept pair could not be rebuilt');
    return this.splitNode(ord, s, p.f1, p.pos, lt, rt);
  }

  /** Subproblems solved at depth ≥ 2 from level 2 on, by (depth, k, row set); see `solve`. */
  private readonly cache = new Map<string, CacheEntry>();
  private cacheInts = 0;

  /** The row set's key: its rows in feature 0's order (canonical: value, then row index), hashed. */
  private cacheKey(ord: Int32Array, s: number, depth: number, k: number): string {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < s; i++) {
      const r = ord[i] as number;
      h1 = Math.imul(h1 ^ r, 0x01000193);
      h2 = Math.imul(h2 + r, 0x5bd1e995) ^ (h2 >>> 15);
    }
    return `${depth},${k},${s},${h1},${h2}`;
  }

  /** The cached entry for `key` if its rows really are the node's (hash collisions are checked). */
  private cacheFind(key: string, ord: Int32Array, s: number): CacheEntry | null {
    const e = this.cache.get(key);
    if (e === undefined) return null;
    const rows = e.rows;
    for (let i = 0; i < s; i++) if (rows[i] !== ord[i]) return null;
    return e;
  }

  /**
   * Set by `solveAxis` once the root's greedy tree is its incumbent: the root's search then does not
   * build it a second time (cryotherapy depth 4: a third of a 0.2 ms solve went to greedy trees).
   */
  rootIncumbent = false;

  /** Sum of the `c` smallest of the K class totals `tot` (`tmp`: K scratch slots). */
  private lightest(tot: Float64Array, c: number, tmp: Float64Array): number {
    const K = this.k;
    for (let j = 0; j < K; j++) {
      // Insertion sort of K values (K is small).
      const v = tot[j] as number;
      let i = j - 1;
      while (i >= 0 && (tmp[i] as number) > v) {
        tmp[i + 1] = tmp[i] as number;
        i--;
      }
      tmp[i + 1] = v;
    }
    let sum = 0;
    for (let j = 0; j < c; j++) sum += tmp[j] as number;
    return sum;
  }

  /** Branch-and-bound over the node's thresholds (depth ≥ 2), children by the kernel or recursion. */
  private search(
    ord: Int32Array,
    s: number,
    depth: number,
    k: number,
    budget: number,
    level: number,
    root?: RootSel,
  ): Res {
    const { d, n, m, alpha, rank } = this;
    const K = this.k;
    const sc = this.searchScratch(level, s, kernelWidthOf(depth, k));
    const tot = sc.tot;
    this.totals(ord, s, tot);
    const leafC = this.leaf(tot, 0);
    let bestCost = leafC;
    let bestTree: TreeNode | null = this.makeLeaf(tot, 0, s);
    if (root !== undefined && (root.part !== 0 || root.range !== null)) {
      bestCost = INF;
      bestTree = null;
    }
    if (leafC === 0 && bestTree !== null) return { lb: 0, ub: 0, tree: bestTree };
    // A tree with at most `leaves` leaves predicts at most that many classes: every row of the other
    // classes is an error, so (misclassifications) the cost is at least the total weight of the
    // K − leaves lightest classes. Glass (six classes) at depth 2: at least its two lightest.
    const leaves = Math.min(2 ** depth, k + 1);
    if (this.kind === 0 && K > leaves && bestTree !== null) {
      const cb = this.lightest(tot, K - leaves, sc.run);
      if (cb >= budget) return { lb: cb, ub: leafC, tree: bestTree };
    }
    const capChild = 2 ** (depth - 1) - 1;
    const full = k >= 2 * capChild + 1;
    // A greedy tree as first incumbent at the root only (`solveAxis` usually builds it already: its
    // cost is then the budget here). Inner nodes have their parent's budget; a greedy tree there cost
    // more than it pruned (depth 4: cryotherapy −21%, iris −14%, spesis −4%, the others level).
    if (level === 0 && full && depth >= 3 && bestTree !== null && !this.rootIncumbent) {
      const g = this.greedy(ord, s, depth, level + 1);
      if (g.cost < bestCost) {
        bestCost = g.cost;
        bestTree = g.tree;
      }
    }
    let UB = Math.min(budget, bestCost);
    // Parallel parts (root only): the incumbent shared with the other threads, and the re-solve's stop.
    const shared = level === 0 ? this.shared : null;
    const stopFirst = level === 0 && this.stopAtFirst;
    let stopped = false;
    // Budget options: child split counts kl (left) with kr = min(k−1−kl, capChild).
    const klo = Math.max(0, k - 1 - capChild);
    const khi = Math.min(k - 1, capChild);
    const nb = khi - klo + 1;
    const kernel = depth === 2 && k >= 2;
    // Per-feature candidate positions and prefix sums of the similarity weight.
    // Layout per feature: [−1 (virtual: empty left), candidates..., s − 1 (virtual: empty right)].
    // Per-level scratch (children use deeper levels), so nothing here is allocated per node.
    const { cand, ncand, plip, pre, run } = sc;
    const fast2 = K === 2 && this.kind === 0;
    // Kernel scratch: per feature f2, the node's rows in f2 order as class, weight, "last of its value"
    // flag, and (per root feature f1, filled lazily) the row's f1 rank — so the passes read memory
    // sequentially instead of gathering through row indices.
    let kY: Int32Array = this.emptyI;
    let kW: Float64Array = this.emptyF;
    let kL: Float64Array = this.emptyF;
    let kS: Float64Array = this.emptyF;
    // Tie-heavy two-class unit-weight nodes: per root feature f1 a prefix table of class counts over
    // (local rank of f1) × (local rank of f2), so a kernel pass costs Σ distinct values, not d·s rows.
    const useGrid = this.grid && kernel && this.k === 2 && this.kind === 0 && this.unit;
    let kLR: Int32Array = this.emptyI;
    let gU: Int32Array = this.emptyI;
    let gOff: Int32Array = this.emptyI;
    let gridOf: (f1: number) => Int32Array | null = () => null;
    let kP: Float64Array = this.emptyF;
    let kC: Int32Array = this.emptyI;
    // The difference kernel wins unless the node is tie-heavy; with few boundaries the counting
    // kernel, which skips non-boundaries, is as fast or faster (threshold below).
    let diff = this.diff;
    let packed = false;
    let bounds = 0;
    let kB: Uint8Array = this.emptyB;
    let memb: (f1: number) => Int32Array = () => this.emptyI;
    let simd: SimdKernel | null = null;
    let membS: (f1: number) => number = () => 0;
    let lr = 0;
    // The unit-weight kernels count rows and never read kW.
    const needW = !(this.unitI && (fast2 || this.kPacked));
    const packedK = this.kPacked;
    // The int32 two-class packing, written in the walk in case the node takes the difference kernel.
    const packed2 = kernel && this.diff && this.unitI;
    const ksc = kernel ? this.kernelScratch(level, s) : null;
    if (ksc !== null) {
      const sc = ksc;
      kY = sc.y;
      kW = sc.w;
      kL = sc.l;
      kB = sc.b;
      kS = sc.sg;
      kP = sc.pen;
      kC = sc.code;
      kLR = sc.lr;
      gU = sc.U;
      gOff = sc.off;
      gOff[0] = 0;
    }
    let rootIdx = 0;
    let extL = false;
    let extR = false;
    // One walk over the node's rows in every feature's order: candidates, similarity prefix sums and,
    // for the kernel, its per-row scratch (one walk instead of two: iris depth 3 spent a fifth of its
    // time in these set-up loops).
    for (let f = 0; f < d; f++) {
      const base = f * s;
      const cb = f * (s + 2);
      const rb = f * n;
      let c = 0;
      cand[cb] = -1;
      const pl = f * (s + 1);
      plip[pl] = 0;
      // Kernel: class counts left of each candidate, kept only at candidates (few with many ties).
      if (kernel) run.fill(0);
      for (let q = 0; q < s; q++) {
        const row = ord[base + q] as number;
        plip[pl + q + 1] = (plip[pl + q] as number) + (this.lip[row] as number);
        const last =
          q === s - 1 || (rank[rb + row] as number) !== (rank[rb + (ord[base + q + 1] as number)] as number);
        if (kernel) {
          const yc = this.y[row] as number;
          run[yc] = (run[yc] as number) + (this.w[row] as number);
          if (last) bounds++;
          // The packed many-class kernels read only kC; the others class and boundary arrays.
          if (packedK) kC[base + q] = (yc << KP_CLASS_SHIFT) | (last ? KP_BOUNDARY : 0);
          else {
            kY[base + q] = yc;
            kB[base + q] = last ? 1 : 0;
            if (needW) kW[base + q] = this.w[row] as number;
            if (kL.length > 0) kL[base + q] = this.lip[row] as number;
            if (packed2) kC[base + q] = (yc === 0 ? PACK_CLASS0 : 0) | (last ? 0 : PEN32);
          }
          if (useGrid) {
            kLR[base + q] = lr;
            if (last) lr++;
          }
        }
        if (!last || q === s - 1) continue;
        if (q + 1 < m || s - q - 1 < m) continue;
        if (root !== undefined) {
          const rr = root.range;
          if (rr === null) {
            if (rootIdx++ % root.parts !== root.part) continue;
          } else {
            // The range plus its outer neighbours (end points of its bisection, evaluated first).
            const rk = rank[rb + row] as number;
            if (f !== rr.feature || rk < rr.from - 1 || rk > rr.to) continue;
            if (rk === rr.from - 1) extL = true;
            if (rk === rr.to) extR = true;
          }
        }
        if (kernel) {
          const po = (cb + 1 + c) * K;
          for (let j = 0; j < K; j++) pre[po + j] = run[j] as number;
        }
        cand[cb + 1 + c++] = q;
      }
      ncand[f] = c;
      cand[cb + c + 1] = s - 1;
      if (useGrid) {
        gU[f] = lr;
        gOff[f + 1] = (gOff[f] as number) + lr;
        lr = 0;
      }
    }
    // Stored lower bounds at evaluated candidates: [L options (nb) | R options (nb)] per candidate;
    // for the kernel: [Lleaf, Lbest, Rleaf, Rbest].
    const width = kernel ? 4 : 2 * nb;
    const vals = sc.vals;
    // Non-kernel bounds are raised with max(): start from 0 (kernel slots are written before read).
    if (!kernel) vals.fill(0, 0, d * (s + 2) * width);
    const lipW = this.lipOk;
    const mono = this.mono;
    let minEvalLb = INF;
    // The lowest bound of an interval discarded because its bound reached UB (see the returned lb).
    let minCut = INF;
    const { cl, cr, TL, TR } = sc;
    // The kernel's incumbent candidate whose tree is not built yet (see buildPending).
    let pendF = -1;
    let pendCi = -1;
    let pendLeaves = 0;
    // A depth-3 root's best pair whose depth-2 children kept no trees (see lazyKids).
    let lazyPair: LazyPair | null = null;
    // Depth-2 children of a depth-3 root skip building their trees: only the pair the root keeps
    // needs them (iris depth 3: 18 of its 32 children used to build one), rebuilt at the end.
    const lazyRoot = level === 0 && depth === 3 && !this.lazyKids;
    if (lazyRoot) this.lazyKids = true;

    if (ksc !== null) {
      const sc = ksc;
      // Measured per data set (depth 2, warm): the branch-free difference form wins from about 15%
      // boundaries up (ionosphere 68%: 14.6 → 11.1 ms, pima 20%: 6.6 → 5.6 ms); below, on Haberman,
      // blood transfusion and spesis, the two are level or the counting kernel wins.
      // With the SIMD form of the difference kernel (four features a pass) it wins down to 5%
      // boundaries (depth 2 / 3: Haberman −24% / −22%, blood transfusion −32% / −37%); spesis, at 4%,
      // keeps the counting kernel and its prefix tables.
      if (bounds * 20 < (diff && this.unitI && simdKernel() !== null ? 1 : 3) * d * s) diff = false;
      packed = diff && this.unitI;
      if (diff && !this.unitI) {
        const len = d * s;
        for (let q = 0; q < len; q++) {
          kS[q] = kY[q] === 0 ? (kW[q] as number) : -(kW[q] as number);
          kP[q] = kB[q] === 1 ? 0 : 1e300;
        }
      }
      const slots = sc.slots;
      const ready = sc.ready;
      ready.fill(-1);
      const many = slots.length >= d;
      memb = (f1: number): Int32Array => {
        const slot = many ? f1 : 0;
        const arr = slots[slot] as Int32Array;
        if (ready[slot] === f1) return arr;
        // The int32 difference kernel reads rank, class and boundary from one word (one load a row).
        fillMemb(arr, rank, f1 * n, ord, packed || this.kPacked ? kC : this.emptyI, d * s);
        ready[slot] = f1;
        return arr;
      };
      // The packed two- and three-class kernels in WebAssembly SIMD (./simd.ts) when available: the
      // node's rows per root feature in its memory (one slot per root feature while under 32 MB).
      simd = packed || (this.kPacked && K <= SIMD_MAX_CLASSES && m === 1) ? simdKernel() : null;
      const slotBytes = ((d + 3) >> 2) * s * 16;
      const manyS = d * slotBytes <= 1 << 25;
      if (simd !== null && !simd.ensure(SIMD_OUT_BYTES + (manyS ? d : 1) * slotBytes)) simd = null;
      if (simd !== null) {
        const kern = simd;
        const readyS = this.simdReady;
        readyS.fill(-1);
        membS = (f1: number): number => {
          const slot = manyS ? f1 : 0;
          const off = SIMD_OUT_BYTES + slot * slotBytes;
          if (readyS[slot] === f1) return off;
          fillSimd(kern.i32, off >> 2, rank, f1 * n, ord, kC, d, s);
          readyS[slot] = f1;
          return off;
        };
      }
      if (useGrid) {
        const gReady = sc.gridReady;
        gReady.fill(0);
        const W = gOff[d] as number;
        gridOf = (f1: number): Int32Array | null => {
          const st = gReady[f1] as number;
          if (st === 1) return sc.grids[f1] as Int32Array;
          if (st === 2) return null;
          const U1 = gU[f1] as number;
          // Worth it only when the table is small next to the rows, so that a few passes repay it:
          // U1·W cells against d·s rows a pass, up to 8× for the counting kernel and 1× for the
          // branch-free difference kernel, whose passes cost half as much. Measured against the
          // former 4× for both (depth 2 / 3): Haberman −16% / −21%, blood transfusion −22% / −11%,
          // spesis ±0 / −10%, cryotherapy (difference kernel) −4% / −16%. Never against the SIMD
          // difference kernel (caesarian and cryotherapy depth 3 −15%, the others level).
          if (U1 * W > (diff ? (simd !== null ? 0 : 1) : 8) * d * s) {
            gReady[f1] = 2;
            return null;
          }
          // Allocated on first use, grown to the largest table seen (at most 16·d·n cells).
          if ((sc.grids[f1] as Int32Array).length < 2 * U1 * W) sc.grids[f1] = new Int32Array(2 * U1 * W);
          const G = sc.grids[f1] as Int32Array;
          // Each row's local rank in f1, by row index: the table is filled through the node's
          // orders directly (no f1-rank pass over every feature's order, which memb would make).
          const loc = sc.loc;
          const b1 = f1 * s;
          for (let q = 0; q < s; q++) loc[ord[b1 + q] as number] = kLR[b1 + q] as number;
          G.fill(0, 0, 2 * U1 * W);
          for (let g = 0; g < d; g++) {
            const base = g * s;
            const o = gOff[g] as number;
            for (let q = 0; q < s; q++) {
              const cell =
                (((loc[ord[base + q] as number] as number) * W + o + (kLR[base + q] as number)) << 1) +
                (kY[base + q] as number);
              G[cell] = (G[cell] as number) + 1;
            }
          }
          const w2 = 2 * W;
          for (let a = 1; a < U1; a++) {
            const ro = a * w2;
            for (let j = 0; j < w2; j++) G[ro + j] = (G[ro + j] as number) + (G[ro - w2 + j] as number);
          }
          gReady[f1] = 1;
          return G;
        };
      }
    }
    const comb2 = (lleaf: number, lbest: number, rleaf: number, rbest: number): number =>
      k >= 3 ? lbest + rbest : Math.min(lbest + rleaf, lleaf + rbest);
    // Leaves of the tree buildPending makes for a candidate (a side splits only when strictly better).
    const leavesOf = (lleaf: number, lbest: number, rleaf: number, rbest: number): number =>
      k >= 3
        ? 2 + (lbest < lleaf ? 1 : 0) + (rbest < rleaf ? 1 : 0)
        : lbest + rleaf <= lleaf + rbest
          ? 2 + (lbest < lleaf ? 1 : 0)
          : 2 + (rbest < rleaf ? 1 : 0);

    // Kernel evaluation: fills vals for candidate ci of f1; returns its cost.
    const evalKernel = (f1: number, ci: number): number => {
      const pos = cand[f1 * (s + 2) + ci] as number;
      const r = rank[f1 * n + (ord[f1 * s + pos] as number)] as number;
      const nL = pos + 1;
      const nR = s - nL;
      const po = (f1 * (s + 2) + ci) * K;
      for (let j = 0; j < K; j++) {
        TL[j] = pre[po + j] as number;
        TR[j] = (tot[j] as number) - (TL[j] as number);
      }
      const lleaf = this.leaf(TL, 0);
      const rleaf = this.leaf(TR, 0);
      let l1 = INF;
      let r1 = INF;
      const needL = lleaf > alpha && nL >= 2 * m;
      const needR = rleaf > alpha && nR >= 2 * m;
      const G = needL || needR ? gridOf(f1) : null;
      if (G !== null) {
        const r2 = this.grid2(
          G,
          gU,
          gOff,
          kLR[f1 * s + pos] as number,
          gU[f1] as number,
          needL,
          needR,
          nL,
          nR,
          TL,
          TR,
        );
        l1 = r2[0] as number;
        r1 = r2[1] as number;
      } else if (simd !== null && (needL || needR)) {
        const r2 =
          K === 2
            ? this.simd2(simd, membS(f1), s, r, needL, needR, TL, TR)
            : this.simdK(simd, membS(f1), s, r, needL, needR, TL, TR);
        l1 = r2[0] as number;
        r1 = r2[1] as number;
      } else if (needL || needR) {
        const mr = memb(f1);
        if (fast2) {
          const r2 = diff
            ? this.unitI
              ? this.sweep2DI(mr, s, r, needL, needR, TL, TR)
              : this.sweep2D(mr, kS, kP, s, r, needL, needR, TL, TR)
            : this.unit
              ? this.sweep2Unit(mr, kY, kB, s, r, needL, needR, nL, nR, TL, TR)
              : this.sweep2(mr, kY, kW, kB, s, r, needL, needR, nL, nR, TL, TR);
          l1 = r2[0] as number;
          r1 = r2[1] as number;
        } else if (this.kPacked) {
          const r2 = this.sweepKP(mr, s, r, needL, needR, nL, nR, TL, TR);
          l1 = r2[0] as number;
          r1 = r2[1] as number;
        } else if (this.lipOk) {
          const r2 = this.sweepK(
            mr,
            kY,
            kW,
            this.kind === 0 ? kW : kL,
            kB,
            s,
            r,
            needL,
            needR,
            nL,
            nR,
            TL,
            TR,
          );
          l1 = r2[0] as number;
          r1 = r2[1] as number;
        } else {
          for (let f2 = 0; f2 < d; f2++) {
            cl.fill(0);
            cr.fill(0);
            let nl = 0;
            let nr = 0;
            let dl = false;
            let dr = false;
            const end = f2 * s + s;
            for (let q = f2 * s; q < end; q++) {
              const c = kY[q] as number;
              if ((mr[q] as number) <= r) {
                cl[c] = (cl[c] as number) + (kW[q] as number);
                nl++;
                dl = true;
              } else {
                cr[c] = (cr[c] as number) + (kW[q] as number);
                nr++;
                dr = true;
              }
              if (kB[q] === 0) continue;
              if (dl) {
                dl = false;
                if (needL && nl >= m && nL - nl >= m) {
                  const v = this.leaf(cl, 0) + this.leafDiff(TL, 0, cl, 0);
                  if (v < l1) l1 = v;
                }
              }
              if (dr) {
                dr = false;
                if (needR && nr >= m && nR - nr >= m) {
                  const v = this.leaf(cr, 0) + this.leafDiff(TR, 0, cr, 0);
                  if (v < r1) r1 = v;
                }
              }
            }
          }
        }
      }
      const lbest = Math.min(lleaf, l1 + alpha);
      const rbest = Math.min(rleaf, r1 + alpha);
      const o = (f1 * (s + 2) + ci) * 4;
      vals[o] = lleaf;
      vals[o + 1] = lbest;
      vals[o + 2] = rleaf;
      vals[o + 3] = rbest;
      this.evaluated++;
      const cost = comb2(lleaf, lbest, rleaf, rbest) + alpha;
      if (cost < UB || (cost < bestCost && bestTree === null && pendF < 0)) {
        // The new incumbent's tree is only built once the search ends (buildPending): most incumbents
        // are superseded, and building one costs a partition and two depth-1 passes.
        bestCost = cost;
        pendF = f1;
        pendCi = ci;
        pendLeaves = leavesOf(lleaf, lbest, rleaf, rbest);
        UB = Math.min(budget, bestCost);
        if (shared !== null) publishSlot(shared.board, shared.self, bestCost);
      } else if (cost === bestCost && cost < budget && pendF >= 0) {
        // An evaluated candidate as good as the incumbent: keep the tree with fewer leaves (no
        // pruning depends on it; intervals that reached UB are not searched for such ties).
        const lv = leavesOf(lleaf, lbest, rleaf, rbest);
        if (lv < pendLeaves) {
          pendF = f1;
          pendCi = ci;
          pendLeaves = lv;
        }
      }
      if (cost < minEvalLb) minEvalLb = cost;
      return cost;
    };
    // Builds the tree of the kernel's best candidate: children are depth-1 optima (or leaves) of each
    // side, chosen as evalKernel scored them (its stored [Lleaf, Lbest, Rleaf, Rbest]).
    const buildPending = (f1: number, ci: number): TreeNode => {
      const pos = cand[f1 * (s + 2) + ci] as number;
      const r = rank[f1 * n + (ord[f1 * s + pos] as number)] as number;
      const nL = pos + 1;
      const nR = s - nL;
      const po = (f1 * (s + 2) + ci) * K;
      for (let j = 0; j < K; j++) {
        TL[j] = pre[po + j] as number;
        TR[j] = (tot[j] as number) - (TL[j] as number);
      }
      const o = (f1 * (s + 2) + ci) * 4;
      const lleaf = vals[o] as number;
      const lbest = vals[o + 1] as number;
      const rleaf = vals[o + 2] as number;
      const rbest = vals[o + 3] as number;
      const ll = this.makeLeaf(TL, 0, nL);
      const rl = this.makeLeaf(TR, 0, nR);
      // depth1 partitions into the next level's buffers, so this level's L and R stay intact.
      const [Lc, Rc] = this.partition(ord, s, f1, r, nL, level);
      let lt: TreeNode;
      let rt: TreeNode;
      if (k >= 3) {
        lt = this.depth1(Lc, nL, level + 1).tree as TreeNode;
        rt = this.depth1(Rc, nR, level + 1).tree as TreeNode;
      } else if (lbest + rleaf <= lleaf + rbest) {
        lt = this.depth1(Lc, nL, level + 1).tree as TreeNode;
        rt = rl;
      } else {
        lt = ll;
        rt = this.depth1(Rc, nR, level + 1).tree as TreeNode;
      }
      return this.splitNode(ord, s, f1, pos, lt, rt);
    };

    // General evaluation (depth ≥ 3): recursive children with budgets; interval bounds for R estimate.
    // Lower bounds on the children at candidate ci from the interval's end points ia < ci < ib:
    // monotonicity (L(ci) ⊇ L(ia), R(ci) ⊇ R(ib)) and similarity (L(ci) ⊆ L(ib) with W(ci, ib) rows
    // fewer; R(ci) ⊆ R(ia) with W(ia, ci) rows fewer). Written to estL/estR per budget option.
    // Returns the similarity weight from ci to the farther end point, max(W(ia, ci), W(ci, ib)), when
    // both bounds hold (else 0): a bound at ci that reaches UB + that weight refutes the whole interval.
    const { estL, estRc } = sc;
    const pointEstimates = (f: number, ci: number, ia: number, ib: number): number => {
      const cb = f * (s + 2);
      const pl = f * (s + 1);
      const pc = cand[cb + ci] as number;
      const wl = lipW
        ? (plip[pl + pc + 1] as number) - (plip[pl + (cand[cb + ia] as number) + 1] as number)
        : INF;
      const wr = lipW
        ? (plip[pl + (cand[cb + ib] as number) + 1] as number) - (plip[pl + pc + 1] as number)
        : INF;
      const oa = (cb + ia) * width;
      const ob = (cb + ib) * width;
      for (let t = 0; t < nb; t++) {
        let L = mono ? (vals[oa + t] as number) : 0;
        let R = mono ? (vals[ob + nb + t] as number) : 0;
        if (lipW) {
          L = Math.max(L, (vals[ob + t] as number) - wr);
          R = Math.max(R, (vals[oa + nb + t] as number) - wl);
        }
        estL[t] = Math.max(0, L);
        estRc[t] = Math.max(0, R);
      }
      return lipW && mono ? Math.max(wl, wr) : 0;
    };

    // General evaluation (depth ≥ 3): recursive children with budgets, skipped when the end points'
    // bounds already rule the candidate out.
    // With five or more features, the larger child goes first: it more often refutes the pair on its
    // own (depth-3 evaluations: glass 18,897 → 12,958, breast cancer 101,857 → 76,478, wine 775 →
    // 636, caesarian 469 → 409). With two to four features the smaller child's exact cost, found
    // cheaply, is the better budget for the larger one (voicepath 1,724 → 2,492 and 2.3× the time
    // the other way round; blood transfusion, spesis, Haberman 2–10% slower). Either order is exact.
    const largerFirst = d >= 5;
    // The second child is solved against a budget loosened by `slack`, the similarity weight from
    // the candidate to its interval's farther end (ConTree's interval half-distance, Briţa et al.
    // AAAI 2025): a refutation then bounds the pair by UB + slack, which the similarity bound turns
    // into ≥ UB on both halves of the interval, so one evaluation discards them instead of bisecting
    // on. Depth-3 evaluations (kernel and root): ionosphere 288,063 → 80,084 (8.7 → 2.2 s), Pima
    // 84,616 → 36,722, breast cancer 76,759 → 35,448, glass 9,838 → 5,489. Loosening the first
    // child's budget as well did worse on all of them.
    const evalRec = (f1: number, ci: number, ia: number, ib: number): number => {
      const pos = cand[f1 * (s + 2) + ci] as number;
      const r = rank[f1 * n + (ord[f1 * s + pos] as number)] as number;
      const nL = pos + 1;
      const nR = s - nL;
      const slack = pointEstimates(f1, ci, ia, ib);
      const o = (f1 * (s + 2) + ci) * width;
      let cost = INF;
      let lb = INF;
      let parted = false;
      let Lb: Int32Array = this.emptyI;
      let Rb: Int32Array = this.emptyI;
      for (let t = 0; t < nb; t++) {
        const kl = klo + t;
        const kr = Math.min(k - 1 - kl, capChild);
        const tr = kr - klo;
        const el = estL[t] as number;
        const er = estRc[tr] as number;
        vals[o + t] = Math.max(vals[o + t] as number, el);
        vals[o + nb + tr] = Math.max(vals[o + nb + tr] as number, er);
        if (el + er + alpha >= UB) {
          if (el + er + alpha < lb) lb = el + er + alpha;
          continue;
        }
        if (!parted) {
          // The children's recursion uses deeper levels' buffers; these two stay intact.
          [Lb, Rb] = this.partition(ord, s, f1, r, nL, level);
          parted = true;
        }
        // Children in order: the first is solved against the sibling's estimate, the second against
        // the first's bound, so a pair that cannot beat UB is refuted by whichever child goes first.
        let lres: Res | null = null;
        let rres: Res | null = null;
        let llb = el;
        let rlb = er;
        if (!(largerFirst && nR > nL)) {
          lres = this.solve(Lb, nL, depth - 1, kl, UB - alpha - er, level + 1);
          llb = Math.max(lres.lb, el);
          if (llb + er + alpha < UB + slack && !this.timedOut) {
            rres = this.solve(Rb, nR, depth - 1, kr, UB + slack - alpha - llb, level + 1);
            rlb = Math.max(rres.lb, er);
          }
        } else {
          rres = this.solve(Rb, nR, depth - 1, kr, UB - alpha - el, level + 1);
          rlb = Math.max(rres.lb, er);
          if (el + rlb + alpha < UB + slack && !this.timedOut) {
            lres = this.solve(Lb, nL, depth - 1, kl, UB + slack - alpha - rlb, level + 1);
            llb = Math.max(lres.lb, el);
          }
        }
        vals[o + t] = Math.max(vals[o + t] as number, llb);
        vals[o + nb + tr] = Math.max(vals[o + nb + tr] as number, rlb);
        const c = llb + rlb + alpha;
        if (c < lb) lb = c;
        if (lres !== null && rres !== null) {
          const u = lres.ub + rres.ub + alpha;
          if (u < cost) cost = u;
          if (u < UB || (u < bestCost && bestTree === null)) {
            bestCost = u;
            if (lres.tree === LAZY || rres.tree === LAZY) {
              // Built at the end, if this pair stays the best (see lazyKids).
              bestTree = LAZY;
              lazyPair = { f1, pos, kl, kr, lub: lres.ub, rub: rres.ub, lt: lres.tree, rt: rres.tree };
            } else bestTree = this.splitNode(ord, s, f1, pos, lres.tree as TreeNode, rres.tree as TreeNode);
            UB = Math.min(budget, bestCost);
            if (shared !== null) publishSlot(shared.board, shared.self, bestCost);
          }
        }
      }
      this.evaluated++;
      if (lb < minEvalLb) minEvalLb = lb;
      return cost;
    };

    // Lower bound on every candidate strictly inside (a, b) of feature f.
    const bound = (f: number, a: number, b: number): number => {
      const pa = cand[f * (s + 2) + a] as number;
      const pb = cand[f * (s + 2) + b] as number;
      const W = lipW ? (plip[f * (s + 1) + pb + 1] as number) - (plip[f * (s + 1) + pa + 1] as number) : INF;
      if (kernel) {
        const oa = (f * (s + 2) + a) * 4;
        const ob = (f * (s + 2) + b) * 4;
        let ll = mono ? (vals[oa] as number) : 0;
        let lbst = mono ? (vals[oa + 1] as number) : 0;
        let rl = mono ? (vals[ob + 2] as number) : 0;
        let rbst = mono ? (vals[ob + 3] as number) : 0;
        if (lipW) {
          ll = Math.max(ll, (vals[ob] as number) - W);
          lbst = Math.max(lbst, (vals[ob + 1] as number) - W);
          rl = Math.max(rl, (vals[oa + 2] as number) - W);
          rbst = Math.max(rbst, (vals[oa + 3] as number) - W);
        }
        let v = comb2(ll, lbst, rl, rbst);
        if (lipW && k >= 3) v = Math.max(v, (vals[ob + 1] as number) + (vals[oa + 3] as number) - W);
        return v + alpha;
      }
      const oa = (f * (s + 2) + a) * width;
      const ob = (f * (s + 2) + b) * width;
      let best = INF;
      for (let t = 0; t < nb; t++) {
        const kl = klo + t;
        const kr = Math.min(k - 1 - kl, capChild);
        const tr = kr - klo;
        const lA = vals[oa + t] as number;
        const lB = vals[ob + t] as number;
        const rA = tr >= 0 && tr < nb ? (vals[oa + nb + tr] as number) : 0;
        const rB = tr >= 0 && tr < nb ? (vals[ob + nb + tr] as number) : 0;
        let L = mono ? lA : 0;
        let R = mono ? rB : 0;
        if (lipW) {
          L = Math.max(L, lB - W);
          R = Math.max(R, rA - W);
        }
        let v = L + R;
        if (lipW) v = Math.max(v, lB + rA - W);
        if (v < best) best = v;
      }
      return best + alpha;
    };
    const evaluate = (f: number, ci: number, ia: number, ib: number) =>
      kernel ? evalKernel(f, ci) : evalRec(f, ci, ia, ib);

    const heap = new Heap();
    // Virtual end points: an empty left child (index 0) and an empty right child (index c + 1), whose
    // other side is the whole node. For the kernel the whole node's depth-≤1 optimum is one pass; for
    // deeper levels only 0 is known (a valid lower bound).
    let whole1 = 0;
    if (kernel && diff && s >= 2 * m) {
      TL.set(tot);
      TR.fill(0);
      const out =
        simd !== null
          ? this.simd2(simd, membS(0), s, 0x7fffffff, true, false, TL, TR)
          : this.unitI
            ? this.sweep2DI(memb(0), s, 0x7fffffff, true, false, TL, TR)
            : this.sweep2D(memb(0), kS, kP, s, 0x7fffffff, true, false, TL, TR);
      whole1 = Math.min(leafC, (out[0] as number) + alpha);
    } else if (kernel && fast2 && this.unit && s >= 2 * m) {
      // The whole node's best single split: the kernel pass with every row on the left.
      TL.set(tot);
      TR.fill(0);
      const out = this.sweep2Unit(memb(0), kY, kB, s, 0x7fffffff, true, false, s, 0, TL, TR);
      whole1 = Math.min(leafC, (out[0] as number) + alpha);
    } else if (kernel && this.kPacked && s >= 2 * m) {
      // The same pass with every row on the left (rank ≤ KP_RANK).
      const out =
        simd !== null
          ? this.simdK(simd, membS(0), s, KP_RANK, true, false, tot, TR.fill(0))
          : this.sweepKP(memb(0), s, KP_RANK, true, false, s, 0, tot, TR.fill(0));
      whole1 = Math.min(leafC, (out[0] as number) + alpha);
    } else if (kernel) {
      const b1 = this.bestSplit1(ord, s, tot);
      whole1 = Math.min(leafC, b1 === null ? INF : b1.cost + alpha);
    }
    // That best single split is a tree of depth ≤ 2 itself: the kernel's first incumbent (its tree is
    // built only if nothing beats it), so at equal cost the search returns it rather than a deeper
    // tree, and its cost bounds the search from the first candidate on.
    let pendWhole = false;
    if (kernel && bestTree !== null && s >= 2 * m && whole1 < bestCost) {
      bestCost = whole1;
      pendWhole = true;
      UB = Math.min(budget, bestCost);
    }
    for (let f = 0; f < d; f++) {
      const c = ncand[f] as number;
      if (c === 0) continue;
      if (kernel) {
        const o0 = f * (s + 2) * 4;
        const o1 = (f * (s + 2) + c + 1) * 4;
        // Virtual end points: an empty side costs 0 (scratch is reused, so write every slot).
        vals[o0] = 0;
        vals[o0 + 1] = 0;
        vals[o0 + 2] = leafC;
        vals[o0 + 3] = whole1;
        vals[o1] = leafC;
        vals[o1 + 1] = whole1;
        vals[o1 + 2] = 0;
        vals[o1 + 3] = 0;
      }
      if (extL || extR) {
        // A range part (root only): candidates 1 and c are the range's outer neighbours, evaluated
        // first so that the bisection near the range's ends has their real bounds instead of the
        // virtual empty sides' (as inside one long range). First, with the part's initial budget:
        // evaluated later, against a tighter shared bound, their children are refuted early and
        // store weaker bounds (Pima depth 3: 85,000 → 136,000 evaluations).
        const a = extL ? 1 : 0;
        const b = extR ? c : c + 1;
        if (extL) evaluate(f, 1, 0, c + 1);
        if (extR && c > a) evaluate(f, c, a, c + 1);
        if (b - a > 1) {
          const bd = bound(f, a, b);
          if (bd < UB) heap.push({ f, a, b, bound: bd });
          else {
            this.pruned += b - a - 1;
            if (bd < minCut) minCut = bd;
          }
        }
        continue;
      }
      heap.push({ f, a: 0, b: c + 1, bound: bound(f, 0, c + 1) });
    }
    while (heap.size > 0) {
      if (shared !== null) {
        // What the other parts found (ties with later parts kept: see src/axis/shared.ts).
        const sb = boardBudget(shared.board, shared.self, budget);
        if (sb < budget) {
          budget = sb;
          if (sb < UB) UB = sb;
        }
      }
      const top = heap.peek() as Interval;
      if (top.bound >= UB) break;
      if (this.checkTime()) break;
      if (stopFirst && bestCost < budget && (pendF >= 0 || bestTree !== null)) {
        stopped = true;
        break;
      }
      heap.pop();
      const mid = (top.a + top.b) >> 1;
      evaluate(top.f, mid, top.a, top.b);
      if (mid - top.a > 1) {
        const bd = bound(top.f, top.a, mid);
        if (bd < UB) heap.push({ f: top.f, a: top.a, b: mid, bound: bd });
        else {
          this.pruned += mid - top.a - 1;
          if (bd < minCut) minCut = bd;
        }
      }
      if (top.b - mid > 1) {
        const bd = bound(top.f, mid, top.b);
        if (bd < UB) heap.push({ f: top.f, a: mid, b: top.b, bound: bd });
        else {
          this.pruned += top.b - mid - 1;
          if (bd < minCut) minCut = bd;
        }
      }
    }
    let lb = Math.min(UB, minEvalLb);
    const top = heap.peek();
    if (!this.timedOut && !stopped) {
      // Finished: the node's optimum is at least the least of the incumbent's cost, the evaluated
      // candidates' bounds and the bounds of every interval left unevaluated — not only UB.
      lb = Math.min(bestCost, minEvalLb, minCut, top === undefined ? INF : top.bound);
    }
    if (top !== undefined) {
      if (this.timedOut || stopped) lb = Math.min(lb, top.bound);
      else {
        // Remaining intervals all have bounds ≥ UB: pruned.
        while (heap.size > 0) {
          const t = heap.pop() as Interval;
          this.pruned += t.b - t.a - 1;
        }
      }
    }
    // A refuted inner node (nothing below its budget, and not proven exact at its incumbent's cost)
    // returns its bound only: the parent never uses such a subtree (no pair with it beats UB), and
    // building the incumbent's tree costs a partition and two depth-1 passes.
    if (level > 0 && bestCost >= budget && lb < bestCost && !this.timedOut && !stopped)
      return { lb, ub: INF, tree: null };
    if (kernel && level === 1 && this.lazyKids && !this.timedOut && (pendF >= 0 || pendWhole))
      return { lb: Math.min(lb, bestCost), ub: bestCost, tree: LAZY };
    if (lazyRoot) this.lazyKids = false;
    if (bestTree === LAZY && lazyPair !== null) bestTree = this.buildLazy(ord, s, depth, level, lazyPair);
    if (pendF >= 0) bestTree = buildPending(pendF, pendCi);
    else if (pendWhole) bestTree = this.depth1(ord, s, level).tree;
    if (bestTree === null) return { lb, ub: INF, tree: null };
    return { lb: Math.min(lb, bestCost), ub: bestCost, tree: bestTree };
  }
}

/**
 * Solves the axis-parallel problem on a data set: the optimal tree of depth ≤ `depth` (with the
 * options' K, min-leaf, α, objective), or with a deadline the best found and a valid lower bound.
 */
export function solveAxis(data: Dataset, opts: AxisSolveOptions): AxisSolution {
  if (!Number.isInteger(opts.depth) || opts.depth < 0)
    throw new RangeError(`depth must be a non-negative integer, got ${opts.depth}`);
  const key = workspaceKey(data, opts);
  const ws = spare.get(key);
  spare.delete(key);
  const solver = new AxisSolver(data, opts, ws);
  const out = solveWith(solver, data, opts);
  // Done with the memory: keep it for the next solve of this shape (a few shapes at most).
  spare.set(key, solver.workspace);
  if (spare.size > 4) spare.delete(spare.keys().next().value as string);
  return out;
}

/**
 * {@link solveAxis} with a solver built for `data` and `opts` already (a worker thread keeps one per
 * fit across root parts, src/axis/worker.ts); `opts` must describe the same problem.
 */
export function solveWith(solver: AxisSolver, data: Dataset, opts: AxisSolveOptions): AxisSolution {
  const cap = 2 ** opts.depth - 1;
  const k = Math.min(opts.maxSplits ?? cap, cap);
  if (!Number.isInteger(k) || k < 0)
    throw new RangeError(`max splits must be a non-negative integer, got ${opts.maxSplits}`);
  let budget = opts.initialUpperBound ?? INF;
  let incumbent: { cost: number; tree: TreeNode } | null = null;
  const rp = opts.rootPart;
  const part: RootSel | undefined =
    opts.rootRange !== undefined
      ? { part: 0, parts: 1, range: opts.rootRange }
      : rp !== undefined
        ? { part: rp.part, parts: rp.parts, range: null }
        : undefined;
  // The greedy tree as first incumbent from depth 3 on. At depth ≤ 2 the search's first kernel passes
  // find as good a bound at once, and the greedy tree's three depth-1 passes and partition were pure
  // overhead (depth 2: caesarian −16%, voicepath −16%, Haberman −13%, wine −11%).
  if ((part === undefined || (part.part === 0 && part.range === null)) && k === cap && opts.depth >= 3) {
    incumbent = solver.greedy(solver.rootOrd, data.n, opts.depth, 1);
    solver.rootIncumbent = true;
    // The greedy tree is a real tree: search only for strictly better ones.
    budget = Math.min(budget, incumbent.cost);
  }
  const res = solver.solve(solver.rootOrd, data.n, opts.depth, k, budget, 0, part);
  let tree = res.tree;
  let objective = res.ub;
  if (incumbent !== null && (tree === null || incumbent.cost <= objective)) {
    tree = incumbent.tree;
    objective = incumbent.cost;
  }
  const lowerBound = Math.min(res.lb, objective);
  return {
    tree: tree as TreeNode,
    objective,
    lowerBound,
    complete: !solver.timedOut,
    rules: solver.rules,
    evaluated: solver.evaluated,
    pruned: solver.pruned,
  };
}
