/**
 * @module axis/worker
 * Worker-thread side of the parallel axis DP: one job is one part of the root's candidate splits
 * (round-robin over the (feature, threshold) list), solved by the same branch and bound as the
 * single-thread run with the greedy tree's cost as the shared initial upper bound. Parts need no
 * communication; the caller takes the best part (ties to the lowest part index), so the result is
 * deterministic for a given worker count.
 */
import type { Dataset, Objective } from '../types.js';
import { type AxisSolution, solveAxis } from './solver.js';

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
  readonly part: number;
  readonly parts: number;
  readonly initialUpperBound: number;
}

/** A part's outcome. */
export type AxisJobResult = AxisSolution;

/**
 * Solves one part.
 * @example // used by entry.cjs only: (await import('./worker.js')).default(job)
 */
export default function runAxisJob(job: AxisJob): AxisJobResult {
  const deadline =
    job.timeLeftMs === undefined ? undefined : performance.now() + job.timeLeftMs - (Date.now() - job.sentAt);
  return solveAxis(job.data, {
    depth: job.depth,
    rootPart: { part: job.part, parts: job.parts },
    initialUpperBound: job.initialUpperBound,
    ...(job.maxSplits !== undefined ? { maxSplits: job.maxSplits } : {}),
    ...(job.minLeaf !== undefined ? { minLeaf: job.minLeaf } : {}),
    ...(job.alpha !== undefined ? { alpha: job.alpha } : {}),
    ...(job.objective !== undefined ? { objective: job.objective } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
  });
}
