/**
 * @module proper/search
 * Exact search over proper decision trees built from data-defined rules (arXiv:2503.01455; research
 * note exact-learning.md §1.3 (4)–(8)).
 *
 * - {@link searchDepth}: the depth-constrained recursion best(P, d) = min(leaf(P), min_r best(P⁻,d−1) +
 *   best(P⁺,d−1) + α) over the distinct partitions, with a split budget (≤ K splits), minimum leaf
 *   size, and branch-and-bound against the incumbent (a subtree is searched only for a cost strictly
 *   below what is left of the incumbent's).
 * - {@link searchPermutations}: the size-constrained search of the paper: trees are K-permutations of
 *   rules in level order (generated with `forEachPrunedPermutation` of @floret/combinatorics); a rule
 *   is inserted by descending the ancestry relation (it goes to the side of each ancestor that holds all
 *   its defining points; a rule whose defining points straddle an ancestor cannot go below it); the
 *   filters are prefix-closed: ancestry feasibility, level order, depth, minimum leaf size, and thinning
 *   (the committed cost — leaves that no later rule can split, plus α per split — must stay below the
 *   incumbent).
 *
 * Ties are broken by enumeration order (the first optimal tree found is kept: improvements must be
 * strict), which makes the result independent of pruning and of how the root rules are split among
 * worker threads.
 */
import { forEachPrunedPermutation } from '@floret/combinatorics';
import { count, full } from './bitset.js';
import type { LeafEvaluator } from './leaf.js';
import type { Rule } from './rules.js';

/** A searched tree: rule indices at the splits, labels at the leaves. */
export type STree =
  | { readonly leaf: true; readonly label: number; readonly cost: number }
  | {
      readonly leaf: false;
      readonly rule: number;
      readonly left: STree;
      readonly right: STree;
      readonly cost: number;
    };

/** Shared search settings. */
export interface SearchContext {
  readonly rules: readonly Rule[];
  readonly words: number;
  readonly n: number;
  readonly leaf: LeafEvaluator;
  readonly minLeaf: number;
  readonly alpha: number;
  /** First row of every location (for the ancestry relation). */
  readonly firstRowOfLoc: Int32Array;
  /** Absolute time (performance.now()) after which the search stops; Infinity for none. */
  readonly deadline: number;
  /** Counters (trees / subproblems evaluated, branches pruned). */
  stats: { evaluated: number; pruned: number; timedOut: boolean };
}

/** Number of splits of a searched tree. */
export function splitsOf(t: STree): number {
  return t.leaf ? 0 : 1 + splitsOf(t.left) + splitsOf(t.right);
}

/**
 * Indices of the rules with pairwise distinct partitions of the rows (a partition and its mirror
 * image count once), first occurrence kept; trivial partitions (an empty side) are dropped.
 */
export function distinctRules(rules: readonly Rule[], n: number, words: number): Int32Array {
  const seen = new Set<string>();
  const out: number[] = [];
  const all = full(n);
  const tmp = new Uint32Array(words);
  for (let r = 0; r < rules.length; r++) {
    const left = (rules[r] as Rule).left;
    const c = count(left, words);
    if (c === 0 || c === n) continue;
    let src = left;
    if (((left[0] as number) & 1) === 0) {
      for (let i = 0; i < words; i++) tmp[i] = (all[i] as number) & ~(left[i] as number);
      src = tmp;
    }
    let k = '';
    for (let i = 0; i < words; i++) k += `${(src[i] as number).toString(36)},`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r);
  }
  return Int32Array.from(out);
}

/** Timeout check granularity. */
const CHECK_EVERY = 1024;

/**
 * The depth- and budget-constrained exact search (see the module comment). `order` lists the rule
 * indices to try (distinct partitions). Root rules can be restricted to `order[rootStart..rootEnd)`
 * for parallel chunks; the root then does not consider the single leaf.
 */
export class DepthSearch {
  private readonly ctx: SearchContext;
  private readonly order: Int32Array;
  private readonly bufs: { L: Uint32Array; R: Uint32Array }[] = [];
  private readonly counts: Float64Array;
  private readonly lcounts: Float64Array;
  private tick = 0;

  constructor(ctx: SearchContext, order: Int32Array, maxDepth: number) {
    this.ctx = ctx;
    this.order = order;
    for (let i = 0; i <= maxDepth; i++)
      this.bufs.push({ L: new Uint32Array(ctx.words), R: new Uint32Array(ctx.words) });
    this.counts = new Float64Array(ctx.leaf.classes);
    this.lcounts = new Float64Array(ctx.leaf.classes);
  }

  private timeUp(): boolean {
    const s = this.ctx.stats;
    if (s.timedOut) return true;
    if (++this.tick % CHECK_EVERY === 0 && performance.now() > this.ctx.deadline) s.timedOut = true;
    return s.timedOut;
  }

  /**
   * Best tree for the rows `P` with depth ≤ `depth` and ≤ `budget` splits whose cost is strictly below
   * `ub`; null when there is none. With `root`, only rules order[root.start..root.end) are tried at
   * this node and the single leaf is not a candidate.
   */
  solve(
    P: Uint32Array,
    depth: number,
    budget: number,
    ub: number,
    root?: { start: number; end: number },
  ): STree | null {
    const ctx = this.ctx;
    const leafCost = ctx.leaf.cost(P);
    const leafLabel = ctx.leaf.label;
    ctx.stats.evaluated++;
    let best: STree | null = null;
    let bestCost = ub;
    if (root === undefined && leafCost < bestCost) {
      best = { leaf: true, label: leafLabel, cost: leafCost };
      bestCost = leafCost;
    }
    const rows = count(P, ctx.words);
    if (depth === 0 || budget === 0 || rows < 2 * ctx.minLeaf) return best;
    if (root === undefined && leafCost === 0 && ctx.leaf.integral) return best;
    if (ctx.alpha >= bestCost) {
      ctx.stats.pruned++;
      return best;
    }
    const start = root?.start ?? 0;
    const end = root?.end ?? this.order.length;
    const buf = this.bufs[depth] as { L: Uint32Array; R: Uint32Array };
    const W = ctx.words;
    const rules = ctx.rules;
    if (depth === 1 || budget === 1) {
      // Children are leaves: one pass per rule with per-class counts (right = node − left).
      const lf = ctx.leaf;
      lf.fillCounts(P);
      this.counts.set(lf.counts);
      const L = buf.L;
      for (let oi = start; oi < end; oi++) {
        if (this.timeUp()) break;
        const r = this.order[oi] as number;
        const left = (rules[r] as Rule).left;
        // One fused pass (unit weights) or materialise the left child and count it.
        let cl = lf.fillSplitCounts(P, left);
        if (cl < 0) {
          for (let i = 0; i < W; i++) L[i] = (P[i] as number) & (left[i] as number);
          cl = count(L, W);
          lf.fillCounts(L);
        }
        if (cl < ctx.minLeaf || rows - cl < ctx.minLeaf) continue;
        ctx.stats.evaluated++;
        const cL = lf.costOfCounts();
        const labL = lf.label;
        if (cL + ctx.alpha >= bestCost) {
          ctx.stats.pruned++;
          continue;
        }
        this.lcounts.set(lf.counts);
        for (let c = 0; c < lf.classes; c++)
          lf.counts[c] = (this.counts[c] as number) - (this.lcounts[c] as number);
        const cR = lf.costOfCounts();
        const total = cL + cR + ctx.alpha;
        if (total < bestCost) {
          bestCost = total;
          best = {
            leaf: false,
            rule: r,
            left: { leaf: true, label: labL, cost: cL },
            right: { leaf: true, label: lf.label, cost: cR },
            cost: total,
          };
        }
      }
      return best;
    }
    const maxChild = 2 ** (depth - 1) - 1;
    const B = Math.min(budget, 2 * maxChild + 1);
    const L = buf.L;
    const R = buf.R;
    for (let oi = start; oi < end; oi++) {
      if (this.timeUp()) break;
      const r = this.order[oi] as number;
      const left = (rules[r] as Rule).left;
      for (let i = 0; i < W; i++) {
        const p = P[i] as number;
        const l = left[i] as number;
        L[i] = p & l;
        R[i] = p & ~l;
      }
      const cl = count(L, W);
      if (cl < ctx.minLeaf || rows - cl < ctx.minLeaf) continue;
      // Budget split between the children: kL + kR = B − 1 (each capped by what its depth can hold).
      const kLo = Math.max(0, B - 1 - maxChild);
      const kHi = Math.min(B - 1, maxChild);
      for (let kL = kLo; kL <= kHi; kL++) {
        const kR = B - 1 - kL;
        // Copies: the children reuse deeper buffers, but L and R of this level stay intact.
        const lt = this.solve(L, depth - 1, kL, bestCost - ctx.alpha);
        if (lt === null) {
          ctx.stats.pruned++;
          continue;
        }
        const rt = this.solve(R, depth - 1, kR, bestCost - ctx.alpha - lt.cost);
        if (rt === null) {
          ctx.stats.pruned++;
          continue;
        }
        const total = lt.cost + rt.cost + ctx.alpha;
        if (total < bestCost) {
          bestCost = total;
          best = { leaf: false, rule: r, left: lt, right: rt, cost: total };
        }
      }
    }
    return best;
  }
}

/** Result of {@link searchPermutations}. */
export interface PermutationResult {
  readonly tree: STree | null;
  /** K-permutations (trees) visited and prefixes rejected by the filters. */
  readonly visited: number;
  readonly rejected: number;
}

/**
 * The paper's size-constrained search: every proper tree with kMin..kMax splits and depth ≤ maxDepth,
 * as level-order K-permutations of `rules` (not deduplicated: each rule keeps its own defining points,
 * which the ancestry relation needs). Returns the first tree (in the generator's order) of minimum
 * cost strictly below `ub`.
 */
export function searchPermutations(
  ctx: SearchContext,
  kMin: number,
  kMax: number,
  maxDepth: number,
  ub: number,
): PermutationResult {
  const rules = ctx.rules;
  const W = ctx.words;
  const M = rules.length;
  const all = full(ctx.n);
  kMax = Math.min(kMax, M, 2 ** Math.min(maxDepth, 30) - 1);
  if (kMin > kMax) return { tree: null, visited: 0, rejected: 0 };
  // Per prefix position: heap index (root 1, children 2h, 2h+1), region bitset, parent position.
  const heap = new Float64Array(kMax);
  const region: Uint32Array[] = [];
  for (let i = 0; i < kMax; i++) region.push(new Uint32Array(W));
  const slot = new Uint32Array(W);
  let bestCost = ub;
  let bestPerm: Int32Array | null = null;
  let bestHeap: Float64Array | null = null;
  let rejected = 0;
  const depthLimit = 2 ** maxDepth; // node heap indices must be below this
  // Side of every defining point of rule j with respect to rule i: +1 all left, −1 all right, 0 mixed.
  const sideCache = new Int8Array(M * M).fill(2);
  const ancestry = (i: number, j: number): number => {
    const k = i * M + j;
    const c = sideCache[k] as number;
    if (c !== 2) return c;
    const li = (rules[i] as Rule).left;
    const def = (rules[j] as Rule).def;
    // A defining location's side: any of its rows (all rows of a location route together).
    let s = 0;
    for (let q = 0; q < def.length; q++) {
      const row = firstRow[def[q] as number] as number;
      const isLeft = (((li[row >>> 5] as number) >>> (row & 31)) & 1) === 1 ? 1 : -1;
      if (s === 0) s = isLeft;
      else if (s !== isLeft) {
        s = 0;
        break;
      }
    }
    sideCache[k] = s;
    return s;
  };
  const firstRow = ctx.firstRowOfLoc;
  const posOf = (p: number, h: number): number => {
    for (let q = 0; q < p; q++) if (heap[q] === h) return q;
    return -1;
  };
  // Committed cost: α per split plus the leaves with heap index below `limit` (no later rule can fill them).
  const committed = (p: number, perm: Int32Array, limit: number): number => {
    let c = ctx.alpha * (p + 1);
    for (let q = 0; q <= p; q++) {
      const h = heap[q] as number;
      const left = (rules[perm[q] as number] as Rule).left;
      for (let side = 0; side < 2; side++) {
        const ch = 2 * h + side;
        if (ch >= limit) continue;
        if (posOf(p + 1, ch) >= 0) continue;
        const reg = region[q] as Uint32Array;
        for (let i = 0; i < W; i++)
          slot[i] =
            side === 0 ? (reg[i] as number) & (left[i] as number) : (reg[i] as number) & ~(left[i] as number);
        c += ctx.leaf.cost(slot);
      }
    }
    return c;
  };
  const accept = (perm: Int32Array): boolean => {
    const p = perm.length - 1;
    const j = perm[p] as number;
    let h = 1;
    let parent = -1;
    let parentSide = 0;
    if (p > 0) {
      for (;;) {
        const q = posOf(p, h);
        if (q < 0) break;
        const a = ancestry(perm[q] as number, j);
        if (a === 0) {
          rejected++;
          return false;
        }
        parent = q;
        parentSide = a;
        h = a > 0 ? 2 * h : 2 * h + 1;
      }
      if (h <= (heap[p - 1] as number) || h >= depthLimit) {
        rejected++;
        return false;
      }
    }
    heap[p] = h;
    const reg = region[p] as Uint32Array;
    if (parent < 0) reg.set(all);
    else {
      const pr = region[parent] as Uint32Array;
      const pl = (rules[perm[parent] as number] as Rule).left;
      for (let i = 0; i < W; i++)
        reg[i] =
          parentSide > 0 ? (pr[i] as number) & (pl[i] as number) : (pr[i] as number) & ~(pl[i] as number);
    }
    // Minimum leaf size: both sides of the new rule within its region.
    const left = (rules[j] as Rule).left;
    let cl = 0;
    let ct = 0;
    for (let i = 0; i < W; i++) {
      const r = reg[i] as number;
      cl += popc(r & (left[i] as number));
      ct += popc(r);
    }
    if (cl < ctx.minLeaf || ct - cl < ctx.minLeaf) {
      rejected++;
      return false;
    }
    // Thinning against the incumbent.
    if (committed(p, perm, h) >= bestCost) {
      rejected++;
      return false;
    }
    return true;
  };
  let visited = 0;
  forEachPrunedPermutation(M, kMin, kMax, accept, (perm) => {
    visited++;
    const c = committed(perm.length - 1, perm, Number.POSITIVE_INFINITY);
    if (c < bestCost) {
      bestCost = c;
      bestPerm = Int32Array.from(perm);
      bestHeap = heap.slice(0, perm.length);
    }
    if ((visited & 1023) === 0 && performance.now() > ctx.deadline) {
      ctx.stats.timedOut = true;
      return false;
    }
    return true;
  });
  ctx.stats.evaluated += visited;
  ctx.stats.pruned += rejected;
  if (bestPerm === null || bestHeap === null) return { tree: null, visited, rejected };
  const perm: Int32Array = bestPerm;
  const heapOf: Float64Array = bestHeap;
  const build = (h: number, reg: Uint32Array): STree => {
    let q = -1;
    for (let i = 0; i < perm.length; i++) if (heapOf[i] === h) q = i;
    if (q < 0) {
      const cost = ctx.leaf.cost(reg);
      return { leaf: true, label: ctx.leaf.label, cost };
    }
    const r = perm[q] as number;
    const left = (rules[r] as Rule).left;
    const L = new Uint32Array(W);
    const R = new Uint32Array(W);
    for (let i = 0; i < W; i++) {
      L[i] = (reg[i] as number) & (left[i] as number);
      R[i] = (reg[i] as number) & ~(left[i] as number);
    }
    const lt = build(2 * h, L);
    const rt = build(2 * h + 1, R);
    return { leaf: false, rule: r, left: lt, right: rt, cost: lt.cost + rt.cost + ctx.alpha };
  };
  return { tree: build(1, all), visited, rejected };
}

function popc(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
