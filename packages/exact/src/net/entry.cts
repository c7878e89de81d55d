/**
 * @module net/entry
 * The file piscina starts in each worker thread for the parallel network search (built as
 * `dist/net/entry.cjs`): a CommonJS shim that imports the ES-module task (`worker.js`) on first use,
 * for the same Node 20 reason as src/axis/entry.cts (piscina loads workers with `require()`).
 */

import type { RangeResult } from './types.js';
import type { NetJob } from './worker.js';

let handler: Promise<(job: NetJob) => RangeResult> | undefined;

/**
 * Piscina's task handler: searches one rank range.
 * @param job the problem, the range and the initial upper bound
 * @returns the range's best
 */
function runJob(job: NetJob): Promise<RangeResult> {
  handler ??= import('./worker.js').then((m) => m.default);
  return handler.then((run) => run(job));
}

export = runJob;
