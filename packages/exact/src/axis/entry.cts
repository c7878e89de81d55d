/**
 * @module axis/entry
 * The file piscina starts in each worker thread for the parallel axis-parallel DP (built as
 * `dist/axis/entry.cjs`): a CommonJS shim whose handler imports the ES-module worker (`worker.js`)
 * with `import()` on first use. CommonJS because piscina loads its worker with `require()`, and
 * require(esm) of a worker that piscina terminates during load can abort the process on Node 20
 * (the same reason as packages/combinatorics/src/parallel/entry.cts).
 */
import type { AxisJob, AxisJobResult } from './worker.js';

let handler: Promise<(job: AxisJob) => AxisJobResult> | undefined;

/**
 * Piscina's task handler: solves one part of the root's candidate splits.
 * @param job the data, options and root part
 * @returns that part's best tree, objective and lower bound
 * @example // used by piscina only: new Piscina({ filename: '.../dist/axis/entry.cjs' })
 */
function runJob(job: AxisJob): Promise<AxisJobResult> {
  handler ??= import('./worker.js').then((m) => m.default);
  return handler.then((run) => run(job));
}

export = runJob;
