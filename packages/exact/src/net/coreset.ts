/**
 * @module net/coreset
 * The Deep-ICE coreset heuristic (arXiv:2505.05740; research note exact-learning.md §2.5), with the
 * release code's artefacts fixed: the coreset is shuffled (seeded) and cut into blocks; each block is
 * searched EXACTLY for hyperplanes through its own rows while the loss is the TRUE loss on all rows
 * (re-measured by predicting with the realised weights); the L best blocks form the next coreset; the
 * container shrinks (L ← ⌊0.95·L⌋) when the coreset stagnates, with the stagnation tiers applied in
 * order (the release code's missing `elif` is not reproduced); the loop ends when the coreset has at
 * most `size` rows, and that final coreset is then solved exactly (the release code never did). Every
 * candidate's true full-data objective is reported, best first. The result is not proven optimal unless
 * it meets a proven lower bound (conflicting duplicates).
 */

import { Piscina } from 'piscina';
import { finishNet } from './finish.js';
import { prepare } from './problem.js';
import { constantNet, errorsOf, objectiveOf, predictNet } from './realise.js';
import { lowerBest, type ReducedBest, rangesOf, searchRange } from './search.js';
import type { NetProblem, NetWeights, RangeResult } from './types.js';
import type { NetJob } from './worker.js';

/** A small seeded generator (mulberry32) so runs are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The problem with `rows` first (hyperplanes only through them), loss on every row. */
function restrict(problem: NetProblem, rows: readonly number[]): { sub: NetProblem; order: number[] } {
  const { n, d } = problem;
  const inSet = new Uint8Array(n);
  for (const r of rows) inSet[r] = 1;
  const order = [...rows];
  for (let i = 0; i < n; i++) if (inSet[i] === 0) order.push(i);
  const x = new Float64Array(n * d);
  const t = new Int8Array(n);
  const cp = new Float64Array(n);
  const cn = new Float64Array(n);
  order.forEach((r, i) => {
    for (let j = 0; j < d; j++) x[i * d + j] = problem.x[r * d + j] as number;
    t[i] = Number(problem.t[r]);
    cp[i] = Number(problem.costPos[r]);
    cn[i] = Number(problem.costNeg[r]);
  });
  return { sub: { ...problem, x, t, costPos: cp, costNeg: cn, pool: rows.length }, order };
}

/** A block's exact search as a range job (planes through its rows, loss on every row). */
function blockJob(
  problem: NetProblem,
  rows: readonly number[],
  deadline: number | undefined,
): { sub: NetProblem; order: number[]; job: NetJob; lower: ReducedBest } {
  const { sub, order } = restrict(problem, rows);
  // The smaller networks' best, kept for finishing the block even when the deadline cut it short.
  const lower = lowerBest(sub, deadline);
  return {
    sub,
    order,
    lower,
    job: { problem: sub, start: '0', end: String(countOf(sub)), upperBound: lower.objective },
  };
}

/** Finishes a block: realised weights (padded to K units) scored on all rows of `problem`. */
function finishBlock(
  problem: NetProblem,
  sub: NetProblem,
  order: readonly number[],
  result: RangeResult,
  lower: ReducedBest,
): { weights: NetWeights; objective: number; definingRows: number[][] } {
  const f = finishNet(sub, [result], lower);
  const objective = objectiveOf(problem, predictNet(f.weights, problem.x, problem.n, problem.d));
  return {
    weights: f.weights,
    objective,
    definingRows: f.definingRows.map((p) => p.map((i) => order[i] as number)),
  };
}

/** Solves blocks (in this thread, or on a pool), results in block order. */
async function solveBlocks(
  problem: NetProblem,
  blocks: readonly (readonly number[])[],
  deadline: number | undefined,
  pool: Piscina<NetJob, RangeResult> | undefined,
): Promise<{ weights: NetWeights; objective: number; definingRows: number[][] }[]> {
  // A block with fewer than D rows defines no hyperplane: it scores +Infinity (never kept first).
  const none = {
    weights: constantNet(problem.kind, problem.d, -1),
    objective: Number.POSITIVE_INFINITY,
    definingRows: [],
  };
  const jobs = blocks.map((rows) => (rows.length < problem.d ? null : blockJob(problem, rows, deadline)));
  const run = (j: NetJob): Promise<RangeResult> | RangeResult =>
    pool === undefined
      ? searchRange(j.problem, BigInt(j.start), BigInt(j.end), j.upperBound, deadline)
      : pool.run(deadline === undefined ? j : { ...j, deadline });
  const results = await Promise.all(jobs.map((j) => (j === null ? null : run(j.job))));
  // Realising a block costs time too: from half a second past the deadline on, blocks whose search
  // was cut short are dropped (scored +Infinity) instead of realised, so the run ends near its limit.
  return jobs.map((j, i) => {
    const r = results[i] as RangeResult;
    if (j === null || (!r.complete && deadline !== undefined && Date.now() > deadline + 500)) return none;
    return finishBlock(problem, j.sub, j.order, r, j.lower);
  });
}

function countOf(p: NetProblem): bigint {
  let H = 1n;
  for (let i = 0; i < p.d; i++) H = (H * BigInt(p.pool - i)) / BigInt(i + 1);
  let c = 1n;
  for (let i = 0; i < p.hidden; i++) c = (c * (H - BigInt(i))) / BigInt(i + 1);
  return H < BigInt(p.hidden) ? 0n : c;
}

/** Coreset options (NetOptions.coreset). */
export interface CoresetOptions {
  readonly size: number;
  readonly seed?: number;
  readonly blockSize?: number;
}

/**
 * Runs the coreset heuristic on a problem.
 * @returns the best network found (true full-data objective), every candidate's objective, and an
 *          honest optimality flag
 * @example await coresetSearch(problem, { size: 25, seed: 1 }, undefined, 1)
 */
export async function coresetSearch(
  problem: NetProblem,
  options: CoresetOptions,
  deadline: number | undefined,
  workers: number,
  workerPath?: string,
): Promise<{
  weights: NetWeights;
  objective: number;
  trainErrors: number;
  lowerBound: number;
  optimal: boolean;
  definingRows: number[][];
  evaluated: bigint;
  pruned: bigint;
  degeneratePlanes: number;
  exactFallbacks: number;
  coresetCandidates: { objective: number; coresetSize: number }[];
  note: string;
}> {
  const prep = prepare(problem);
  const floor = prep.duplicateBound;
  const random = rng(options.seed ?? 1);
  const M = options.blockSize ?? 20;
  let L = 10;
  let threshold = 5;
  let maxUnchanged = 1;
  let unchanged = 0;
  const candidates: { objective: number; coresetSize: number }[] = [];
  const constSign: 1 | -1 = prep.constNeg <= prep.constPos ? -1 : 1;
  let best = {
    weights: constantNet(
      problem.kind,
      problem.d,
      (problem.kind === 'intersection' ? -constSign : constSign) as 1 | -1,
    ),
    objective: Math.min(prep.constNeg, prep.constPos),
    definingRows: [] as number[][],
  };
  let core = Array.from({ length: problem.n }, (_v, i) => i);
  const pool =
    workers > 1 && workerPath !== undefined
      ? new Piscina<NetJob, RangeResult>({ filename: workerPath, minThreads: workers, maxThreads: workers })
      : undefined;
  try {
    let timedOut = false;
    while (core.length > options.size && best.objective > floor) {
      if (deadline !== undefined && Date.now() > deadline) {
        timedOut = true;
        break;
      }
      // Fisher–Yates shuffle, seeded.
      for (let i = core.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const t = core[i] as number;
        core[i] = core[j] as number;
        core[j] = t;
      }
      const scored: { objective: number; rows: number[] }[] = [];
      const blocks: number[][] = [];
      for (let s = 0; s < core.length; s += M) blocks.push(core.slice(s, s + M).sort((a, b) => a - b));
      const solved = await solveBlocks(problem, blocks, deadline, pool);
      for (let bi = 0; bi < blocks.length; bi++) {
        const rows = blocks[bi] as number[];
        const r = solved[bi] as { weights: NetWeights; objective: number; definingRows: number[][] };
        scored.push({ objective: r.objective, rows });
        if (Number.isFinite(r.objective))
          candidates.push({ objective: r.objective, coresetSize: rows.length });
        if (r.objective < best.objective) best = r;
        if (best.objective <= floor) break;
      }
      scored.sort((a, b) => a.objective - b.objective);
      const keep = scored.slice(0, Math.max(1, L));
      const next = keep.flatMap((b) => b.rows).sort((a, b) => a - b);
      if (core.length - next.length < threshold) unchanged++;
      core = next;
      if (unchanged >= maxUnchanged) {
        unchanged = 0;
        L = Math.max(1, Math.floor(0.95 * L));
        if (
          L === 1 &&
          core.length > options.size &&
          keep.length === 1 &&
          keep[0]?.rows.length === core.length
        ) {
          // One block left that is still larger than the target cannot shrink further: stop.
          break;
        }
        const c = core.length;
        if (c <= 100) [threshold, maxUnchanged] = [1, 20];
        else if (c <= 150) [threshold, maxUnchanged] = [1, 15];
        else if (c <= 300) [threshold, maxUnchanged] = [2, 10];
        else if (c <= 500) [threshold, maxUnchanged] = [3, 5];
      }
    }
    // The final coreset, solved exactly (planes through its rows, loss on all rows).
    if (!timedOut && best.objective > floor && core.length >= problem.d) {
      const { sub, order, job, lower } = blockJob(
        problem,
        [...core].sort((a, b) => a - b),
        deadline,
      );
      // Split into rank ranges so a pool shares the (larger) final search.
      const parts = rangesOf(sub, pool === undefined ? 1 : workers * 8);
      const results =
        pool === undefined
          ? parts.map(([a, b]) => searchRange(sub, a, b, job.upperBound, deadline))
          : await Promise.all(
              parts.map(([a, b]) =>
                pool.run({
                  ...job,
                  start: String(a),
                  end: String(b),
                  ...(deadline === undefined ? {} : { deadline }),
                }),
              ),
            );
      const f = finishNet(sub, results, lower);
      const r = {
        weights: f.weights,
        objective: objectiveOf(problem, predictNet(f.weights, problem.x, problem.n, problem.d)),
        definingRows: f.definingRows.map((p) => p.map((i) => order[i] as number)),
      };
      if (Number.isFinite(r.objective)) candidates.push({ objective: r.objective, coresetSize: core.length });
      if (r.objective < best.objective) best = r;
    }
  } finally {
    await pool?.destroy();
  }
  candidates.sort((a, b) => a.objective - b.objective || a.coresetSize - b.coresetSize);
  const pred = predictNet(best.weights, problem.x, problem.n, problem.d);
  const objective = objectiveOf(problem, pred);
  const optimal = objective <= floor;
  return {
    weights: best.weights,
    objective,
    trainErrors: errorsOf(problem, pred),
    lowerBound: Math.min(floor, objective),
    optimal,
    definingRows: best.definingRows,
    evaluated: 0n,
    pruned: 0n,
    degeneratePlanes: 0,
    exactFallbacks: 0,
    coresetCandidates: candidates.slice(0, 500),
    note: optimal ? 'coreset (meets the lower bound)' : 'coreset heuristic: not proven optimal',
  };
}
