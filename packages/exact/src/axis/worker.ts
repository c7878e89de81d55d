/**
 * @module axis/worker
 * Worker-thread side of the parallel axis DP: one job is one part of the root's candidate splits (a
 * range of one feature's thresholds, src/axis/shared.ts), solved by the same branch and bound as the
 * single-thread run. Parts share one incumbent (a board of per-part costs in a SharedArrayBuffer):
 * each reads it before every root candidate and publishes its improvements, keeping ties with later
 * parts so that the earliest part holding an optimal tree does not depend on thread timing. The
 * caller (src/fit.ts) then re-solves that part with a fixed budget — also a job of this kind.
 */
import type { Dataset, Objective } from '../types.js';
import type { RootRange } from './shared.js';
import { type AxisSolution, type AxisSolveOptions, AxisSolver, solveAxis, solveWith } from './solver.js';

/** One part of a parallel axis fit, as sent to a worker (structured-cloneable: no functions). */
export interface AxisJob {
  readonly data: Dataset;
  readonly depth: number;
  readonly maxSplits?: number;
  readonly minLeaf?: number;
  readonly alpha?: number;
  readonly objective?: Exclude<Objective, { kind: 'leaf-cost' }>;
  /** Milliseconds left when the job was sent (the deadline), or undefined for none. */
  readonly timeLeftMs?: number;
  readonly sentAt: number;
  /** The part's root thresholds. */
  readonly range: RootRange;
  /** Only trees strictly cheaper than this are sought. */
  readonly initialUpperBound: number;
  /** The incumbent shared by all parts, and this part's slot (absent in the deterministic re-solve). */
  readonly shared?: { readonly board: BigInt64Array; readonly self: number };
  /** Stop at the first tree below the budget (the re-solve). */
  readonly stopAtFirst?: boolean;
  /** Stop like at the deadline after this many evaluations (deterministic interruption, tests). */
  readonly maxEvaluations?: number;
  /** Identifies the fit: parts of one fit in one thread share a solver (and its subproblem cache). */
  readonly fitId?: string;
}

/** This thread's solver for the fit it last worked on (parts only; the re-solve builds its own). */
let kept: { id: string; solver: AxisSolver } | null = null;

/** A part's outcome. */
export type AxisJobResult = AxisSolution;

/**
 * Solves one part.
 * @example // used by entry.cjs only: (await import('./worker.js')).default(job)
 */
export default function runAxisJob(job: AxisJob): AxisJobResult {
  const deadline =
    job.timeLeftMs === undefined ? undefined : performance.now() + job.timeLeftMs - (Date.now() - job.sentAt);
  const opts: AxisSolveOptions = {
    depth: job.depth,
    rootRange: job.range,
    initialUpperBound: job.initialUpperBound,
    ...(job.shared !== undefined ? { sharedBound: job.shared } : {}),
    ...(job.stopAtFirst === true ? { stopAtFirst: true } : {}),
    ...(job.maxSplits !== undefined ? { maxSplits: job.maxSplits } : {}),
    ...(job.minLeaf !== undefined ? { minLeaf: job.minLeaf } : {}),
    ...(job.alpha !== undefined ? { alpha: job.alpha } : {}),
    ...(job.objective !== undefined ? { objective: job.objective } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
    ...(job.maxEvaluations !== undefined ? { maxEvaluations: job.maxEvaluations } : {}),
  };
  // The deterministic re-solve starts from nothing (a cache filled by whichever parts this thread
  // happened to run could change which tree it returns); the parts reuse this thread's solver: its
  // cache holds exact answers and valid bounds, so they stay exact.
  if (job.fitId === undefined || job.stopAtFirst === true) return solveAxis(job.data, opts);
  if (kept === null || kept.id !== job.fitId)
    kept = { id: job.fitId, solver: new AxisSolver(job.data, opts) };
  kept.solver.prepare(opts);
  return solveWith(kept.solver, job.data, opts);
}
