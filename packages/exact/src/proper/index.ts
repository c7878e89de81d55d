/**
 * @module proper
 * The paper's proper-tree solver (He & Little, arXiv:2503.01455; research note exact-learning.md §1):
 * data-defined splitting rules (axis-parallel, hyperplanes through D points, degree-m hypersurfaces via
 * the Veronese map) with exact orientation, trees as level-order K-permutations of rules under the
 * ancestry relation (size-constrained search), the depth-constrained recursion, prefix-closed filters
 * (depth, leaf size, feasibility), thinning against the incumbent, and parallel search over rank ranges
 * of root rules. Every result is a certificate ({@link FitResult}).
 *
 * Decisions (the paper's text on them was not readable; research note §1.3, §2.6, §7):
 * - Numbers are the decimals the data file wrote (exact.ts), so ties and coplanar points are exact.
 * - Points ON a hyperplane go to either side: each plane becomes one rule per realisable routing of its
 *   on-plane points (rules.ts); the returned tree realises the chosen routing by nudging the plane, and
 *   every training row's prediction is checked (realise.ts; `proper.unrealisedSplits` counts failures,
 *   which then turn `optimal` off and the objective into the realised one).
 * - Optimality: over all trees whose splits are strict hyperplane (or degree-m surface) dichotomies of
 *   the data, except that in dimension ≥ 3 a plane holding more than D coplanar points routes them all to
 *   one side (`proper.restrictedPlanes` counts such planes; 0 on data in general position).
 * - `strategy: 'depth'` (default) is the depth recursion with a split budget and branch and bound;
 *   `'permutations'` is the paper's literal K-permutation enumeration (exactly or at most K splits),
 *   O(K!·M^K), for small rule sets; it runs in one thread. For axis rules it finds the same optimum as
 *   the depth search (tested against brute force); for hyperplanes the ancestry relation (a rule may sit
 *   below another only if all its defining points lie on one side) can exclude trees whose small regions
 *   need planes through outside points, so its optimum is an upper bound (tested: never below brute force).
 */
import { combinations } from '@floret/combinatorics';
import type { Dataset, FitOptions, FitResult, Objective, TreeNode } from '../types.js';
import { realise, splitGoesLeft, treeErrors } from './realise.js';
import type { RuleFamily } from './rules.js';
import { type STree, searchPermutations, splitsOf } from './search.js';
import { axisIncumbent, type Built, buildProblem, type Problem, solveRootRange } from './solver.js';
import type { Partial } from './task.js';

export { buildRules, type Rule, type RuleSet, veronese, veroneseTerms } from './rules.js';

/** Options of the proper solver beyond {@link FitOptions}. */
export interface ProperOptions {
  /**
   * `'depth'` (default): the depth-constrained recursion with a split budget (≤ maxSplits).
   * `'permutations'`: the paper's K-permutation enumeration of proper trees (size-constrained).
   */
  readonly strategy?: 'depth' | 'permutations';
  /** With `'permutations'`: exactly `maxSplits` splits instead of at most. */
  readonly exactSplits?: boolean;
  /** Refuse problems with more candidate rules than this (default 1,000,000). */
  readonly maxRules?: number;
}

/** The certificate of {@link fitProper}, with what the rule generation found. */
export interface ProperFitResult extends FitResult {
  readonly proper: {
    readonly strategy: 'depth' | 'permutations';
    /** Rule instances generated and distinct partitions among them. */
    readonly ruleInstances: number;
    readonly distinctPartitions: number;
    /** Unique feature vectors (duplicates merged). */
    readonly locations: number;
    /** D-subsets skipped as affinely dependent; coplanar (D ≥ 3) planes with all-or-nothing routing. */
    readonly degenerateSubsets: number;
    readonly restrictedPlanes: number;
    /** Orientation tests decided with exact BigInt arithmetic (the float filter was not sure). */
    readonly exactFallbacks: number;
    /** Splits whose float realisation could not route every training row as chosen (0 expected). */
    readonly unrealisedSplits: number;
  };
}

function familyOf(o: FitOptions): RuleFamily {
  const s = o.splits;
  if (s.kind === 'axis') return { kind: 'axis' };
  if (s.kind === 'hyperplane') return { kind: 'hyperplane' };
  if (!Number.isInteger(s.degree) || s.degree < 1)
    throw new RangeError(`poly degree must be an integer ≥ 1, got ${s.degree}`);
  return s.degree === 1 ? { kind: 'hyperplane' } : { kind: 'poly', degree: s.degree };
}

function taskUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist/proper/task.js', import.meta.url)
    : new URL('./task.js', import.meta.url);
}

function leafCostWithLabel(objective: Objective, counts: Float64Array, label: number): number {
  if (objective.kind === 'errors') {
    let t = 0;
    for (const c of counts) t += c;
    return t - (counts[label] as number);
  }
  if (objective.kind === 'cost-matrix') {
    let s = 0;
    for (let c = 0; c < counts.length; c++)
      s += (counts[c] as number) * ((objective.cost[c] as readonly number[])[label] as number);
    return s;
  }
  return objective.leafCost(counts).cost;
}

/**
 * Fits a provably optimal proper tree over data-defined rules (arXiv:2503.01455).
 * @returns the tree and its certificate (objective, lower bound, optimal flag, gap, search space)
 * @throws RangeError on invalid options or when the rule set is larger than `maxRules`
 * @example
 * const r = await fitProper(iris, { depth: 2, splits: { kind: 'axis' } }); // r.objective === 6
 */
export async function fitProper(
  data: Dataset,
  options: FitOptions & ProperOptions,
): Promise<ProperFitResult> {
  const t0 = performance.now();
  const depth = options.depth;
  if (!Number.isInteger(depth) || depth < 0)
    throw new RangeError(`depth must be an integer ≥ 0, got ${depth}`);
  const minLeaf = options.minLeaf ?? 1;
  if (!Number.isInteger(minLeaf) || minLeaf < 1)
    throw new RangeError(`minLeaf must be an integer ≥ 1, got ${minLeaf}`);
  const alpha = options.alpha ?? 0;
  if (!(alpha >= 0)) throw new RangeError(`alpha must be ≥ 0, got ${alpha}`);
  const maxSplits = options.maxSplits ?? Number.POSITIVE_INFINITY;
  if (!(maxSplits >= 0)) throw new RangeError(`maxSplits must be ≥ 0, got ${maxSplits}`);
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1)
    throw new RangeError(`workers must be an integer ≥ 1, got ${workers}`);
  const objective: Objective = options.objective ?? { kind: 'errors' };
  const strategy = options.strategy ?? (options.exactSplits === true ? 'permutations' : 'depth');
  const deadline = options.timeLimit === undefined ? Number.POSITIVE_INFINITY : t0 + options.timeLimit * 1000;
  const problem: Problem = {
    x: data.x,
    y: data.y,
    ...(data.weights === undefined ? {} : { weights: data.weights }),
    n: data.n,
    d: data.d,
    classes: data.classes.length,
    family: familyOf(options),
    objective,
    depth,
    budget: Math.min(maxSplits, 2 ** Math.min(depth, 30) - 1),
    minLeaf,
    alpha,
    maxRules: options.maxRules ?? 1_000_000,
  };
  if (data.n === 0) throw new RangeError('the data set has no rows');
  const built: Built = buildProblem(problem, deadline);
  const { ctx, order } = built;
  const leafTree: STree = { leaf: true, label: built.leafLabel, cost: built.leafCost };
  let best: STree = leafTree;
  let timedOut = false;
  let evaluated = 0;
  let pruned = 0;
  const progress = options.onProgress;
  if (strategy === 'permutations') {
    const kMax = Math.min(problem.budget, 2 ** Math.min(depth, 30) - 1);
    const exact = options.exactSplits === true;
    if (exact && !(Number.isFinite(maxSplits) && maxSplits === kMax))
      throw new RangeError('exactSplits needs maxSplits ≤ 2^depth − 1');
    const r = searchPermutations(
      ctx,
      exact ? kMax : 1,
      kMax,
      depth,
      exact ? Number.POSITIVE_INFINITY : built.leafCost,
    );
    if (r.tree !== null) best = r.tree;
    else if (exact && kMax > 0)
      throw new RangeError(`no proper tree with exactly ${kMax} splits satisfies the constraints`);
    timedOut = ctx.stats.timedOut;
    evaluated = ctx.stats.evaluated;
    pruned = ctx.stats.pruned;
    progress?.(1);
  } else if (depth > 0 && problem.budget > 0) {
    // Oblique families: start from the best axis-parallel tree (a tree of the family) as incumbent,
    // in this thread, so 1 or many workers start from the same bound and return the same tree.
    const inc = axisIncumbent(built, problem);
    if (inc !== null && inc.cost < best.cost) best = inc;
  }
  if (strategy === 'permutations' || depth === 0 || problem.budget === 0) {
    // nothing more to search
  } else if (workers > 1 && objective.kind !== 'leaf-cost' && order.length > 1) {
    const { parallelReduce } = await import('@floret/combinatorics/parallel');
    const key = `${process.pid}-${t0}-${Math.random()}`;
    const { value } = await parallelReduce<Partial>({
      space: combinations(order.length, 1),
      task: taskUrl(),
      workers,
      data: { key, problem, ub: best.cost, deadline: Date.now() + (deadline - performance.now()) },
      ...(progress === undefined ? {} : { onProgress: (p) => progress(p.chunksDone / p.chunks) }),
    });
    if (value?.tree != null && value.tree.cost < best.cost) best = value.tree;
    timedOut = (value?.timedOut ?? false) || ctx.stats.timedOut;
    evaluated = (value?.evaluated ?? 0) + 1;
    pruned = value?.pruned ?? 0;
  } else {
    const chunks = Math.max(1, Math.min(100, order.length));
    for (let c = 0; c < chunks; c++) {
      const a = Math.floor((c * order.length) / chunks);
      const b = Math.floor(((c + 1) * order.length) / chunks);
      const t = solveRootRange(built, problem, a, b, best.cost);
      if (t !== null && t.cost < best.cost) best = t;
      progress?.((c + 1) / chunks);
      if (ctx.stats.timedOut) break;
    }
    timedOut = ctx.stats.timedOut;
    evaluated = ctx.stats.evaluated;
    pruned = ctx.stats.pruned;
  }
  // Realise: nudge hyperplanes so that prediction reproduces the searched routing, then verify.
  const { tree, unrealised } = realise(best, built.rs, data.x, data.d, data.y, data.weights);
  const splits = splitsOf(best);
  let objectiveValue = best.cost;
  if (unrealised > 0) objectiveValue = realisedObjective(tree, data, objective, alpha);
  const trainErrors = treeErrors(tree);
  const optimal = !timedOut && unrealised === 0;
  const lowerBound = optimal ? objectiveValue : timedOut ? 0 : Math.min(best.cost, objectiveValue);
  const gap = objectiveValue === 0 ? 0 : (objectiveValue - lowerBound) / objectiveValue;
  return {
    tree,
    objective: objectiveValue,
    trainErrors,
    lowerBound,
    optimal,
    gap,
    splitCount: splits,
    leafCount: splits + 1,
    solver: `proper-${strategy}`,
    searchSpace: { rules: order.length, evaluated: String(evaluated), pruned: String(pruned) },
    seconds: (performance.now() - t0) / 1000,
    proper: {
      strategy,
      ruleInstances: built.rs.rules.length,
      distinctPartitions: order.length,
      locations: built.rs.locations,
      degenerateSubsets: built.rs.degenerateSubsets,
      restrictedPlanes: built.rs.restrictedPlanes,
      exactFallbacks: built.rs.exactFallbacks,
      unrealisedSplits: unrealised,
    },
  };
}

/** Objective of a realised tree recomputed from the rows that reach each leaf. */
function realisedObjective(tree: TreeNode, data: Dataset, objective: Objective, alpha: number): number {
  const C = data.classes.length;
  const leaves = new Map<TreeNode, Float64Array>();
  for (let i = 0; i < data.n; i++) {
    let t = tree;
    while (!t.leaf) {
      t = splitGoesLeft(t.split, data.x, i * data.d, data.d) ? t.left : t.right;
    }
    let c = leaves.get(t);
    if (c === undefined) {
      c = new Float64Array(C);
      leaves.set(t, c);
    }
    const yi = data.y[i] as number;
    c[yi] = (c[yi] as number) + (data.weights === undefined ? 1 : (data.weights[i] as number));
  }
  let total = 0;
  let splits = 0;
  const walk = (t: TreeNode) => {
    if (t.leaf) {
      const c = leaves.get(t);
      if (c !== undefined) total += leafCostWithLabel(objective, c, t.label);
      return;
    }
    splits++;
    walk(t.left);
    walk(t.right);
  };
  walk(tree);
  return total + alpha * splits;
}
