/**
 * @module fit
 * `fitTree`: the one entry point for fitting a decision tree with a certificate (issue 6, items 2–6).
 * Axis-parallel splits go to the exact depth-constrained DP of `axis/solver.ts` (optionally sharing
 * the root's candidate splits among worker threads); hyperplane and hypersurface splits go to the
 * paper's proper-tree solver (`proper/`, arXiv:2503.01455). Whatever ran, the result is a
 * {@link FitResult} whose `trainErrors` is re-measured by running the returned tree on the data.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { type AxisSolution, AxisSolver, solveAxis } from './axis/solver.js';
import type { AxisJob } from './axis/worker.js';
import { describeDataset } from './data.js';
import { fitProper } from './proper/index.js';
import { evaluateTree, treeSize } from './tree.js';
import type { Dataset, FitOptions, FitResult } from './types.js';

/** Checks the options shared by every solver; throws RangeError (exit 2 in the CLI) naming the option. */
export function validateFitOptions(data: Dataset, o: FitOptions): void {
  if (!Number.isInteger(o.depth) || o.depth < 0)
    throw new RangeError(`depth must be an integer ≥ 0, got ${o.depth}`);
  if (o.maxSplits !== undefined && (!Number.isInteger(o.maxSplits) || o.maxSplits < 0))
    throw new RangeError(`max splits must be an integer ≥ 0, got ${o.maxSplits}`);
  if (o.minLeaf !== undefined && (!Number.isInteger(o.minLeaf) || o.minLeaf < 1))
    throw new RangeError(`min leaf must be an integer ≥ 1, got ${o.minLeaf}`);
  if (o.alpha !== undefined && !(o.alpha >= 0 && Number.isFinite(o.alpha)))
    throw new RangeError(`alpha must be a number ≥ 0, got ${o.alpha}`);
  if (o.timeLimit !== undefined && !(o.timeLimit > 0))
    throw new RangeError(`time limit must be > 0 seconds, got ${o.timeLimit}`);
  if (o.workers !== undefined && (!Number.isInteger(o.workers) || o.workers < 1))
    throw new RangeError(`workers must be an integer ≥ 1, got ${o.workers}`);
  if (o.splits.kind === 'poly' && (!Number.isInteger(o.splits.degree) || o.splits.degree < 2))
    throw new RangeError(`poly degree must be an integer ≥ 2, got ${o.splits.degree}`);
  if (o.objective?.kind === 'cost-matrix') {
    const k = data.classes.length;
    if (o.objective.cost.length !== k || o.objective.cost.some((r) => r.length !== k))
      throw new RangeError(`the cost matrix must be ${k} × ${k} (classes × classes)`);
  }
  if (data.n === 0) throw new RangeError('the data set has no rows');
}

/**
 * Path of the built worker entry (`dist/axis/entry.cjs`), from the built package or from source.
 * @example axisWorkerPath() //=> '/…/packages/exact/dist/axis/entry.cjs'
 */
export function axisWorkerPath(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? '../dist/axis/entry.cjs' : './axis/entry.cjs', import.meta.url));
}

async function solveAxisParallel(
  data: Dataset,
  o: FitOptions,
  deadline: number | undefined,
): Promise<AxisSolution> {
  const workers = o.workers ?? 1;
  const cap = 2 ** o.depth - 1;
  const k = Math.min(o.maxSplits ?? cap, cap);
  // Leaf-cost functions cannot cross threads; tiny problems are not worth a pool.
  if (workers <= 1 || o.depth < 1 || k === 0 || o.objective?.kind === 'leaf-cost') {
    return solveAxis(data, axisOpts(o, deadline));
  }
  const filename = axisWorkerPath();
  if (!existsSync(filename))
    throw new Error(
      `the axis worker ${filename} is missing: build the package first (npx tsc -b packages/exact)`,
    );
  // The greedy tree (computed here once) is every part's incumbent, so parts search strictly better.
  const solver = new AxisSolver(data, axisOpts(o, deadline));
  const greedy = k === cap ? solver.greedy(solver.rootOrd, data.n, o.depth, 1) : null;
  const init = greedy?.cost ?? Number.POSITIVE_INFINITY;
  const pool = new Piscina<AxisJob, AxisSolution>({ filename, minThreads: workers, maxThreads: workers });
  try {
    const jobs = Array.from({ length: workers }, (_v, part) => {
      const job: AxisJob = {
        data: plainData(data),
        depth: o.depth,
        part,
        parts: workers,
        initialUpperBound: init,
        sentAt: Date.now(),
        ...(o.maxSplits !== undefined ? { maxSplits: o.maxSplits } : {}),
        ...(o.minLeaf !== undefined ? { minLeaf: o.minLeaf } : {}),
        ...(o.alpha !== undefined ? { alpha: o.alpha } : {}),
        ...(o.objective !== undefined && o.objective.kind !== 'leaf-cost' ? { objective: o.objective } : {}),
        ...(deadline !== undefined ? { timeLeftMs: deadline - performance.now() } : {}),
      };
      return pool.run(job);
    });
    const parts = await Promise.all(jobs);
    let best: AxisSolution | null = null;
    let lb = Number.POSITIVE_INFINITY;
    let evaluated = 0;
    let pruned = 0;
    let complete = true;
    for (const p of parts) {
      // Ties go to the lowest part index: deterministic for a given worker count.
      if (p.tree !== null && p.tree !== undefined && (best === null || p.objective < best.objective))
        best = p;
      lb = Math.min(lb, p.lowerBound);
      evaluated += p.evaluated;
      pruned += p.pruned;
      complete &&= p.complete;
    }
    let tree = best?.tree;
    let objective = best?.objective ?? Number.POSITIVE_INFINITY;
    if (greedy !== null && (tree === undefined || greedy.cost <= objective)) {
      tree = greedy.tree;
      objective = greedy.cost;
    }
    return {
      tree: tree as NonNullable<typeof tree>,
      objective,
      lowerBound: Math.min(lb, objective),
      complete,
      rules: solver.rules,
      evaluated,
      pruned,
    };
  } finally {
    await pool.close();
  }
}

/** The data set as a plain object (typed arrays clone across threads; no prototypes needed). */
function plainData(d: Dataset): Dataset {
  const base = {
    n: d.n,
    d: d.d,
    x: d.x,
    y: d.y,
    featureNames: [...d.featureNames],
    classes: [...d.classes],
    target: d.target,
  };
  return d.weights === undefined ? base : { ...base, weights: d.weights };
}

function axisOpts(o: FitOptions, deadline: number | undefined) {
  return {
    depth: o.depth,
    ...(o.maxSplits !== undefined ? { maxSplits: o.maxSplits } : {}),
    ...(o.minLeaf !== undefined ? { minLeaf: o.minLeaf } : {}),
    ...(o.alpha !== undefined ? { alpha: o.alpha } : {}),
    ...(o.objective !== undefined ? { objective: o.objective } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
  };
}

/**
 * Fits a decision tree of depth ≤ `options.depth` minimising the objective, with a certificate.
 * - `splits: {kind: 'axis'}`: exact DP on thresholds between consecutive distinct values;
 * - `hyperplane` / `poly`: the proper-tree solver (arXiv:2503.01455).
 * With `timeLimit` the best tree found in time is returned with a valid lower bound and
 * `optimal: false` when the search did not finish.
 * @throws RangeError for impossible options (negative depth, min leaf < 1, …)
 * @example const r = await fitTree(iris, { depth: 2, splits: { kind: 'axis' } }); r.trainErrors //=> 6
 */
export async function fitTree(data: Dataset, options: FitOptions): Promise<FitResult> {
  validateFitOptions(data, options);
  if (options.splits.kind !== 'axis') return fitProper(data, options);
  const t0 = performance.now();
  const deadline = options.timeLimit === undefined ? undefined : t0 + options.timeLimit * 1000;
  const sol = await solveAxisParallel(data, options, deadline);
  return axisResult(data, options, sol, t0);
}

/**
 * Synchronous axis-parallel fit in the calling thread (no workers); same result as {@link fitTree}.
 * @example fitAxisSync(iris, { depth: 3, splits: { kind: 'axis' } }).objective //=> 1
 */
export function fitAxisSync(data: Dataset, options: FitOptions): FitResult {
  validateFitOptions(data, options);
  if (options.splits.kind !== 'axis') throw new RangeError('fitAxisSync fits axis-parallel trees only');
  const t0 = performance.now();
  const deadline = options.timeLimit === undefined ? undefined : t0 + options.timeLimit * 1000;
  return axisResult(data, options, solveAxis(data, axisOpts(options, deadline)), t0);
}

function axisResult(data: Dataset, options: FitOptions, sol: AxisSolution, t0: number): FitResult {
  const alpha = options.alpha ?? 0;
  const objective = options.objective ?? { kind: 'errors' as const };
  const ev = evaluateTree(sol.tree, data, { objective, alpha });
  let lowerBound = sol.lowerBound;
  // Rows with identical features and different labels cost every classifier: a bound for free.
  if (objective.kind === 'errors' && !sol.complete)
    lowerBound = Math.max(lowerBound, Math.min(describeDataset(data).conflictErrors, sol.objective));
  const size = treeSize(sol.tree);
  const optimal = sol.complete || lowerBound >= sol.objective;
  if (optimal) lowerBound = sol.objective;
  return {
    tree: sol.tree,
    objective: sol.objective,
    trainErrors: ev.errors,
    lowerBound,
    optimal,
    gap: sol.objective === 0 ? 0 : (sol.objective - lowerBound) / sol.objective,
    splitCount: size.splits,
    leafCount: size.leaves,
    solver:
      options.workers !== undefined && options.workers > 1
        ? `axis-dp (${options.workers} workers)`
        : 'axis-dp',
    searchSpace: { rules: sol.rules, evaluated: String(sol.evaluated), pruned: String(sol.pruned) },
    seconds: (performance.now() - t0) / 1000,
  };
}
