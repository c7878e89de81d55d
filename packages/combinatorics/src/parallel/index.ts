/**
 * @module @floret/combinatorics/parallel
 * Communication-free parallel enumeration (He & Little, arXiv:2507.03980: "embarrassingly parallel
 * execution"; research note combgen.md §2.5): a space's ranks are split into contiguous chunks
 * ({@link splitRanks}); each worker thread rebuilds the space from its JSON spec, unranks its chunk's
 * first item once and runs the generator's own kernel over the chunk, feeding a user's task module
 * (see `harness.ts` for the protocol: `init`, `item` or `block`, `finish`, `combine`). The calling
 * thread combines the per-chunk partials in rank order, so the result is deterministic and equals
 * the single-thread run ({@link reduceRanges}) for any number of workers.
 *
 * Worker file: piscina needs a JavaScript worker, so the pool always starts the BUILT harness:
 * `dist/parallel/entry.cjs` (a CommonJS shim, see `entry.cts` for why), which imports
 * `dist/parallel/worker.js`. From the built package that is `./entry.cjs` beside this file; when this
 * module runs from its TypeScript source (vitest), it is `../../dist/parallel/entry.cjs`, so build
 * first (`npx tsc -b`; the root `npm test` does). The built harness imports the built spaces.
 *
 * @example
 * // task.mjs
 * export const init = () => ({ sum: 0 });
 * export function item(s, c) { s.sum += c[0]; }
 * export const finish = (s) => s.sum;
 * export const combine = (a, b) => a + b;
 * // main.mjs
 * const { value } = await parallelReduce({ space: combinations(30, 8), task: new URL('./task.mjs', import.meta.url) });
 */

import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Space, SpaceSpec } from '../space.js';
import { spaceFromSpec } from '../spec.js';
import {
  type ChunkInfo,
  type ChunkJob,
  type ChunkOutcome,
  DEFAULT_BLOCK_ROWS,
  describeChunk,
  loadTask,
  messageOf,
  runChunk,
  TaskError,
  type TaskMode,
  taskHref,
} from './harness.js';
import { type ExactRange, splitRanks } from './split.js';

export { type ChunkInfo, DEFAULT_BLOCK_ROWS, TaskError, type TaskMode, type TaskModule } from './harness.js';
export { type ExactRange, splitRanks, splitSpace } from './split.js';

/** Default number of chunks per worker thread of a pool. */
export const CHUNKS_PER_WORKER = 16;

/** Progress of a reduction, reported after each chunk completes (in completion order). */
export interface Progress {
  /** Chunks finished so far. */
  readonly chunksDone: number;
  /** Number of chunks. */
  readonly chunks: number;
  /** Items visited by the finished chunks. */
  readonly items: bigint;
  /** Items in the space. */
  readonly total: bigint;
}

/** Options of {@link reduceRanges}, {@link parallelReduce} and {@link ParallelPool.reduce}. */
export interface ReduceOptions<P = unknown> {
  /** The space to enumerate, or its JSON spec (`space.spec`). */
  readonly space: Space | SpaceSpec;
  /** The task module: a `URL` (best: `new URL('./task.mjs', import.meta.url)`), URL string or path. */
  readonly task: URL | string;
  /**
   * Passed to the task's `init(data, chunk)`; structured-cloned once per chunk (put large read-only
   * arrays in a `SharedArrayBuffer` to share them instead).
   */
  readonly data?: unknown;
  /**
   * Number of rank-range chunks (clamped to the item count, at least 1). More chunks than workers
   * balance uneven work and uneven cores: on 16 cores, 16 chunks per worker gave a parallel
   * efficiency of 0.87 against 0.73 with 4 (bench/parallel-scaling.mjs).
   * @default {@link CHUNKS_PER_WORKER} × workers for the pool; 1 for {@link reduceRanges}
   */
  readonly chunks?: number;
  /** Call the task once per item, or once per block. @default 'item' */
  readonly mode?: TaskMode;
  /** Rows per block in mode 'block'. @default 4096 */
  readonly blockRows?: number;
  /** Combines two adjacent partials (left before right). @default the task module's `combine` */
  readonly combine?: (a: P, b: P) => P;
  /** Aborts the reduction: the promise rejects with `signal.reason`, running chunks are stopped. */
  readonly signal?: AbortSignal;
  /** Called after each chunk completes. */
  readonly onProgress?: (progress: Progress) => void;
}

/** The result of a reduction. */
export interface ReduceResult<P = unknown> {
  /** Each chunk's partial (the task's `finish` result), in rank order. */
  readonly results: P[];
  /** The partials folded left with `combine` in rank order; `undefined` when there is no combine. */
  readonly value: P | undefined;
  /** The chunks, in rank order. */
  readonly chunks: ExactRange<bigint>[];
  /** Items visited (the space's count, unless a task ended chunks early). */
  readonly items: bigint;
}

/** Options of {@link createPool}. */
export interface PoolOptions {
  /** Worker threads. @default os.availableParallelism() */
  readonly workers?: number;
}

/** A pool of worker threads running chunks of task modules; see {@link createPool}. */
export interface ParallelPool {
  /** Number of worker threads. */
  readonly workers: number;
  /** Runs a reduction on this pool (default chunks: {@link CHUNKS_PER_WORKER} × workers). See {@link parallelReduce}. */
  reduce<P = unknown>(options: ReduceOptions<P>): Promise<ReduceResult<P>>;
  /** Waits for running chunks and stops the threads; the pool cannot be used afterwards. */
  close(): Promise<void>;
}

/** Options of {@link parallelReduce}. */
export interface ParallelOptions<P = unknown> extends ReduceOptions<P> {
  /** A pool to run on (kept open); without it a pool is created for this call and closed after. */
  readonly pool?: ParallelPool;
  /** Worker threads of the temporary pool. @default os.availableParallelism() */
  readonly workers?: number;
}

/**
 * Path of the built worker entry that piscina starts: `entry.cjs` beside this file in `dist`, or
 * `dist/parallel/entry.cjs` of this package when this module runs from its TypeScript source.
 * @returns an absolute file path
 * @example workerPath() //=> '/…/node_modules/@floret/combinatorics/dist/parallel/entry.cjs'
 */
export function workerPath(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(
    new URL(fromSource ? '../../dist/parallel/entry.cjs' : './entry.cjs', import.meta.url),
  );
}

function positiveInt(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 1)
    throw new RangeError(`${name} must be a positive integer, got ${String(v)}`);
  return v;
}

function isSpace(s: Space | SpaceSpec): s is Space {
  return typeof (s as Space).countBig === 'function';
}

/**
 * The space and its spec. For workers (`forWorkers`) the spec must rebuild a space of the same size
 * (checked here, so a bad spec fails once and clearly); in this thread a given space is used as is.
 */
function resolveSpace(space: Space | SpaceSpec, forWorkers: boolean): { spec: SpaceSpec; space: Space } {
  if (isSpace(space) && !forWorkers) return { spec: space.spec, space };
  const spec = isSpace(space) ? space.spec : space;
  let rebuilt: Space;
  try {
    rebuilt = spaceFromSpec(spec);
  } catch (e) {
    const where = forWorkers ? ' in a worker' : '';
    throw new RangeError(
      `the space cannot be rebuilt from its spec ${JSON.stringify(spec)}${where}: ${messageOf(e)}`,
      {
        cause: e,
      },
    );
  }
  if (isSpace(space) && rebuilt.countBig() !== space.countBig()) {
    throw new RangeError(`the space's spec ${JSON.stringify(spec)} rebuilds a space of another size`);
  }
  return { spec, space: isSpace(space) ? space : rebuilt };
}

/** Chunks: `chunks` balanced rank ranges, clamped to the count (one empty chunk for an empty space). */
function chunkRanges(count: bigint, chunks: number): ExactRange<bigint>[] {
  positiveInt('chunks', chunks);
  const parts = count < BigInt(chunks) ? Math.max(1, Number(count)) : chunks;
  return splitRanks(count, parts);
}

function checkMode(mode: unknown): TaskMode {
  if (mode !== 'item' && mode !== 'block')
    throw new RangeError(`mode must be 'item' or 'block', got ${String(mode)}`);
  return mode;
}

async function combinerOf<P>(
  options: ReduceOptions<P>,
  href: string,
): Promise<((a: P, b: P) => P) | undefined> {
  if (options.combine !== undefined) return options.combine;
  try {
    return (await loadTask(href)).combine as ((a: P, b: P) => P) | undefined;
  } catch (e) {
    throw new TaskError(messageOf(e), href, undefined, { cause: e });
  }
}

function fold<P>(results: P[], combine: ((a: P, b: P) => P) | undefined, href: string): P | undefined {
  if (combine === undefined) return undefined;
  let acc = results[0] as P;
  for (let i = 1; i < results.length; i++) {
    try {
      acc = combine(acc, results[i] as P);
    } catch (e) {
      throw new TaskError(
        `task module ${href}: combine() failed at chunk ${i}: ${messageOf(e)}`,
        href,
        undefined,
        {
          cause: e,
        },
      );
    }
  }
  return acc;
}

interface Prepared<P> {
  readonly href: string;
  readonly spec: SpaceSpec;
  readonly space: Space;
  readonly ranges: ExactRange<bigint>[];
  readonly mode: TaskMode;
  readonly blockRows: number;
  readonly combine: ((a: P, b: P) => P) | undefined;
}

async function prepare<P>(
  options: ReduceOptions<P>,
  defaultChunks: number,
  forWorkers: boolean,
): Promise<Prepared<P>> {
  const href = taskHref(options.task);
  const { spec, space } = resolveSpace(options.space, forWorkers);
  const ranges = chunkRanges(space.countBig(), options.chunks ?? defaultChunks);
  const mode = checkMode(options.mode ?? 'item');
  const blockRows = positiveInt('blockRows', options.blockRows ?? DEFAULT_BLOCK_ROWS);
  const combine = await combinerOf(options, href);
  return { href, spec, space, ranges, mode, blockRows, combine };
}

function jobOf<P>(p: Prepared<P>, data: unknown, index: number): ChunkJob {
  const r = p.ranges[index] as ExactRange<bigint>;
  return {
    task: p.href,
    spec: p.spec,
    data,
    index,
    start: r.start,
    end: r.end,
    mode: p.mode,
    blockRows: p.blockRows,
  };
}

function chunkOf(job: ChunkJob): ChunkInfo {
  return { index: job.index, start: job.start, end: job.end };
}

function failure(out: Extract<ChunkOutcome, { ok: false }>, href: string, job: ChunkJob): TaskError {
  const cause = new Error(out.message);
  if (out.stack !== undefined) cause.stack = out.stack;
  return new TaskError(out.message, href, chunkOf(job), { cause });
}

/**
 * Runs a task module over a space's chunks one after another in this thread: the single-thread
 * reference of {@link parallelReduce}, with the same protocol and, for the same `chunks`, the same
 * per-chunk results (partials are structured-cloned, as they would be when coming from a worker).
 * A `Space` object is used as is, so any space works here, also one `spaceFromSpec` cannot rebuild.
 * @param options the space, the task module and the reduction options
 * @returns per-chunk partials in rank order, their fold with `combine`, the chunks and item count
 * @throws TaskError (as a rejection) naming the module and the chunk when the task fails
 * @example const { value } = await reduceRanges({ space: combinations(20, 5), task: './sum.mjs' });
 */
export async function reduceRanges<P = unknown>(options: ReduceOptions<P>): Promise<ReduceResult<P>> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const p = await prepare(options, 1, false);
  const results: P[] = [];
  let items = 0n;
  for (let i = 0; i < p.ranges.length; i++) {
    signal?.throwIfAborted();
    const job = jobOf(p, options.data, i);
    const out = await runChunk(job, p.space);
    if (!out.ok) throw failure(out, p.href, job);
    results.push(out.partial as P);
    items += BigInt(out.visited);
    onProgress?.({ chunksDone: i + 1, chunks: p.ranges.length, items, total: p.space.countBig() });
  }
  return { results, value: fold(results, p.combine, p.href), chunks: p.ranges, items };
}

/**
 * Creates a pool of worker threads (piscina) for {@link parallelReduce}. Threads start at once and
 * keep each task module and space they loaded; close the pool when done.
 * @param options `workers`: number of threads (default `os.availableParallelism()`)
 * @returns the pool
 * @throws RangeError when `workers` is not a positive integer; Error when the built worker harness
 * is missing (run `npx tsc -b`)
 * @example
 * const pool = createPool({ workers: 8 });
 * try { console.log((await pool.reduce({ space, task })).value); } finally { await pool.close(); }
 */
export function createPool(options?: PoolOptions): ParallelPool {
  const workers = positiveInt('workers', options?.workers ?? availableParallelism());
  const filename = workerPath();
  if (!existsSync(filename)) {
    throw new Error(
      `the parallel worker harness ${filename} is missing: build the package first (npx tsc -b)`,
    );
  }
  const piscina = new Piscina<ChunkJob, ChunkOutcome>({ filename, minThreads: workers, maxThreads: workers });
  // Piscina reports on its own emitter what belongs to no task: chiefly the reply of a chunk that
  // finished just as it was aborted. Every task already settles its own promise, so these are
  // dropped here instead of becoming uncaught 'error' events.
  piscina.on('error', () => {});
  let closed = false;
  return {
    workers,
    async reduce<P = unknown>(opts: ReduceOptions<P>): Promise<ReduceResult<P>> {
      if (closed) throw new Error('this pool is closed');
      const { signal, onProgress } = opts;
      signal?.throwIfAborted();
      const p = await prepare(opts, CHUNKS_PER_WORKER * workers, true);
      signal?.throwIfAborted();
      const n = p.ranges.length;
      const total = p.space.countBig();
      // One controller cancels every chunk: on the caller's abort or on the first failure.
      const inner = new AbortController();
      setMaxListeners(0, inner.signal);
      return new Promise<ReduceResult<P>>((resolve, reject) => {
        const results: P[] = new Array(n);
        let settled = false;
        let done = 0;
        let items = 0n;
        const fail = (err: unknown): void => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          inner.abort(err);
          reject(err);
        };
        const onAbort = (): void => fail(signal?.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        for (let i = 0; i < n; i++) {
          const job = jobOf(p, opts.data, i);
          piscina.run(job, { signal: inner.signal }).then(
            (out) => {
              if (settled) return;
              if (!out.ok) return fail(failure(out, p.href, job));
              results[i] = out.partial as P;
              done++;
              items += BigInt(out.visited);
              try {
                onProgress?.({ chunksDone: done, chunks: n, items, total });
                if (done === n) {
                  const value = fold(results, p.combine, p.href);
                  settled = true;
                  signal?.removeEventListener('abort', onAbort);
                  resolve({ results, value, chunks: p.ranges, items });
                }
              } catch (e) {
                fail(e);
              }
            },
            (e: unknown) => {
              if (settled) return;
              fail(
                new TaskError(
                  `task module ${p.href}: the worker failed on ${describeChunk(chunkOf(job))}: ${messageOf(e)}`,
                  p.href,
                  chunkOf(job),
                  { cause: e },
                ),
              );
            },
          );
        }
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await piscina.close();
    },
  };
}

/**
 * Runs a task module over a space in parallel worker threads: the ranks are split into `chunks`
 * balanced contiguous ranges, each worker runs whole chunks (`init`, then `item` per item or `block`
 * per block, then `finish`), and this thread folds the partials with `combine` in rank order. The
 * result is identical to {@link reduceRanges} with the same `chunks`, and `value` is identical for
 * any `chunks` when `combine` is exact and associative.
 * @param options the space (or its spec), the task module, `data`, `chunks`, `mode`, `signal`,
 * `onProgress`, and `pool` (or `workers` for a temporary pool)
 * @returns per-chunk partials in rank order and their fold
 * @throws TaskError (as a rejection) naming the module and the chunk's rank range when the task
 * module is missing, lacks the needed export, or throws; `signal.reason` when aborted
 * @example
 * const { value } = await parallelReduce({
 *   space: combinations(34, 9), task: new URL('./checksum.mjs', import.meta.url), workers: 8,
 * });
 */
export async function parallelReduce<P = unknown>(options: ParallelOptions<P>): Promise<ReduceResult<P>> {
  if (options.pool !== undefined) return options.pool.reduce(options);
  options.signal?.throwIfAborted();
  const pool = createPool(options.workers === undefined ? undefined : { workers: options.workers });
  try {
    return await pool.reduce(options);
  } finally {
    await pool.close();
  }
}
