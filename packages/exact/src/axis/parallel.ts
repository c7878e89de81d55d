/**
 * @module axis/parallel
 * The parallel axis fit's orchestration (issue 6: "parallel, deterministic"), independent of how the
 * parts run (src/fit.ts passes a piscina pool; tests pass in-process schedules).
 *
 * 0. The one-thread search runs first for a fixed number of evaluations ({@link PROBE_EVALUATIONS});
 *    if it finishes, its answer is returned (small problems: the same tree as one thread).
 * 1. The greedy tree (with every split allowed) or else the leaf is the first incumbent, cost g.
 * 2. The root's thresholds are cut into a fixed set of parts (src/axis/shared.ts: contiguous ranges,
 *    about 64, a function of the data only), given positions in a fixed queue order (lowest depth-1
 *    cost first) and queued in that order.
 * 3. The parts share a board of their best costs; part i prunes at earlier parts' costs and strictly
 *    above later parts' (src/axis/shared.ts), so the earliest part that holds a tree of the optimal
 *    cost c* always finds one and no earlier part can — whatever the thread timing.
 * 4. The tree returned: the first incumbent when it costs c*; else that earliest part re-solved alone
 *    with its budget fixed just above c*, stopping at its first tree (no shared state: no timing).
 * With a deadline that cuts the search short the best tree found is returned (anytime) with
 * lower bound min(c*, unfinished parts' bounds).
 */
import type { Dataset, Objective, TreeNode } from '../types.js';
import { above, newBoard, type RootRange, rootRanges } from './shared.js';
import { type AxisSolution, type AxisSolveOptions, AxisSolver, solveAxis } from './solver.js';
import type { AxisJob } from './worker.js';

/**
 * Evaluations of the one-thread probe run before the parts (about 0.1 s on breast cancer at depth 3 on
 * the 2-core VM; iris, wine and glass at depth 3 need 211, 636 and 10,510 in all).
 */
export const PROBE_EVALUATIONS = 2000;

/** Runs one job somewhere (a worker thread, or in-process in tests) and resolves to its solution. */
export type AxisJobRunner = (job: AxisJob) => Promise<AxisSolution>;

/** The parallel search's options: the solver's, without leaf-cost functions (they cannot cross threads). */
export type ParallelAxisOptions = Omit<AxisSolveOptions, 'objective' | 'rootPart' | 'rootRange'> & {
  readonly objective?: Exclude<Objective, { kind: 'leaf-cost' }>;
};

/**
 * Solves the axis problem by parts (see the module comment); the tree is the same for every runner
 * and schedule when the search completes. `cut` overrides the partition's size (tests).
 * @example const sol = await solveAxisParts(iris, { depth: 3 }, (job) => pool.run(job)); sol.objective //=> 1
 */
export async function solveAxisParts(
  data: Dataset,
  o: ParallelAxisOptions,
  run: AxisJobRunner,
  cut: { readonly target?: number; readonly minChunk?: number; readonly probe?: number } = {},
): Promise<AxisSolution> {
  const cap = 2 ** o.depth - 1;
  const k = Math.min(o.maxSplits ?? cap, cap);
  // The probe: the one-thread search, stopped after a fixed number of evaluations (a count, not a
  // clock: timing-independent). Small problems end here with exactly the one-thread answer. Its best
  // tree is not handed to the parts: a tighter first budget made them do more work, not less (glass
  // depth 3: 12,800 → 19,200 evaluations, Pima 86,000 → 109,000; children refuted early store
  // weaker bounds for their neighbours).
  const probeEvals = Math.min(cut.probe ?? PROBE_EVALUATIONS, o.maxEvaluations ?? Number.POSITIVE_INFINITY);
  let probe: AxisSolution | null = null;
  if (probeEvals > 0) {
    probe = solveAxis(data, { ...o, maxEvaluations: probeEvals });
    if (probe.complete || (o.deadline !== undefined && performance.now() > o.deadline)) return probe;
  }
  const solver = new AxisSolver(data, o);
  const first =
    k === cap
      ? solver.greedy(solver.rootOrd, data.n, o.depth, 1)
      : (() => {
          const r = solver.solve(solver.rootOrd, data.n, 0, 0, Number.POSITIVE_INFINITY, 0);
          return { cost: r.ub, tree: r.tree as TreeNode };
        })();
  const ranges = rootRanges(solver.distinct, cut.target, cut.minChunk);
  if (first.cost === 0 || ranges.length === 0 || k === 0)
    return {
      tree: first.tree,
      objective: first.cost,
      lowerBound: first.cost,
      complete: true,
      rules: solver.rules,
      evaluated: 0,
      pruned: 0,
    };
  // Promising parts first (their best single split), ties by part index: the queue order.
  const prio = solver.rangeSplitCosts(ranges);
  const order = ranges.map((_r, i) => i).sort((a, b) => (prio[a] as number) - (prio[b] as number) || a - b);
  const board = newBoard(ranges.length);
  const fitId = `${process.pid}:${performance.now()}:${Math.random()}`;
  const plain = plainData(data);
  const deadline = o.deadline;
  // pos: the part's position in the queue order (its slot on the board).
  const job = (pos: number, budget: number, resolve: boolean): AxisJob => ({
    data: plain,
    depth: o.depth,
    range: ranges[order[pos] as number] as RootRange,
    initialUpperBound: budget,
    ...(resolve ? { stopAtFirst: true } : { shared: { board, self: pos }, fitId }),
    sentAt: Date.now(),
    ...(o.maxSplits !== undefined ? { maxSplits: o.maxSplits } : {}),
    ...(o.minLeaf !== undefined ? { minLeaf: o.minLeaf } : {}),
    ...(o.alpha !== undefined ? { alpha: o.alpha } : {}),
    ...(o.objective !== undefined ? { objective: o.objective } : {}),
    ...(o.maxEvaluations !== undefined ? { maxEvaluations: o.maxEvaluations } : {}),
    ...(deadline !== undefined ? { timeLeftMs: deadline - performance.now() } : {}),
  });
  // Queued in position order (piscina starts jobs first come, first served).
  const parts = await Promise.all(order.map((_i, pos) => run(job(pos, first.cost, false))));
  let cstar = first.cost;
  let lb = Number.POSITIVE_INFINITY;
  let evaluated = probe?.evaluated ?? 0;
  let pruned = probe?.pruned ?? 0;
  let complete = true;
  for (const p of parts) {
    if (p.tree !== null && p.tree !== undefined && p.objective < cstar) cstar = p.objective;
    lb = Math.min(lb, p.lowerBound);
    evaluated += p.evaluated;
    pruned += p.pruned;
    complete &&= p.complete;
  }
  let tree = first.tree;
  let objective = first.cost;
  // Ties (within above()'s tolerance) go to the first incumbent, then to the earliest part: the one
  // the board guarantees to reach c*.
  const at = parts.findIndex((p) => p.tree !== null && p.tree !== undefined && p.objective <= above(cstar));
  if (first.cost > above(cstar) && at >= 0) {
    const found = parts[at] as AxisSolution;
    tree = found.tree;
    objective = found.objective;
    if (complete) {
      // The part's own tree depends on when the others' costs reached it; this re-solve does not.
      const again = await run(job(at, above(cstar), true));
      evaluated += again.evaluated;
      pruned += again.pruned;
      if (again.tree !== null && again.tree !== undefined && again.objective <= above(cstar)) {
        tree = again.tree;
        objective = again.objective;
      }
    }
  }
  if (!complete && probe !== null) {
    // Anytime: the probe's tree may still be the best found, and its bound is valid too.
    if (probe.objective < objective) {
      tree = probe.tree;
      objective = probe.objective;
    }
    lb = Math.max(lb, probe.lowerBound);
  }
  return {
    tree,
    objective,
    lowerBound: complete ? objective : Math.min(lb, objective),
    complete,
    rules: solver.rules,
    evaluated,
    pruned,
  };
}

/**
 * The data set as a plain object whose arrays live in SharedArrayBuffers: every job of the fit
 * clones the object, but the rows are copied once (skin, 51,433 × 3: 1.2 MB, not once per part).
 */
function plainData(d: Dataset): Dataset {
  const share = <T extends Float64Array | Int32Array>(a: T, make: (b: SharedArrayBuffer) => T): T => {
    const out = make(new SharedArrayBuffer(a.byteLength));
    out.set(a);
    return out;
  };
  const base = {
    n: d.n,
    d: d.d,
    x: share(d.x, (b) => new Float64Array(b)),
    y: share(d.y, (b) => new Int32Array(b)),
    featureNames: [...d.featureNames],
    classes: [...d.classes],
    target: d.target,
  };
  return d.weights === undefined ? base : { ...base, weights: share(d.weights, (b) => new Float64Array(b)) };
}
