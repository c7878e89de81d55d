/**
 * @module net/fit
 * `fitNet`: the globally optimal two-layer maxout / positive-output ReLU network for the 0-1 loss (or any
 * per-point loss) of Deep-ICE (arXiv:2505.05740; research note exact-learning.md §2), with an anytime
 * incumbent, worker threads over rank ranges (piscina; every range starts from the same upper bound —
 * the better constant classifier — and the ranges are reduced by minimum objective, ties to the lowest
 * rank, so the answer does not depend on the number of threads), realised float64 weights whose
 * training objective is re-measured by prediction, and a certificate.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nestedCombinations } from '@floret/combinatorics';
import { Piscina } from 'piscina';
import { affineBasisColumns, exactIntegers } from '../proper/exact.js';
import type { Dataset } from '../types.js';
import { coresetSearch } from './coreset.js';
import { finishNet } from './finish.js';
import { netProblem, prepare, validateNetOptions } from './problem.js';
import { errorsOf, objectiveOf, predictNet } from './realise.js';
import { configurationCount, lowerBest, type ReducedBest, rangesOf, searchRange } from './search.js';
import type { NetKind, NetOptions, NetProblem, NetResult, NetWeights, RangeResult } from './types.js';
import type { NetJob } from './worker.js';

/**
 * Path of the built worker entry (`dist/net/entry.cjs`), from the built package or from source.
 * @example netWorkerPath() //=> '/…/packages/exact/dist/net/entry.cjs'
 */
export function netWorkerPath(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? '../../dist/net/entry.cjs' : './entry.cjs', import.meta.url));
}

/** Searches every range of a problem, in this thread or on `workers` threads. */
async function searchAll(
  problem: NetProblem,
  workers: number,
  deadline: number | undefined,
  low: ReducedBest,
  onProgress?: (f: number) => void,
): Promise<RangeResult[]> {
  if (!low.complete) return [];
  const ub = low.objective;
  const total = configurationCount(problem);
  if (workers <= 1 || total < 2000n) {
    // Stage-sized pieces in this thread, so progress can be reported.
    const parts = onProgress === undefined ? 1 : 32;
    const out: RangeResult[] = [];
    const ranges = rangesOf(problem, parts);
    let best = ub;
    for (let i = 0; i < ranges.length; i++) {
      const [a, b] = ranges[i] as [bigint, bigint];
      // The incumbent carries over in this thread: same answer, more pruning (ties keep the earlier).
      const r = searchRange(problem, a, b, best, deadline);
      if (r.objective !== null && r.objective < best) best = r.objective;
      out.push(r);
      onProgress?.((i + 1) / ranges.length);
      if (!r.complete) break;
    }
    return out;
  }
  const filename = netWorkerPath();
  if (!existsSync(filename))
    throw new Error(
      `the net worker ${filename} is missing: build the package first (npx tsc -b packages/exact)`,
    );
  const pool = new Piscina<NetJob, RangeResult>({ filename, minThreads: workers, maxThreads: workers });
  try {
    const ranges = rangesOf(problem, workers * 8);
    const plain: NetProblem = {
      ...problem,
      x: Float64Array.from(problem.x as ArrayLike<number>),
      t: Int8Array.from(problem.t as ArrayLike<number>),
      costPos: Float64Array.from(problem.costPos as ArrayLike<number>),
      costNeg: Float64Array.from(problem.costNeg as ArrayLike<number>),
    };
    let done = 0;
    return await Promise.all(
      ranges.map(([a, b]) =>
        pool
          .run({
            problem: plain,
            start: String(a),
            end: String(b),
            upperBound: ub,
            ...(deadline === undefined ? {} : { deadline }),
          })
          .then((r) => {
            done++;
            onProgress?.(done / ranges.length);
            return r;
          }),
      ),
    );
  } finally {
    await pool.destroy();
  }
}

/** Everything a class (union or intersection) search produced. */
interface ClassResult {
  readonly problem: NetProblem;
  readonly weights: NetWeights;
  readonly objective: number;
  readonly trainErrors: number;
  readonly lowerBound: number;
  readonly optimal: boolean;
  readonly definingRows: number[][];
  readonly evaluated: bigint;
  readonly pruned: bigint;
  /** Configurations whose orientations were all decided (exact search only). */
  readonly covered?: bigint;
  readonly degeneratePlanes: number;
  readonly exactFallbacks: number;
  readonly coresetCandidates?: { objective: number; coresetSize: number }[];
  readonly note: string;
}

async function fitClass(
  data: Dataset,
  options: NetOptions,
  kind: NetKind,
  deadline: number | undefined,
): Promise<ClassResult> {
  const problem = netProblem(data, options, kind);
  const prep = prepare(problem);
  if (options.coreset !== undefined) {
    const workers = options.workers ?? 1;
    const path = netWorkerPath();
    if (workers > 1 && !existsSync(path))
      throw new Error(
        `the net worker ${path} is missing: build the package first (npx tsc -b packages/exact)`,
      );
    const c = await coresetSearch(problem, options.coreset, deadline, workers, path);
    // The heuristic proves nothing about the full space: no configuration counts as covered.
    return { ...c, problem, covered: 0n };
  }
  // Computed once: when the deadline cuts it short it is not cached, and a second call after the
  // deadline would lose the networks it found.
  const low = lowerBest(problem, deadline);
  const results = await searchAll(problem, options.workers ?? 1, deadline, low, options.onProgress);
  const f = finishNet(problem, results, low);
  let degeneratePlanes = 0;
  let exactFallbacks = 0;
  let inexact = 0;
  let covered = 0n;
  for (const r of results) {
    covered += BigInt(r.covered ?? (r.complete ? BigInt(r.end) - BigInt(r.start) : 0n));
    const x = r as RangeResult & { degenerate?: number; fallbacks?: number; inexact?: number };
    degeneratePlanes += x.degenerate ?? 0;
    exactFallbacks += x.fallbacks ?? 0;
    inexact += x.inexact ?? 0;
  }
  const realised = Math.abs(f.objective - f.searched) <= 1e-9 * Math.max(1, f.searched);
  const optimal = f.complete && realised && inexact === 0;
  const notes: string[] = [];
  if (!realised) notes.push(`weights realise ${f.objective}, search found ${f.searched}`);
  if (f.refitByLp) notes.push('weights refit by LP');
  if (inexact > 0) notes.push(`${inexact} planes holding more than 30 points left out of the K ≥ 2 search`);
  return {
    problem,
    weights: f.weights,
    objective: f.objective,
    trainErrors: f.trainErrors,
    lowerBound: optimal ? f.objective : Math.min(prep.duplicateBound, f.objective),
    optimal,
    definingRows: f.definingRows,
    evaluated: BigInt(f.evaluated),
    pruned: BigInt(f.pruned),
    covered,
    degeneratePlanes,
    exactFallbacks,
    note: notes.join('; '),
  };
}

/**
 * Fits the network with the fewest training misclassifications (or least loss) among all two-layer
 * rank-K maxout networks of the chosen class (exact search; or the coreset heuristic).
 * @throws RangeError naming the option for impossible options
 * @example const r = await fitNet(data, { hidden: 2, pool: 132 }); // r.trainErrors, r.weights
 */
export async function fitNet(data: Dataset, options: NetOptions): Promise<NetResult> {
  const pi = validateNetOptions(data, options);
  const pos = data.classes[pi] as string;
  const labels = {
    positive: pos,
    negative: data.classes.length > 1 ? (data.classes[1 - pi] as string) : `not ${pos}`,
  };
  return { ...(await fitNetAny(data, options)), labels };
}

/**
 * Data that do not affinely span R^D have no D independent points to define hyperplanes: the search
 * runs in the coordinates of a column basis of their affine hull (a bijection on the rows), and the
 * weights are lifted back with zeros on the other columns. Null when the data span R^D. Used by
 * `fitNet` and by the queue coordinator (./queue.ts), so both search the same problem.
 */
export function spanningView(
  data: Dataset,
): { readonly data: Dataset; readonly columns: readonly number[]; lift(w: NetWeights): NetWeights } | null {
  const cols = affineBasisColumns(exactIntegers(data.x, data.n, data.d), data.n, data.d);
  if (cols.length === data.d) return null;
  const x = new Float64Array(data.n * cols.length);
  for (let i = 0; i < data.n; i++)
    cols.forEach((c, j) => (x[i * cols.length + j] = data.x[i * data.d + c] as number));
  return {
    data: { ...data, d: cols.length, x, featureNames: cols.map((c) => data.featureNames[c] as string) },
    columns: cols,
    lift: (w) => ({
      kind: w.kind,
      w: w.w.map((row) => {
        const full = new Array<number>(data.d).fill(0);
        cols.forEach((c, j) => (full[c] = row[j] ?? 0));
        return full;
      }),
      b: [...w.b],
    }),
  };
}

async function fitNetAny(data: Dataset, options: NetOptions): Promise<NetResult> {
  const t0 = performance.now();
  const view = spanningView(data);
  if (view !== null) {
    if (view.columns.length === 0) return constantOnly(data, options, t0);
    const r = await fitNetSpanning(view.data, options, t0);
    return {
      ...r,
      weights: view.lift(r.weights),
      solver: `${r.solver}; data span ${view.columns.length} of ${data.d} dimensions`,
    };
  }
  return fitNetSpanning(data, options, t0);
}

/** All rows at one point: only the constant classifiers exist. */
export function constantOnly(data: Dataset, options: NetOptions, t0: number): NetResult {
  const kind: NetKind = options.kind === 'intersection' ? 'intersection' : 'union';
  const { pool: _pool, ...rest } = options;
  const problem = netProblem(data, rest, kind);
  let allNeg = 0;
  let allPos = 0;
  for (let i = 0; i < data.n; i++) {
    allNeg += Number(problem.costNeg[i]);
    allPos += Number(problem.costPos[i]);
  }
  const union: 1 | -1 = allNeg <= allPos ? -1 : 1;
  const pad = kind === 'intersection' ? 1 : -1;
  const weights: NetWeights = {
    kind,
    w: Array.from({ length: options.hidden }, () => new Array<number>(data.d).fill(0)),
    b: Array.from({ length: options.hidden }, (_v, k) => (k === 0 ? union : pad)),
  };
  const pred = predictNet(weights, data.x, data.n, data.d);
  const objective = objectiveOf(problem, pred);
  return {
    weights,
    trainErrors: errorsOf(problem, pred),
    objective,
    lowerBound: objective,
    optimal: true,
    seconds: (performance.now() - t0) / 1000,
    hidden: options.hidden,
    definingRows: [],
    searchSpace: { hyperplanes: '0', configurations: '0', evaluated: '0', pruned: '0', covered: '0' },
    generalPosition: { duplicates: data.n - 1, degeneratePlanes: 0, exactFallbacks: 0 },
    solver: 'constant (all rows at one point)',
  };
}

async function fitNetSpanning(data: Dataset, options: NetOptions, t0: number): Promise<NetResult> {
  const deadline = options.timeLimit === undefined ? undefined : Date.now() + options.timeLimit * 1000;
  const kinds: NetKind[] =
    (options.kind ?? 'union') === 'both' ? ['union', 'intersection'] : [(options.kind ?? 'union') as NetKind];
  let best: ClassResult | undefined;
  let lower = Number.POSITIVE_INFINITY;
  for (const kind of kinds) {
    const r = await fitClass(data, options, kind, deadline);
    lower = Math.min(lower, r.lowerBound);
    if (best === undefined || r.objective < best.objective) best = r;
  }
  const b = best as ClassResult;
  const H = nestedCombinations(b.problem.pool, b.problem.d, 1).countBig();
  const optimal = kinds.length === 1 ? b.optimal : b.optimal && lower >= b.objective;
  const c = options.coreset;
  const solver =
    (c === undefined
      ? `deep-ice exact (${kinds.join('+')}, K=${options.hidden}, pool ${b.problem.pool})`
      : `deep-ice coreset (${kinds.join('+')}, K=${options.hidden}, size ${c.size}, block ${c.blockSize ?? 20}, seed ${c.seed ?? 1})`) +
    (b.note === '' ? '' : `; ${b.note}`);
  return {
    weights: b.weights,
    trainErrors: b.trainErrors,
    objective: b.objective,
    lowerBound: optimal ? b.objective : Math.min(lower, b.objective),
    optimal,
    seconds: (performance.now() - t0) / 1000,
    hidden: options.hidden,
    definingRows: b.definingRows,
    searchSpace: {
      hyperplanes: String(H),
      configurations: String(configurationCount(b.problem)),
      evaluated: String(b.evaluated),
      pruned: String(b.pruned),
      ...(b.covered === undefined ? {} : { covered: String(b.covered) }),
    },
    generalPosition: {
      duplicates: prepare(b.problem).duplicates,
      degeneratePlanes: b.degeneratePlanes,
      exactFallbacks: b.exactFallbacks,
    },
    ...(b.coresetCandidates === undefined ? {} : { coresetCandidates: b.coresetCandidates }),
    solver,
  };
}
