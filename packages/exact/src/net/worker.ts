/**
 * @module net/worker
 * The task a worker thread runs for the parallel exact network search (issue 7 item 6): one rank range
 * of configurations, searched by {@link searchRange} with the shared initial upper bound. The prepared
 * problem (hyperplane sign vectors) is cached in the thread across ranges of the same problem.
 */
import { searchRange } from './search.js';
import type { NetProblem, RangeResult } from './types.js';

/** One range job. Ranks are decimal strings (structured clone keeps bigint too, JSON does not). */
export interface NetJob {
  readonly problem: NetProblem;
  readonly start: string;
  readonly end: string;
  readonly upperBound: number;
  readonly deadline?: number;
}

/**
 * Runs one range job.
 * @example runNetJob({ problem, start: '0', end: '100', upperBound: 53 })
 */
export default function runNetJob(job: NetJob): RangeResult {
  return searchRange(job.problem, BigInt(job.start), BigInt(job.end), job.upperBound, job.deadline);
}
