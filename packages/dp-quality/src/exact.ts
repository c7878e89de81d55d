/**
 * @module exact
 * Exact (non-private) inconsistency measures for the data owner, with the definitions of Livshits et
 * al., "Properties of Inconsistency Measures for Databases", SIGMOD'21 (as used by arXiv:2502.11009):
 * - I_d: 1 when the table violates the constraints, else 0;
 * - I_MI: the number of minimal inconsistent subsets = edges + self-loops of the conflict graph;
 * - I_P: the number of problematic tuples (in some minimal inconsistent subset);
 * - I_R: the minimum number of tuples to delete = self-loop tuples + a minimum vertex cover of the
 *   remaining edges. Its LP relaxation I_R^lin is solved by HiGHS (WebAssembly), the exact value by
 *   HiGHS's MIP when the graph is small enough, and a greedy maximal matching M gives
 *   |M| ≤ I_R ≤ 2|M| (each matched edge needs its own cover vertex; both ends of M cover every edge).
 */

import type { Highs } from 'highs';
import * as highsModule from 'highs';
import { degreesOf } from './graph.js';
import type { ConflictGraph } from './graph-types.js';

let highsPromise: Promise<Highs> | undefined;
/** The HiGHS runtime, loaded once. */
function highs(): Promise<Highs> {
  // `highs` ships CommonJS typings over an ESM build whose default export is the loader.
  const load = (highsModule as unknown as { default: () => Promise<Highs> }).default;
  highsPromise ??= load();
  return highsPromise;
}

/** Options of {@link exactMeasures}. */
export interface ExactOptions {
  /** Solve the LP relaxation only up to this many edges (default 2,000,000). */
  readonly lpMaxEdges?: number;
  /** Solve the exact ILP only up to this many edges (default 100,000). */
  readonly ilpMaxEdges?: number;
  /** Time limit of the ILP in seconds (default 30). */
  readonly ilpTimeLimit?: number;
}

/** Why I_R was or was not solved exactly. */
export type RepairStatus = 'optimal' | 'time-limit' | 'too-large' | 'failed';

/** The exact measures of one table under one set of constraints. */
export interface ExactMeasures {
  /** Number of tuples. */
  readonly tuples: number;
  /** Edges of the conflict graph (= I_MI when no tuple conflicts with itself). */
  readonly edges: number;
  /** Tuples that violate a constraint on their own. */
  readonly selfLoops: number;
  /** I_d: 1 when inconsistent, else 0. */
  readonly drastic: 0 | 1;
  /** I_MI: minimal inconsistent subsets (edges + self-loops). */
  readonly minimalInconsistent: number;
  /** I_P: problematic tuples. */
  readonly problematic: number;
  /** Largest degree. */
  readonly maxDegree: number;
  /** Size of the greedy maximal matching (edges only). */
  readonly matching: number;
  /** I_R^lin: the LP relaxation of I_R (self-loops included), or null when the graph was too large. */
  readonly repairLp: number | null;
  /** Lower bound on I_R: self-loops + |M|. */
  readonly repairLower: number;
  /** Upper bound on I_R: self-loops + 2|M|. */
  readonly repairUpper: number;
  /** I_R, present when solved exactly. */
  readonly repair?: number;
  /** How the exact I_R went. */
  readonly repairStatus: RepairStatus;
}

/**
 * Greedy maximal matching scanning vertices in order 0..n−1 and each one's sorted neighbours.
 * @returns mate[v] (−1 when unmatched) and the matching size
 */
export function greedyMatching(g: ConflictGraph): { mate: Int32Array; size: number } {
  const mate = new Int32Array(g.n).fill(-1);
  let size = 0;
  for (let v = 0; v < g.n; v++) {
    if (mate[v] !== -1) continue;
    const e = g.offsets[v + 1] as number;
    for (let k = g.offsets[v] as number; k < e; k++) {
      const u = g.neighbors[k] as number;
      if (mate[u] === -1) {
        mate[u] = v;
        mate[v] = u;
        size++;
        break;
      }
    }
  }
  return { mate, size };
}

/** Vertex-cover model over the non-isolated vertices: min Σx s.t. x_u + x_v ≥ 1 per edge, 0 ≤ x ≤ 1. */
function coverModel(g: ConflictGraph, h: Highs, integer: boolean) {
  const col = new Int32Array(g.n).fill(-1);
  let cols = 0;
  for (let v = 0; v < g.n; v++) if ((g.offsets[v + 1] as number) > (g.offsets[v] as number)) col[v] = cols++;
  const rows = g.edges;
  const starts = new Int32Array(rows + 1);
  const indices = new Int32Array(2 * rows);
  let r = 0;
  for (let v = 0; v < g.n; v++) {
    const e = g.offsets[v + 1] as number;
    for (let k = g.offsets[v] as number; k < e; k++) {
      const u = g.neighbors[k] as number;
      if (u <= v) continue;
      indices[2 * r] = col[v] as number;
      indices[2 * r + 1] = col[u] as number;
      r++;
      starts[r] = 2 * r;
    }
  }
  const model = {
    numCols: cols,
    numRows: rows,
    colCost: new Float64Array(cols).fill(1),
    colLower: new Float64Array(cols),
    colUpper: new Float64Array(cols).fill(1),
    rowLower: new Float64Array(rows).fill(1),
    rowUpper: new Float64Array(rows).fill(h.infinity),
    matrix: {
      format: 'csr' as const,
      numRows: rows,
      numCols: cols,
      starts,
      indices,
      values: new Float64Array(2 * rows).fill(1),
    },
  };
  return integer ? { ...model, integrality: new Int32Array(cols).fill(1) } : model;
}

/** Solves the cover LP (or ILP); returns the objective, or undefined when not solved to optimality. */
async function solveCover(
  g: ConflictGraph,
  integer: boolean,
  timeLimit: number,
): Promise<{ value: number | undefined; status: RepairStatus }> {
  if (g.edges === 0) return { value: 0, status: 'optimal' };
  const h = await highs();
  const model = h.createModel(coverModel(g, h, integer));
  try {
    model.options.set({ output_flag: false, time_limit: timeLimit, mip_rel_gap: 0 });
    model.run();
    const status = model.getModelStatus();
    if (status === h.constants.modelStatus.optimal)
      return { value: model.getObjectiveValue(), status: 'optimal' };
    if (status === h.constants.modelStatus.timeLimit) return { value: undefined, status: 'time-limit' };
    return { value: undefined, status: 'failed' };
  } finally {
    model.dispose();
  }
}

/**
 * All exact measures of a conflict graph.
 * @example const m = await exactMeasures(await buildConflictGraph(engine, dcs)); m.problematic
 */
export async function exactMeasures(g: ConflictGraph, options: ExactOptions = {}): Promise<ExactMeasures> {
  const lpMax = options.lpMaxEdges ?? 2_000_000;
  const ilpMax = options.ilpMaxEdges ?? 100_000;
  const timeLimit = options.ilpTimeLimit ?? 30;
  const d = degreesOf(g);
  const { size } = greedyMatching(g);
  let repairLp: number | null = null;
  if (g.edges <= lpMax) {
    const lp = await solveCover(g, false, Math.max(timeLimit, 60));
    // The vertex-cover LP has a half-integral optimum; round away solver round-off.
    if (lp.value !== undefined) repairLp = Math.round(lp.value * 2) / 2 + d.selfLoops;
  }
  let repair: number | undefined;
  let repairStatus: RepairStatus = 'too-large';
  if (g.edges <= ilpMax) {
    const ilp = await solveCover(g, true, timeLimit);
    repairStatus = ilp.status;
    if (ilp.value !== undefined) repair = Math.round(ilp.value) + d.selfLoops;
  }
  const base = {
    tuples: g.n,
    edges: g.edges,
    selfLoops: d.selfLoops,
    drastic: (d.minimalInconsistent > 0 ? 1 : 0) as 0 | 1,
    minimalInconsistent: d.minimalInconsistent,
    problematic: d.problematic,
    maxDegree: d.maxDegree,
    matching: size,
    repairLp,
    repairLower: d.selfLoops + size,
    repairUpper: d.selfLoops + 2 * size,
    repairStatus,
  };
  return repair === undefined ? base : { ...base, repair };
}
