/**
 * @module proper/task
 * Worker-thread task module for @floret/combinatorics/parallel (parallelReduce): each chunk is a rank
 * range of root rules (1-combinations of the distinct partitions, arXiv:2503.01455's rule
 * combinations split by rank, research note §1.3 (9)); the chunk returns its first best tree. Chunks
 * are combined in rank order keeping the left one on ties, so the result equals the single-thread
 * search whatever the number of workers.
 */
import type { STree } from './search.js';
import { type Built, buildProblem, type Problem, solveRootRange } from './solver.js';

interface TaskData {
  readonly key: string;
  readonly problem: Problem;
  readonly ub: number;
  readonly deadline: number;
}

interface State {
  readonly built: Built;
  readonly problem: Problem;
  best: STree | null;
  ub: number;
  evaluated: number;
  pruned: number;
}

/** A chunk's result. */
export interface Partial {
  readonly tree: STree | null;
  readonly evaluated: number;
  readonly pruned: number;
  readonly timedOut: boolean;
}

let cache: { key: string; built: Built } | undefined;

/** Builds (or reuses, per fit) the problem in this worker. */
export function init(data: TaskData): State {
  if (cache === undefined || cache.key !== data.key) {
    // Worker clocks differ from the caller's: the deadline travels as epoch milliseconds.
    const deadline = performance.now() + (data.deadline - Date.now());
    cache = { key: data.key, built: buildProblem(data.problem, deadline) };
  }
  const built = cache.built;
  const before = { e: built.ctx.stats.evaluated, p: built.ctx.stats.pruned };
  return { built, problem: data.problem, best: null, ub: data.ub, evaluated: before.e, pruned: before.p };
}

/** One root rule (its position in the distinct-partition order). */
export function item(s: State, c: Int32Array): void {
  const r = c[0] as number;
  const t = solveRootRange(s.built, s.problem, r, r + 1, s.ub);
  if (t !== null) {
    s.best = t;
    s.ub = t.cost;
  }
}

/** The chunk's first best tree and counters. */
export function finish(s: State): Partial {
  const st = s.built.ctx.stats;
  return {
    tree: s.best,
    evaluated: st.evaluated - s.evaluated,
    pruned: st.pruned - s.pruned,
    timedOut: st.timedOut,
  };
}

/** Rank-order combination: the right partial wins only when strictly better. */
export function combine(a: Partial, b: Partial): Partial {
  const tree = b.tree !== null && (a.tree === null || b.tree.cost < a.tree.cost) ? b.tree : a.tree;
  return {
    tree,
    evaluated: a.evaluated + b.evaluated,
    pruned: a.pruned + b.pruned,
    timedOut: a.timedOut || b.timedOut,
  };
}
