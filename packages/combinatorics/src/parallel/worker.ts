/**
 * @module parallel/worker
 * The worker-thread side of the parallel pool (built as `dist/parallel/worker.js`, imported by the
 * CommonJS entry `entry.cjs` that piscina starts): each task is one chunk, a rank range of a space
 * described by its JSON spec. The space is rebuilt with `spaceFromSpec` and the user's task module imported once per
 * thread (both cached), then the chunk runs with no communication (combgen.md §2.5; He & Little,
 * arXiv:2507.03980). Errors come back as values so that they name the module and the chunk.
 */
import { type ChunkJob, type ChunkOutcome, runChunk } from './harness.js';

/**
 * Piscina's task handler: runs one chunk.
 * @param job the chunk (space spec, rank range, task module URL, data, mode)
 * @returns the chunk's outcome: its partial result and item count, or an error message
 * @example // used by entry.cjs only: (await import('./worker.js')).default(job)
 */
export default function runJob(job: ChunkJob): Promise<ChunkOutcome> {
  return runChunk(job);
}
