/**
 * @module proper/solver
 * One proper-tree search in the calling thread, shared by {@link fitProper} and the worker task: builds
 * the data-defined rules (rules.ts), the leaf evaluator (leaf.ts) and the search context (search.ts).
 * Everything here is plain data so a worker can rebuild it from a structured clone.
 */
import type { Objective } from '../types.js';
import { full } from './bitset.js';
import { LeafEvaluator } from './leaf.js';
import { buildRules, type RuleFamily, type RuleSet } from './rules.js';
import { DepthSearch, distinctRules, type SearchContext, type STree } from './search.js';

/** The serialisable description of a problem (what a worker needs to rebuild it). */
export interface Problem {
  readonly x: Float64Array;
  readonly y: Int32Array;
  readonly weights?: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly classes: number;
  readonly family: RuleFamily;
  readonly objective: Objective;
  readonly depth: number;
  readonly budget: number;
  readonly minLeaf: number;
  readonly alpha: number;
  readonly maxRules: number;
}

/** A built problem: rules, distinct partitions, evaluator and a search context. */
export interface Built {
  readonly rs: RuleSet;
  readonly order: Int32Array;
  readonly ctx: SearchContext;
  readonly leafCost: number;
  readonly leafLabel: number;
  readonly all: Uint32Array;
}

/** Builds rules and the search context of a problem (deadline: absolute performance.now()). */
export function buildProblem(p: Problem, deadline: number): Built {
  const rs = buildRules(p.x, p.n, p.d, p.family, { maxRules: p.maxRules });
  const leaf = new LeafEvaluator(p.y, p.classes, rs.words, p.objective, p.weights);
  const firstRowOfLoc = new Int32Array(rs.locations).fill(-1);
  for (let i = 0; i < p.n; i++) {
    const l = rs.locOf[i] as number;
    if ((firstRowOfLoc[l] as number) < 0) firstRowOfLoc[l] = i;
  }
  const ctx: SearchContext = {
    rules: rs.rules,
    words: rs.words,
    n: p.n,
    leaf,
    minLeaf: p.minLeaf,
    alpha: p.alpha,
    firstRowOfLoc,
    deadline,
    stats: { evaluated: 0, pruned: 0, timedOut: false },
  };
  const all = full(p.n);
  const leafCost = leaf.cost(all);
  return { rs, order: distinctRules(rs.rules, p.n, rs.words), ctx, leafCost, leafLabel: leaf.label, all };
}

/** Best tree with its root rule among order[start..end), strictly below `ub`; null if none. */
export function solveRootRange(b: Built, p: Problem, start: number, end: number, ub: number): STree | null {
  const s = new DepthSearch(b.ctx, b.order, p.depth);
  return s.solve(b.all, p.depth, p.budget, ub, { start, end });
}

/**
 * For hyperplane and hypersurface families: the optimum over the family's axis-parallel rules alone
 * (they come first in the rule set, so their indices are shared). It is a tree of the family, hence a
 * valid incumbent, found at a small fraction of the full search's cost; it makes the bound tight early
 * and gives time-limited runs a good tree. Null for the axis family or when no split helps.
 */
export function axisIncumbent(b: Built, p: Problem): STree | null {
  if (p.family.kind === 'axis' || p.depth === 0 || p.budget === 0) return null;
  const axisOnly = Int32Array.from(b.order.filter((r) => b.rs.rules[r]?.realiser.kind === 'axis'));
  const s = new DepthSearch(b.ctx, axisOnly, p.depth);
  return s.solve(b.all, p.depth, p.budget, b.leafCost);
}
