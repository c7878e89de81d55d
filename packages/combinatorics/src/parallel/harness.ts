/**
 * @module parallel/harness
 * The task protocol and the code that runs one chunk (one rank range) of a space through a user's
 * task module. The worker threads (`worker.ts`) and the single-process `reduceRanges` both call
 * {@link runChunk}, so a parallel run and a single-thread run execute the same code on the same
 * ranges and produce the same per-chunk partials (communication-free rank-range splitting,
 * research note combgen.md §2.5; He & Little, arXiv:2507.03980).
 *
 * Task module protocol (an ES module, loaded once per thread and cached by URL):
 * - `init(data, chunk)` (optional, may be async): returns the chunk's state. Without it the state is
 *   `undefined`. Called once per chunk, so chunks never share state.
 * - `item(state, view)` (mode 'item'): called once per item with a reused `Int32Array` view; copy
 *   what you keep. Return `false` to end this chunk early.
 * - `block(state, block)` (mode 'block'): called once per structure-of-arrays block of up to
 *   `blockRows` items (`block.columns[j][r]`, `r < block.rows`); the block and its columns are
 *   reused: read them during the call only. Return `false` to end this chunk early.
 * - `finish(state, chunk)` (optional, may be async): returns the chunk's partial result, which must
 *   be structured-cloneable. Without it the partial is the state.
 * - `combine(a, b)` (optional): merges two adjacent partials, `a` before `b` in rank order. It runs
 *   in the calling thread only.
 */

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import type { Block, Space, SpaceSpec, Visitor } from '../space.js';
import { spaceFromSpec } from '../spec.js';

/** The chunk a task call works on: its position in rank order and its ranks `[start, end)`. */
export interface ChunkInfo {
  /** Index of this chunk; chunks are numbered in rank order from 0. */
  readonly index: number;
  /** First rank of the chunk. */
  readonly start: bigint;
  /** One past the last rank of the chunk. */
  readonly end: bigint;
}

/** How a chunk is consumed: one call per item, or one call per block of items. */
export type TaskMode = 'item' | 'block';

/**
 * The exports a task module may have (see the module header for the protocol). `S` is the
 * per-chunk state, `P` the partial result of a chunk.
 */
export interface TaskModule<S = unknown, P = unknown> {
  init?(data: unknown, chunk: ChunkInfo): S | Promise<S>;
  item?(state: S, item: Int32Array): unknown;
  block?(state: S, block: Block): unknown;
  finish?(state: S, chunk: ChunkInfo): P | Promise<P>;
  combine?(a: P, b: P): P;
}

/** What one thread is asked to do: run one chunk of a space through a task module. */
export interface ChunkJob {
  /** URL (href) of the task module. */
  readonly task: string;
  /** Spec of the space, rebuilt with `spaceFromSpec`. */
  readonly spec: SpaceSpec;
  readonly data: unknown;
  readonly index: number;
  readonly start: bigint;
  readonly end: bigint;
  readonly mode: TaskMode;
  /** Rows per block in mode 'block'. */
  readonly blockRows: number;
}

/** The outcome of a chunk, as sent back by a thread: never a thrown error, so nothing is lost. */
export type ChunkOutcome =
  | { readonly ok: true; readonly partial: unknown; readonly visited: number }
  | { readonly ok: false; readonly message: string; readonly stack: string | undefined };

/** Default rows per block in mode 'block' (16 KiB per column: stays in the L1/L2 caches). */
export const DEFAULT_BLOCK_ROWS = 4096;

/**
 * Error of a task module, naming the module and the chunk (index and rank range) that failed.
 * @example
 * try { await parallelReduce({ space, task }); }
 * catch (e) { if (e instanceof TaskError) console.error(e.task, e.chunk?.start, e.message); }
 */
export class TaskError extends Error {
  /** URL of the task module. */
  readonly task: string;
  /** The failing chunk, when known. */
  readonly chunk: ChunkInfo | undefined;
  constructor(message: string, task: string, chunk: ChunkInfo | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TaskError';
    this.task = task;
    this.chunk = chunk;
  }
}

/**
 * How errors name a chunk.
 * @param chunk the chunk
 * @returns e.g. "chunk 3 (ranks [30, 40))"
 * @example describeChunk({ index: 3, start: 30n, end: 40n }) //=> 'chunk 3 (ranks [30, 40))'
 */
export function describeChunk(chunk: ChunkInfo): string {
  return `chunk ${chunk.index} (ranks [${chunk.start}, ${chunk.end}))`;
}

/**
 * The URL (href) of a task module: a `URL`, a URL string (`file:`, `data:`…), or a file path
 * (relative paths resolve against the current directory).
 * @param task the module's URL, URL string or file path
 * @returns the absolute URL string
 * @throws TypeError for other values
 * @example taskHref('./task.mjs') //=> 'file:///current/dir/task.mjs'
 */
export function taskHref(task: URL | string): string {
  if (task instanceof URL) return task.href;
  if (typeof task !== 'string' || task === '') {
    throw new TypeError(`task must be a URL or the path of an ES module, got ${String(task)}`);
  }
  // A scheme of two or more letters: a drive letter such as C: is a path, not a URL.
  if (/^[a-zA-Z][a-zA-Z\d+.-]+:/.test(task)) return new URL(task).href;
  return pathToFileURL(resolve(task)).href;
}

const modules = new Map<string, Promise<TaskModule>>();

/**
 * Imports a task module once per thread (cached by URL; failures are not cached) and checks the
 * types of its exports.
 * @param href the module's URL
 * @returns the module namespace
 * @throws Error naming the module when it cannot be imported or an export is not a function
 * @example const { combine } = await loadTask('file:///work/task.mjs');
 */
export function loadTask(href: string): Promise<TaskModule> {
  let p = modules.get(href);
  if (p === undefined) {
    p = import(href).then(
      (m: Record<string, unknown>) => {
        for (const name of ['init', 'item', 'block', 'finish', 'combine']) {
          const f = m[name];
          if (f !== undefined && typeof f !== 'function') {
            throw new Error(`task module ${href}: export '${name}' must be a function, got ${typeof f}`);
          }
        }
        return m as TaskModule;
      },
      (e: unknown) => {
        throw new Error(`task module ${href} could not be loaded: ${messageOf(e)}`, { cause: e });
      },
    );
    modules.set(href, p);
    p.catch(() => modules.delete(href));
  }
  return p;
}

/**
 * The message of anything thrown (errors that crossed a thread may be plain objects).
 * @param e what was thrown
 * @returns its message, or an inspection of it
 * @example messageOf(new Error('x')) //=> 'x'
 */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return inspect(e);
}

const spaces = new Map<string, Space>();

/** The space of a spec, rebuilt once per thread and spec (a few kept). */
function spaceOf(spec: SpaceSpec): Space {
  const key = JSON.stringify(spec);
  let s = spaces.get(key);
  if (s === undefined) {
    s = spaceFromSpec(spec);
    if (spaces.size >= 16) spaces.clear();
    spaces.set(key, s);
  }
  return s;
}

/**
 * Runs one chunk and reports its outcome; errors of the task module (or of the space) come back as
 * `{ ok: false, message }` naming the module and the chunk, never as a rejection.
 * @param job the chunk to run
 * @param space the space, when the caller already has it (else rebuilt from `job.spec`)
 * @returns `{ ok: true, partial, visited }` or `{ ok: false, message, stack }`
 * @example
 * await runChunk({ task, spec: combinations(9, 3).spec, data: null, index: 0, start: 0n, end: 84n,
 *   mode: 'item', blockRows: 4096 })
 */
export async function runChunk(job: ChunkJob, space?: Space): Promise<ChunkOutcome> {
  const chunk: ChunkInfo = { index: job.index, start: job.start, end: job.end };
  let stage = 'loading';
  try {
    const mod = await loadTask(job.task);
    const sp = space ?? spaceOf(job.spec);
    const fn = job.mode === 'block' ? mod.block : mod.item;
    if (typeof fn !== 'function') {
      const sig = job.mode === 'block' ? 'block(state, block)' : 'item(state, view)';
      throw new Error(`the module has no exported function '${job.mode}' (mode '${job.mode}' needs ${sig})`);
    }
    stage = 'init';
    const state = mod.init === undefined ? undefined : await mod.init(job.data, chunk);
    stage = job.mode;
    const visited =
      job.mode === 'block'
        ? runBlocks(sp, job.start, job.end, job.blockRows, state, fn as NonNullable<TaskModule['block']>)
        : runItems(sp, job.start, job.end, state, fn as NonNullable<TaskModule['item']>);
    stage = 'finish';
    const result = mod.finish === undefined ? state : await mod.finish(state, chunk);
    // Cloned here in every thread: the single-thread path then has a worker's copy semantics, and
    // an uncloneable result fails with a message instead of breaking the worker's reply.
    stage = 'clone';
    let partial: unknown;
    try {
      partial = structuredClone(result);
    } catch (e) {
      throw new Error(`the chunk's result is not structured-cloneable: ${messageOf(e)}`);
    }
    return { ok: true, partial, visited };
  } catch (e) {
    const what = stage === 'loading' || stage === 'clone' ? '' : ` in ${stage}()`;
    const msg = messageOf(e).startsWith(`task module ${job.task}`)
      ? `${messageOf(e)} [${describeChunk(chunk)}]`
      : `task module ${job.task} failed${what} on ${describeChunk(chunk)}: ${messageOf(e)}`;
    return { ok: false, message: msg, stack: e instanceof Error ? e.stack : undefined };
  }
}

/** Mode 'item': one call per item on the space's own kernel; the only closure is made per chunk. */
function runItems(
  space: Space,
  start: bigint,
  end: bigint,
  state: unknown,
  item: NonNullable<TaskModule['item']>,
): number {
  const visit: Visitor = (v) => item(state, v) !== false;
  return space.forEach(visit, { start, end });
}

/**
 * Mode 'block': packs the chunk's items into structure-of-arrays columns of `rows` rows (reused),
 * flushing when full or when the item width changes (spaces of mixed sizes), so the user's call is
 * paid once per block. Block boundaries depend only on the chunk and `rows`: deterministic.
 */
function runBlocks(
  space: Space,
  start: bigint,
  end: bigint,
  rows: number,
  state: unknown,
  block: NonNullable<TaskModule['block']>,
): number {
  const w = space.maxWidth;
  const cols: Int32Array[] = [];
  for (let j = 0; j < w; j++) cols.push(new Int32Array(rows));
  const byWidth: Int32Array[][] = [];
  for (let j = 0; j <= w; j++) byWidth.push(cols.slice(0, j));
  const blk: { width: number; rows: number; columns: readonly Int32Array[] } = {
    width: 0,
    rows: 0,
    columns: [],
  };
  let filled = 0;
  let width = -1;
  let delivered = 0;
  let stopped = false;
  const flush = (): void => {
    blk.width = width;
    blk.rows = filled;
    blk.columns = byWidth[width] as Int32Array[];
    delivered += filled;
    filled = 0;
    if (block(state, blk) === false) stopped = true;
  };
  const visit: Visitor = (v) => {
    const len = v.length;
    if (len !== width || filled === rows) {
      if (filled > 0) {
        flush();
        if (stopped) return false;
      }
      width = len;
    }
    for (let j = 0; j < len; j++) (cols[j] as Int32Array)[filled] = v[j] as number;
    filled++;
    return true;
  };
  space.forEach(visit, { start, end });
  if (!stopped && filled > 0) flush();
  return delivered;
}
