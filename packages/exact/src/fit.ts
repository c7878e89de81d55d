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
import { type ParallelAxisOptions, solveAxisParts } from './axis/parallel.js';
import { type AxisSolution, solveAxis } from './axis/solver.js';
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

/**
 * The parallel axis fit (issue 6: "parallel, deterministic"): the root's thresholds in a fixed set of
 * parts on a piscina pool of `workers` threads, sharing an incumbent; the same tree for every worker
 * count ≥ 2 and every thread timing (src/axis/parallel.ts).
 */
async function solveAxisParallel(
  data: Dataset,
  o: FitOptions,
  deadline: number | undefined,
): Promise<AxisSolution> {
  const workers = o.workers ?? 1;
  const cap = 2 ** o.depth - 1;
  const k = Math.min(o.maxSplits ?? cap, cap);
  const objective = o.objective;
  // Leaf-cost functions cannot cross threads; depth ≤ 2 fits take milliseconds (whatever the worker
  // count, so every count returns the one-thread tree there).
  if (workers <= 1 || o.depth < 3 || k === 0 || objective?.kind === 'leaf-cost') {
    return solveAxis(data, axisOpts(o, deadline));
  }
  const filename = axisWorkerPath();
  if (!existsSync(filename))
    throw new Error(
      `the axis worker ${filename} is missing: build the package first (npx tsc -b packages/exact)`,
    );
  const pool = axisPool(filename, workers);
  const opts: ParallelAxisOptions = {
    depth: o.depth,
    ...(o.maxSplits !== undefined ? { maxSplits: o.maxSplits } : {}),
    ...(o.minLeaf !== undefined ? { minLeaf: o.minLeaf } : {}),
    ...(o.alpha !== undefined ? { alpha: o.alpha } : {}),
    ...(objective !== undefined ? { objective } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
  };
  busy.set(pool, (busy.get(pool) ?? 0) + 1);
  try {
    return await solveAxisParts(data, opts, (job) => pool.run(job));
  } finally {
    busy.set(pool, (busy.get(pool) ?? 1) - 1);
  }
}

/**
 * Worker pools kept between fits, one per worker count (at most four): a fresh pool costs thread
 * start-up and a cold JIT in every thread (≈ 0.3–0.5 s of CPU per thread on the 2-core VM), more
 * than a whole small fit. Idle piscina threads are unref'd, so they do not keep the process alive.
 */
const pools = new Map<number, Piscina<AxisJob, AxisSolution>>();
/** Fits in progress per pool: an evicted pool is closed only when none is. */
const busy = new WeakMap<Piscina<AxisJob, AxisSolution>, number>();

function axisPool(filename: string, workers: number): Piscina<AxisJob, AxisSolution> {
  let pool = pools.get(workers);
  if (pool === undefined) {
    pool = new Piscina<AxisJob, AxisSolution>({ filename, minThreads: workers, maxThreads: workers });
    pools.set(workers, pool);
    for (const [w, old] of pools) {
      if (pools.size <= 4) break;
      if (old === pool || (busy.get(old) ?? 0) > 0) continue;
      pools.delete(w);
      void old.close();
    }
  }
  return pool;
}

/**
 * Stops the worker threads that parallel axis fits keep between calls (optional: idle threads do not
 * keep the process alive).
 * @example await closeAxisPools()
 */
export async function closeAxisPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
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
