/**
 * @module parallel/entry
 * The file piscina starts in each worker thread (built as `dist/parallel/entry.cjs`): a CommonJS
 * shim whose handler imports the ES-module harness (`worker.js`, which runs one chunk of a space,
 * combgen.md §2.5) with `import()` on first use.
 *
 * Why CommonJS: piscina loads its worker file with `require()` first. On Node ≥ 20.19 requiring an
 * ES module goes through require(esm), and a worker terminated during that load (piscina terminates
 * workers on abort and on close) brings the whole process down with a native assertion
 * (ModuleWrap::CreateRequiredModuleFacade, seen on Node 20.20). A CommonJS entry takes the plain
 * `require` path, and the harness is loaded by the ES-module loader, which survives termination.
 */
import type { ChunkJob, ChunkOutcome } from './harness.js';

let handler: Promise<(job: ChunkJob) => Promise<ChunkOutcome>> | undefined;

/**
 * Piscina's task handler: runs one chunk through the ES-module harness.
 * @param job the chunk (space spec, rank range, task module URL, data, mode)
 * @returns the chunk's outcome: its partial result and item count, or an error message
 * @example // used by piscina only: new Piscina({ filename: '.../dist/parallel/entry.cjs' })
 */
function runJob(job: ChunkJob): Promise<ChunkOutcome> {
  handler ??= import('./worker.js').then((m) => m.default);
  return handler.then((run) => run(job));
}

export = runJob;
