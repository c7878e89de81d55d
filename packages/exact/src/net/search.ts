/**
 * @module net/search
 * The exact search of Deep-ICE (arXiv:2505.05740; research note exact-learning.md §2.3–2.4) over a rank
 * range of configurations: a configuration is a K-combination of hyperplanes, each through D pool rows
 * (a nested combination of @floret/combinatorics, ranked in colex order, i.e. the paper's stage order:
 * hyperplanes through the first x rows come first), tried with all 2^K orientations.
 *
 * Loss with bitsets (§2.3 step 4): with the points that prefer "negative" in the first words and those
 * that prefer "positive" after them, the union class misroutes |negPref ∩ (Pos_1 ∪ … ∪ Pos_K)| +
 * |posPref ∩ Neg_1 ∩ … ∩ Neg_K| points (popcount; weighted sums when the excess costs differ). A point
 * on a plane is free — exact when the plane holds exactly D affinely independent points; planes
 * holding more points (found exactly) are re-scored by an exact per-configuration check over their
 * realisable routings. Bounds: the false positives of one oriented plane (and of the union of the
 * outer planes) bound every configuration containing it; a branch is pruned when its bound exceeds the
 * incumbent (not when it equals it, so the lowest-ranked optimum is always found and the result is a
 * pure function of the range, whatever the split into ranges). Early exit at the base loss (0 errors).
 *
 * Generation goes through {@link nestedCombinations}: the range ends are unranked with it, and the
 * loops advance its colex successor on the inner ranks (hyperplane indices), so nothing is stored but
 * the hyperplanes' sign vectors (the paper's O(N^D) memory).
 */
import { nestedCombinations } from '@floret/combinatorics';
import { popcount32 } from '../proper/bitset.js';
import type { ExactPlane } from '../proper/exact.js';
import { DichotomyTimeUp } from './dichotomy.js';
import {
  bestRouting,
  filterFactor,
  type Prepared,
  planeOf,
  planeRows,
  planeSigns,
  prepare,
  routingsOf,
} from './problem.js';
import type { NetProblem, RangeResult } from './types.js';

/** All hyperplanes of a problem's pool with their sign vectors (built once per prepared problem). */
export interface PlaneTable {
  readonly H: number;
  readonly W: number;
  /** pos/neg bitsets, plane h at words [h·W, (h+1)·W). */
  readonly pos: Uint32Array;
  readonly neg: Uint32Array;
  /** 0 = no plane (dependent rows), 1 = general (free on-plane points), 2 = degenerate. */
  readonly state: Uint8Array;
  /** Lower bounds of the two orientations (bit 0: a = +1, bit 1: a = −1). */
  readonly lbPos: Float64Array;
  readonly lbNeg: Float64Array;
  /** On-plane rows of every plane (for exact checks and realisation). */
  readonly on: (Int32Array | undefined)[];
  /** Counts for the general-position report. */
  readonly degenerate: number;
  readonly dependent: number;
  /** Degenerate planes whose routings could not be enumerated exactly (D ≥ 3). */
  readonly inexact: number;
}

const tables = new WeakMap<Prepared, PlaneTable>();

/** Weighted size of a ∧ mask over words [from, to). */
function sumAnd(prep: Prepared, a: Uint32Array, ao: number, from: number, to: number): number {
  let s = 0;
  if (prep.unit > 0) {
    for (let w = from; w < to; w++) s += popcount32(a[ao + w] as number);
    return s * prep.unit;
  }
  for (let w = from; w < to; w++) {
    let v = a[ao + w] as number;
    while (v !== 0) {
      const t = v & -v;
      s += prep.excess[(w << 5) + 31 - Math.clz32(t)] as number;
      v ^= t;
    }
  }
  return s;
}

/** A plane table under construction: planes [0, built) are done (resumed by the next call). */
interface TableBuild {
  readonly table: PlaneTable & { degenerate: number; dependent: number; inexact: number };
  built: number;
}

const building = new WeakMap<Prepared, TableBuild>();

/**
 * The plane table of a prepared problem (computed on first use). With a deadline (ms since the epoch)
 * the construction stops when it passes and returns null; the planes built so far are kept, and the
 * next call resumes from there.
 */
export function planeTable(prep: Prepared): PlaneTable;
export function planeTable(prep: Prepared, deadline: number): PlaneTable | null;
export function planeTable(prep: Prepared, deadline = Number.POSITIVE_INFINITY): PlaneTable | null {
  const hit = tables.get(prep);
  if (hit !== undefined) return hit;
  const { H, W, wn } = prep;
  let b = building.get(prep);
  if (b === undefined) {
    b = {
      table: {
        H,
        W,
        pos: new Uint32Array(H * W),
        neg: new Uint32Array(H * W),
        state: new Uint8Array(H),
        lbPos: new Float64Array(H),
        lbNeg: new Float64Array(H),
        on: new Array(H),
        degenerate: 0,
        dependent: 0,
        inexact: 0,
      },
      built: 0,
    };
    building.set(prep, b);
  }
  const t = b.table;
  const { pos, neg, state, lbPos, lbNeg, on } = t;
  const rows = new Int32Array(prep.d);
  for (let h = b.built; h < H; h++) {
    if ((h === b.built || (h & 1023) === 0) && Date.now() > deadline) {
      b.built = h;
      return null;
    }
    planeRows(prep, h, rows);
    const p = pos.subarray(h * W, (h + 1) * W);
    const q = neg.subarray(h * W, (h + 1) * W);
    const r = planeSigns(prep, rows, p, q);
    if (r === null) {
      t.dependent++;
      continue;
    }
    on[h] = r.on;
    if (r.on.length > 30) {
      // Too many points for the routing masks of the K ≥ 2 check: left out, so not proven optimal.
      t.degenerate++;
      t.inexact++;
      continue;
    }
    if (r.on.length > prep.d) {
      state[h] = 2;
      t.degenerate++;
    } else state[h] = 1;
    lbPos[h] = prep.base + sumAnd(prep, pos, h * W, 0, wn);
    lbNeg[h] = prep.base + sumAnd(prep, neg, h * W, 0, wn);
  }
  b.built = H;
  building.delete(prep);
  tables.set(prep, t);
  return t;
}

/** A configuration's planes: their exact sign data for the exact per-configuration check. */
export interface ConfigPlane {
  readonly pos: Uint32Array;
  readonly neg: Uint32Array;
  /** On-plane rows. */
  readonly on: Int32Array;
  /** null = free (general position); else the realisable routing masks over `on`. */
  readonly routings: readonly number[] | null;
  /** false = unit oriented +1, true = −1. */
  readonly flip: boolean;
}

/**
 * Exact objective of a union configuration: the minimum over the degenerate planes' realisable
 * routings (product), points on general planes free. Returns the objective and the chosen routing
 * index per plane (−1 for free planes).
 */
export function exactConfig(
  prep: Prepared,
  planes: readonly ConfigPlane[],
  deadline = Number.POSITIVE_INFINITY,
): { objective: number; choice: number[]; aborted?: boolean } {
  const { W, wn, slot } = prep;
  const A0 = new Uint32Array(W); // strictly positive for some unit
  const F = new Uint32Array(W); // free (on a general plane)
  for (const p of planes) {
    const P = p.flip ? p.neg : p.pos;
    for (let w = 0; w < W; w++) {
      A0[w] = ((A0[w] as number) | (P[w] as number)) >>> 0;
    }
    if (p.routings === null)
      for (const i of p.on) {
        const b = slot[i] as number;
        if (b >= 0) F[b >>> 5] = ((F[b >>> 5] as number) | (1 << (b & 31))) >>> 0;
      }
  }
  const deg = planes.map((p, k) => (p.routings === null ? -1 : k)).filter((k) => k >= 0);
  const choice = planes.map(() => -1);
  const cur = planes.map(() => -1);
  const A = new Uint32Array(W);
  const tmp = new Uint32Array(W);
  let best = Number.POSITIVE_INFINITY;
  const score = (): number => {
    A.set(A0);
    for (const k of deg) {
      const p = planes[k] as ConfigPlane;
      const mask = (p.routings as readonly number[])[cur[k] as number] as number;
      for (let j = 0; j < p.on.length; j++) {
        if ((mask >>> j) & 1) {
          const b = slot[p.on[j] as number] as number;
          if (b >= 0) A[b >>> 5] = ((A[b >>> 5] as number) | (1 << (b & 31))) >>> 0;
        }
      }
    }
    // Mispredicted: negative-preferring in A; positive-preferring outside A and not free.
    for (let w = 0; w < W; w++)
      tmp[w] = w < wn ? (A[w] as number) : (~((A[w] as number) | (F[w] as number)) & mask32(prep, w)) >>> 0;
    return prep.base + sumAnd(prep, tmp, 0, 0, W);
  };
  let ticks = 0;
  let aborted = false;
  const rec = (t: number): void => {
    if (aborted) return;
    if (t === deg.length) {
      if (++ticks >= 4096) {
        ticks = 0;
        if (Date.now() > deadline) {
          aborted = true;
          return;
        }
      }
      const s = score();
      if (s < best) {
        best = s;
        for (let k = 0; k < cur.length; k++) choice[k] = cur[k] as number;
      }
      return;
    }
    const k = deg[t] as number;
    const n = (planes[k] as ConfigPlane).routings?.length ?? 0;
    for (let r = 0; r < n; r++) {
      cur[k] = r;
      rec(t + 1);
    }
  };
  rec(0);
  return aborted ? { objective: best, choice, aborted } : { objective: best, choice };
}

function mask32(prep: Prepared, w: number): number {
  return prep.posMask[w] as number;
}

/** The search of one range, with a mutable incumbent (objective, rank, orientation). */
interface State {
  best: number;
  rank: number;
  orientation: number;
  evaluated: number;
  pruned: number;
  complete: boolean;
  deadline: number;
  ticks: number;
  /** When cut short: the first configuration rank not fully decided (everything before it was). */
  stopAt: number;
}

function better(s: State, obj: number, rank: number, o: number): boolean {
  return (
    obj < s.best ||
    (obj === s.best && s.rank >= 0 && (rank < s.rank || (rank === s.rank && o < s.orientation)))
  );
}

function timeUp(s: State): boolean {
  if (++s.ticks < 4096) return false;
  s.ticks = 0;
  if (Date.now() > s.deadline) {
    s.complete = false;
    return true;
  }
  return false;
}

/**
 * Searches the configurations of colex rank in [start, end) (all 2^K orientations of each), keeping
 * the best whose objective is at most `upperBound` (ties → lowest rank, then lowest orientation).
 * Pure: the answer depends only on the arguments (unless the deadline, ms since the epoch, is hit).
 * @returns the range's best (objective null when nothing at most `upperBound` was found)
 * @example searchRange(netProblem(data, { hidden: 1 }), 0n, 10n, Infinity)
 */
export function searchRange(
  problem: NetProblem,
  start: bigint,
  end: bigint,
  upperBound: number,
  deadline?: number,
): RangeResult {
  const prep = prepare(problem);
  const total = configurationCount(problem);
  if (start < 0n || end > total || start > end)
    throw new RangeError(`range [${start}, ${end}) is outside [0, ${total})`);
  const s: State = {
    best: upperBound,
    rank: -1,
    orientation: 0,
    evaluated: 0,
    pruned: 0,
    complete: true,
    deadline: deadline ?? Number.POSITIVE_INFINITY,
    ticks: 4095, // the first step looks at the clock: a range started after the deadline stops at once
    stopAt: -1,
  };
  const fb0 = prep.geom.exactFallbacks;
  let degenerate = 0;
  let inexact = 0;
  if (start < end) {
    if (prep.K === 1) {
      const c = searchK1(prep, Number(start), Number(end), s);
      degenerate = c.degenerate;
      inexact = c.inexact;
    } else {
      const tab = planeTable(prep, s.deadline);
      if (tab === null) {
        // The deadline passed while the plane table was built: nothing of the range was searched.
        s.complete = false;
        s.stopAt = Number(start);
      } else {
        if (start === 0n) {
          degenerate = tab.degenerate;
          inexact = tab.inexact;
        }
        searchK(prep, start, end, s);
      }
    }
  }
  // Configurations whose every orientation was decided (scored, pruned by a bound, or made needless by
  // the early exit at the floor): the whole range unless the deadline cut it short.
  const covered = s.complete
    ? end - start
    : BigInt(Math.max(0, Math.min(s.stopAt, Number(end)) - Number(start)));
  return {
    start: String(start),
    end: String(end),
    covered: String(covered < 0n ? 0n : covered),
    objective: s.rank < 0 ? null : s.best,
    rank: s.rank < 0 ? null : String(s.rank),
    orientation: s.rank < 0 ? 0 : s.orientation,
    evaluated: s.evaluated,
    pruned: s.pruned,
    complete: s.complete,
    degenerate,
    fallbacks: prep.geom.exactFallbacks - fb0,
    inexact,
  };
}

/** Number of configurations C(C(pool, D), K). */
export function configurationCount(problem: NetProblem): bigint {
  const H = nestedCombinations(problem.pool, problem.d, 1).countBig();
  if (H < BigInt(problem.hidden)) return 0n;
  return nestedCombinations(problem.pool, problem.d, problem.hidden).countBig();
}

/** Point coordinates grouped by preference (negative-preferring first), for the D = 2 line kernel. */
interface LineLayout {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly ex: Float64Array;
  /** Original row of each position. */
  readonly row: Int32Array;
  /** Position of each row (−1: costs the same either way, not scored). */
  readonly at: Int32Array;
  readonly nNeg: number;
  readonly m: number;
  /** All D coordinates (row-major by position) and their absolute values, for the general kernel. */
  readonly pts: Float64Array;
  readonly apts: Float64Array;
}

const layouts = new WeakMap<Prepared, LineLayout>();

function lineLayout(prep: Prepared): LineLayout {
  const hit = layouts.get(prep);
  if (hit !== undefined) return hit;
  const order: number[] = [];
  for (let i = 0; i < prep.n; i++) if ((prep.cp[i] as number) > (prep.cn[i] as number)) order.push(i);
  const nNeg = order.length;
  for (let i = 0; i < prep.n; i++) if ((prep.cp[i] as number) < (prep.cn[i] as number)) order.push(i);
  const m = order.length;
  // A fixed pseudo-random order within each segment, so the early exit sees misrouted points early
  // whatever the file order (results do not depend on it).
  let seed = 0x9e3779b9;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  for (const [a, b] of [
    [0, nNeg],
    [nNeg, m],
  ] as const) {
    for (let k = b - 1; k > a; k--) {
      const r = a + Math.floor(next() * (k - a + 1));
      const t = order[k] as number;
      order[k] = order[r] as number;
      order[r] = t;
    }
  }
  const x = prep.geom.pts;
  const at = new Int32Array(prep.n).fill(-1);
  const L: LineLayout = {
    xs: Float64Array.from(order, (i) => x[2 * i] as number),
    ys: Float64Array.from(order, (i) => x[2 * i + 1] as number),
    ax: Float64Array.from(order, (i) => Math.abs(x[2 * i] as number)),
    ay: Float64Array.from(order, (i) => Math.abs(x[2 * i + 1] as number)),
    ex: Float64Array.from(order, (i) => Math.abs((prep.cp[i] as number) - (prep.cn[i] as number))),
    row: Int32Array.from(order),
    at,
    nNeg,
    m,
    pts: new Float64Array(m * prep.d),
    apts: new Float64Array(m * prep.d),
  };
  order.forEach((r, k) => {
    for (let j = 0; j < prep.d; j++) {
      L.pts[k * prep.d + j] = x[r * prep.d + j] as number;
      L.apts[k * prep.d + j] = Math.abs(x[r * prep.d + j] as number);
    }
  });
  order.forEach((r, k) => {
    at[r] = k;
  });
  layouts.set(prep, L);
  return L;
}

/**
 * D = 2, K = 1: the line through rows (i, j), H(x) = (y_i − y_j)·x + (x_j − x_i)·y + (x_i·y_j − x_j·y_i)
 * (the cofactor expansion src/proper/exact.ts uses, same sign), scored with the same rigorous float
 * filter; undecided points go to the exact BigInt test. Writes the misrouted excess of the two
 * orientations and returns 1; returns 0 when both certainly exceed `limit` (pruned), 2 when a point
 * other than the two defining ones lies on the line (degenerate).
 */
function lineScore(
  prep: Prepared,
  L: LineLayout,
  i: number,
  j: number,
  factor: number,
  limit: number,
  out: Float64Array,
): 0 | 1 | 2 {
  const x = prep.geom.pts;
  const xi = x[2 * i] as number;
  const yi = x[2 * i + 1] as number;
  const xj = x[2 * j] as number;
  const yj = x[2 * j + 1] as number;
  const w0 = yi - yj;
  const w1 = xj - xi;
  const b = xi * yj - xj * yi;
  const a0 = factor * (Math.abs(yi) + Math.abs(yj));
  const a1 = factor * (Math.abs(xi) + Math.abs(xj));
  const ab = factor * (Math.abs(xi * yj) + Math.abs(xj * yi));
  const { xs, ys, ax, ay, ex, nNeg, m } = L;
  const pi = L.at[i] as number;
  const pj = L.at[j] as number;
  let negPlus = 0;
  let negMinus = 0;
  let posPlus = 0;
  let posMinus = 0;
  let uncertain = 0;
  // Chunks of 64 points; stop as soon as both orientations are certainly worse than `limit`.
  for (let c0 = 0; c0 < nNeg; c0 += 64) {
    const c1 = Math.min(nNeg, c0 + 64);
    for (let k = c0; k < c1; k++) {
      const h = w0 * (xs[k] as number) + w1 * (ys[k] as number) + b;
      const bound = a0 * (ax[k] as number) + a1 * (ay[k] as number) + ab;
      const e = ex[k] as number;
      if (h > bound) negPlus += e;
      else if (h < -bound) negMinus += e;
      else uncertain++;
    }
    if (negPlus > limit && negMinus > limit) return 0;
  }
  for (let c0 = nNeg; c0 < m; c0 += 64) {
    const c1 = Math.min(m, c0 + 64);
    for (let k = c0; k < c1; k++) {
      const h = w0 * (xs[k] as number) + w1 * (ys[k] as number) + b;
      const bound = a0 * (ax[k] as number) + a1 * (ay[k] as number) + ab;
      const e = ex[k] as number;
      if (h > bound) posPlus += e;
      else if (h < -bound) posMinus += e;
      else uncertain++;
    }
    if (negPlus + posMinus > limit && negMinus + posPlus > limit) return 0;
  }
  if (uncertain > (pi >= 0 ? 1 : 0) + (pj >= 0 ? 1 : 0)) {
    // Decide the undecided points (other than the defining ones) exactly.
    const rows = Int32Array.of(i, j);
    for (let k = 0; k < m; k++) {
      if (k === pi || k === pj) continue;
      const h = w0 * (xs[k] as number) + w1 * (ys[k] as number) + b;
      const bound = a0 * (ax[k] as number) + a1 * (ay[k] as number) + ab;
      if (h > bound || h < -bound) continue;
      const sg = prep.exactFloat
        ? h > 0
          ? 1
          : h < 0
            ? -1
            : 0
        : prep.geom.exactOrient(rows, L.row[k] as number);
      if (sg === 0) return 2;
      const e = ex[k] as number;
      if (k < nNeg) {
        if (sg > 0) negPlus += e;
        else negMinus += e;
      } else if (sg > 0) posPlus += e;
      else posMinus += e;
    }
  }
  // Rows that cost the same either way may still lie on the line: they do not change the score but
  // make the plane degenerate only if they must be routed — they never must, so they are ignored.
  out[0] = negPlus + posMinus;
  out[1] = negMinus + posPlus;
  return 1;
}

/**
 * True when, counting only the points whose side the float filter decides, both orientations of the
 * plane already misroute more than `limit` (chunks of 64 points, the same early exit as the line kernel).
 */
function planeCertainlyWorse(
  L: LineLayout,
  d: number,
  plane: ExactPlane,
  factor: number,
  limit: number,
): boolean {
  const { pts, apts, ex, nNeg, m } = L;
  const w = plane.w;
  const wa = plane.wAbs;
  let negPlus = 0;
  let negMinus = 0;
  let posPlus = 0;
  let posMinus = 0;
  for (let c0 = 0; c0 < m; c0 += 64) {
    const c1 = Math.min(m, c0 + 64);
    for (let k = c0; k < c1; k++) {
      let hv = plane.bias;
      let bound = plane.biasAbs;
      for (let j = 0; j < d; j++) {
        hv += (w[j] as number) * (pts[k * d + j] as number);
        bound += (wa[j] as number) * (apts[k * d + j] as number);
      }
      bound *= factor;
      const e = ex[k] as number;
      if (hv > bound) {
        if (k < nNeg) negPlus += e;
        else posPlus += e;
      } else if (hv < -bound) {
        if (k < nNeg) negMinus += e;
        else posMinus += e;
      }
    }
    if (negPlus + posMinus > limit && negMinus + posPlus > limit) return true;
  }
  return false;
}

/** The colex successor of a sorted D-combination, in place (the next plane's rows, no unranking). */
function colexNext(rows: Int32Array, d: number): void {
  let i = 0;
  while (i < d - 1 && (rows[i] as number) + 1 === rows[i + 1]) i++;
  rows[i] = (rows[i] as number) + 1;
  for (let j = 0; j < i; j++) rows[j] = j;
}

/**
 * Exact-float plane score (data with fastFloat, every row scored, one excess): counts the misrouted
 * points of the two orientations into `out` (in units of the excess) and collects the rows on the
 * plane into `on`; returns their number, or −1 once both orientations certainly exceed `limit`.
 */
function planeScoreExact(
  L: LineLayout,
  d: number,
  plane: ExactPlane,
  limit: number,
  on: Int32Array,
  out: Float64Array,
): number {
  const { pts, nNeg, m, row } = L;
  const w = plane.w;
  const bias = plane.bias;
  let negPlus = 0;
  let negMinus = 0;
  let posPlus = 0;
  let posMinus = 0;
  let cnt = 0;
  for (let c0 = 0; c0 < m; c0 += 64) {
    const c1 = Math.min(m, c0 + 64);
    for (let k = c0; k < c1; k++) {
      let hv = bias;
      const o = k * d;
      for (let j = 0; j < d; j++) hv += (w[j] as number) * (pts[o + j] as number);
      if (hv > 0) {
        if (k < nNeg) negPlus++;
        else posPlus++;
      } else if (hv < 0) {
        if (k < nNeg) negMinus++;
        else posMinus++;
      } else on[cnt++] = row[k] as number;
    }
    if (negPlus + posMinus > limit && negMinus + posPlus > limit) return -1;
  }
  out[0] = negPlus + posMinus;
  out[1] = negMinus + posPlus;
  return cnt;
}

/** K = 1: one pass over the hyperplanes, signs computed on the fly (nothing stored). */
function searchK1(
  prep: Prepared,
  start: number,
  end: number,
  s: State,
): { degenerate: number; inexact: number } {
  const c = { degenerate: 0, inexact: 0 };
  if (prep.d === 2 && prep.geom.pts.every((v) => Math.abs(v) < 1e100))
    return searchLines(prep, start, end, s, c);
  const { W, wn, d } = prep;
  const rows = new Int32Array(d);
  const pos = new Uint32Array(W);
  const neg = new Uint32Array(W);
  const floor = prep.duplicateBound;
  const L = lineLayout(prep);
  const factor = filterFactor(d);
  // Small integer data, every row scored, one excess: signs are exact in float64, so one fused pass
  // scores both orientations, collects the points on the plane and stops once both exceed the incumbent.
  const fused = prep.fastFloat && L.m === prep.n && prep.unit > 0;
  const onBuf = new Int32Array(prep.n);
  const out = new Float64Array(2);
  if (start < end) planeRows(prep, start, rows);
  for (let h = start; h < end; h++) {
    if (timeUp(s)) {
      s.stopAt = h;
      return c;
    }
    if (h > start) colexNext(rows, d);
    const plane = planeOf(prep, rows);
    if (plane === null) {
      s.pruned += 2;
      continue;
    }
    if (fused) {
      const cnt = planeScoreExact(L, d, plane, (s.best - prep.base) / prep.unit, onBuf, out);
      if (cnt < 0) {
        s.pruned += 2;
        continue;
      }
      const degenerate = cnt > d;
      let on: Int32Array | undefined;
      if (degenerate) {
        c.degenerate++;
        on = onBuf.slice(0, cnt).sort();
      }
      let routed: number | undefined;
      let routedLimit = 0;
      for (let o = 0; o < 2; o++) {
        let obj = prep.base + (out[o] as number) * prep.unit;
        s.evaluated++;
        if (obj > s.best) continue;
        if (on !== undefined) {
          if (routed === undefined || (routed === Number.POSITIVE_INFINITY && s.best - obj > routedLimit)) {
            routedLimit = s.best - obj;
            const rr = bestRouting(prep, on, s.deadline, routedLimit);
            s.ticks = 4096;
            if (rr === null) {
              s.complete = false;
              s.stopAt = h;
              return c;
            }
            routed = rr.cost;
          }
          obj += routed;
          if (obj > s.best) continue;
        }
        if (better(s, obj, h, o) || s.rank < 0) {
          s.best = obj;
          s.rank = h;
          s.orientation = o;
        }
      }
      if (s.rank >= 0 && s.best <= floor) return c;
      continue;
    }
    // Prefilter on the points the float filter decides: both orientations certainly worse → skip.
    if (planeCertainlyWorse(L, d, plane, factor, s.best - prep.base)) {
      s.pruned += 2;
      continue;
    }
    const r = planeSigns(prep, rows, pos, neg);
    if (r === null) {
      s.pruned += 2;
      continue;
    }
    const degenerate = r.on.length > d;
    let routed: number | undefined;
    let routedLimit = 0;
    if (degenerate) c.degenerate++;
    for (let o = 0; o < 2; o++) {
      const P = o === 0 ? pos : neg;
      const N = o === 0 ? neg : pos;
      let obj = prep.base + sumAnd(prep, P, 0, 0, wn) + sumAnd(prep, N, 0, wn, W);
      s.evaluated++;
      if (obj > s.best) continue;
      if (degenerate) {
        // Only a routing with obj ≤ incumbent matters: the dichotomy search is bounded by that.
        if (routed === undefined || (routed === Number.POSITIVE_INFINITY && s.best - obj > routedLimit)) {
          routedLimit = s.best - obj;
          const rr = bestRouting(prep, r.on, s.deadline, routedLimit);
          s.ticks = 4096; // a routing can be long: look at the clock at the next plane
          if (rr === null) {
            s.complete = false;
            s.stopAt = h;
            return c;
          }
          routed = rr.cost;
        }
        obj += routed;
        if (obj > s.best) continue;
      }
      if (better(s, obj, h, o) || s.rank < 0) {
        s.best = obj;
        s.rank = h;
        s.orientation = o;
      }
    }
    if (s.rank >= 0 && s.best <= floor) return c; // early exit: nothing can be better
  }
  return c;
}

/** D = 2, K = 1 fast path: colex successor over line pairs (i < j), the line kernel, exact fallbacks. */
function searchLines(
  prep: Prepared,
  start: number,
  end: number,
  s: State,
  c: { degenerate: number; inexact: number },
): { degenerate: number; inexact: number } {
  const L = lineLayout(prep);
  const factor = filterFactor(2);
  const out = new Float64Array(2);
  const rows = planeRows(prep, start, new Int32Array(2));
  let i = rows[0] as number;
  let j = rows[1] as number;
  const floor = prep.duplicateBound;
  const pos = new Uint32Array(prep.W);
  const neg = new Uint32Array(prep.W);
  const xs = prep.geom.pts;
  for (let h = start; h < end; h++) {
    if (timeUp(s)) {
      s.stopAt = h;
      return c;
    }
    const dup = xs[2 * i] === xs[2 * j] && xs[2 * i + 1] === xs[2 * j + 1];
    const code = dup ? 0 : lineScore(prep, L, i, j, factor, s.best - prep.base, out);
    if (code === 0) s.pruned += 2;
    else if (code === 1) {
      for (let o = 0; o < 2; o++) {
        const obj = prep.base + (out[o] as number);
        s.evaluated++;
        if (obj > s.best) continue;
        if (s.rank < 0 || better(s, obj, h, o)) {
          s.best = obj;
          s.rank = h;
          s.orientation = o;
        }
      }
    } else {
      // Degenerate line: exact per-configuration check over its routings.
      c.degenerate++;
      const r = planeSigns(prep, Int32Array.of(i, j), pos, neg);
      if (r !== null) {
        let routed: number | undefined;
        let routedLimit = 0;
        for (let o = 0; o < 2; o++) {
          const P = o === 0 ? pos : neg;
          const N = o === 0 ? neg : pos;
          const opt = prep.base + sumAnd(prep, P, 0, 0, prep.wn) + sumAnd(prep, N, 0, prep.wn, prep.W);
          s.evaluated++;
          if (opt > s.best) continue;
          if (routed === undefined || (routed === Number.POSITIVE_INFINITY && s.best - opt > routedLimit)) {
            routedLimit = s.best - opt;
            const rr = bestRouting(prep, r.on, s.deadline, routedLimit);
            s.ticks = 4096; // a routing can be long: look at the clock at the next line
            if (rr === null) {
              s.complete = false;
              s.stopAt = h;
              return c;
            }
            routed = rr.cost;
          }
          const obj = opt + routed;
          if (obj > s.best) continue;
          if (s.rank < 0 || better(s, obj, h, o)) {
            s.best = obj;
            s.rank = h;
            s.orientation = o;
          }
        }
      }
    }
    if (s.rank >= 0 && s.best <= floor) return c;
    // Colex successor of the pair.
    if (++i === j) {
      j++;
      i = 0;
    }
  }
  return c;
}

/**
 * K ≥ 2 over the stored plane table. Loops run over R[K−1] > … > R[0] (colex = lexicographic on the
 * reversed tuple); at each level every surviving prefix (outer planes with their orientations) is
 * extended by both orientations of the next plane, so candidates are met in (rank, orientation) order
 * and the first one met at the floor is the answer (early exit stays deterministic).
 */
function searchK(prep: Prepared, start: bigint, end: bigint, s: State): void {
  const K = prep.K;
  const tab = planeTable(prep);
  const { W, wn } = prep;
  const space = nestedCombinations(prep.pool, prep.d, K);
  const total = space.countBig();
  const lo = space.innerRanks(space.unrankBig(start));
  const hi =
    end === total ? [...new Array<number>(K - 1).fill(0), tab.H] : space.innerRanks(space.unrankBig(end));
  // Prefix states per level: level l holds up to 2^(K−l) states (buffers of W words + orientation bits).
  const bufs: Uint32Array[][] = [];
  const bits: Int32Array[] = [];
  const fps: Float64Array[] = [];
  for (let l = 0; l <= K; l++) {
    const m = 1 << (K - l);
    bufs.push(Array.from({ length: m }, () => new Uint32Array(W)));
    bits.push(new Int32Array(m));
    fps.push(new Float64Array(m));
  }
  const count = new Int32Array(K + 1);
  const top = bufs[K]?.[0] as Uint32Array;
  for (let w = wn; w < W; w++) top[w] = prep.posMask[w] as number;
  count[K] = 1;
  const R = new Int32Array(K);
  const floor = prep.duplicateBound;
  const unit = prep.unit;
  let stop = false;
  const rankOf = (): number => {
    let r = 0;
    for (let i = 0; i < K; i++) r += binomN(R[i] as number, i + 1);
    return r;
  };
  const routingCache = new Map<number, number[]>();
  const exact = (oBits: number): number => {
    const planes: ConfigPlane[] = [];
    for (let i = 0; i < K; i++) {
      const h = R[i] as number;
      const on = tab.on[h] as Int32Array;
      let routings: number[] | null = null;
      if (tab.state[h] === 2) {
        routings = routingCache.get(h) ?? null;
        if (routings === null) {
          const plane = prep.geom.plane(planeRows(prep, h, new Int32Array(prep.d)));
          if (plane !== null) {
            try {
              routings = routingsOf(prep, plane, on, s.deadline).patterns;
            } catch (e) {
              if (!(e instanceof DichotomyTimeUp)) throw e;
              return Number.NaN; // the deadline passed (the caller stops)
            }
          }
          if (routings !== null) routingCache.set(h, routings);
        }
      }
      planes.push({
        pos: tab.pos.subarray(h * W, (h + 1) * W),
        neg: tab.neg.subarray(h * W, (h + 1) * W),
        on,
        routings,
        flip: ((oBits >>> i) & 1) === 1,
      });
    }
    const r = exactConfig(prep, planes, s.deadline);
    return r.aborted ? Number.NaN : r.objective;
  };
  // The innermost plane: complete configurations scored at once, in increasing orientation order (bit
  // K−1 most significant), the intersection part summed word by word with an early exit.
  const leaf = (h: number, ho: number, nIn: number, inBufs: Uint32Array[], inBits: Int32Array): boolean => {
    let deg = tab.state[h] === 2;
    for (let i = 1; i < K; i++) if (tab.state[R[i] as number] === 2) deg = true;
    for (let q = 0; q < nIn; q++) {
      const Uin = inBufs[q] as Uint32Array;
      for (let o = 0; o < 2; o++) {
        const lb = o === 0 ? (tab.lbPos[h] as number) : (tab.lbNeg[h] as number);
        if (lb > s.best) {
          s.pruned++;
          continue;
        }
        const P = o === 0 ? tab.pos : tab.neg;
        const N = o === 0 ? tab.neg : tab.pos;
        let obj = prep.base;
        const limit = s.best;
        if (unit > 0) {
          let c = 0;
          for (let w = 0; w < wn; w++) c += popcount32((Uin[w] as number) | (P[ho + w] as number));
          obj += c * unit;
          if (obj > limit) {
            s.pruned++;
            continue;
          }
          for (let w = wn; w < W && obj <= limit; w++)
            obj += popcount32((Uin[w] as number) & (N[ho + w] as number)) * unit;
        } else {
          for (let w = 0; w < wn; w++) tmpW[w] = ((Uin[w] as number) | (P[ho + w] as number)) >>> 0;
          for (let w = wn; w < W; w++) tmpW[w] = ((Uin[w] as number) & (N[ho + w] as number)) >>> 0;
          obj += sumAnd(prep, tmpW, 0, 0, W);
        }
        s.evaluated++;
        if (obj > limit) continue;
        const oBits = (inBits[q] as number) | o;
        if (deg) {
          obj = exact(oBits);
          s.ticks = 4096; // an exact check can be long: look at the clock at the next plane
          if (Number.isNaN(obj)) {
            // The deadline passed inside the check: configurations before this one are done.
            s.complete = false;
            s.stopAt = rankOf();
            stop = true;
            return true;
          }
          if (obj > s.best) continue;
        }
        const rank = rankOf();
        if (s.rank < 0 || better(s, obj, rank, oBits)) {
          s.best = obj;
          s.rank = rank;
          s.orientation = oBits;
          if (obj <= floor) {
            stop = true;
            return true;
          }
        }
      }
    }
    return false;
  };
  const tmpW = new Uint32Array(W);
  const level = (l: number, tightLo: boolean, tightHi: boolean): void => {
    const from = tightLo ? (lo[l] as number) : l;
    const upper = l === K - 1 ? tab.H - 1 : (R[l + 1] as number) - 1;
    const to = tightHi ? Math.min(hi[l] as number, upper) : upper;
    const inBufs = bufs[l + 1] as Uint32Array[];
    const inBits = bits[l + 1] as Int32Array;
    const outBufs = bufs[l] as Uint32Array[];
    const outBits = bits[l] as Int32Array;
    const outFp = fps[l] as Float64Array;
    const nIn = count[l + 1] as number;
    for (let h = from; h <= to; h++) {
      const tLo = tightLo && h === lo[l];
      const tHi = tightHi && h === hi[l];
      if (tHi && l === 0) break; // the end rank is exclusive
      if (timeUp(s)) {
        // Configurations are met in colex order: all those below the first with R[l] = h are done.
        let r = binomN(h, l + 1);
        for (let i = l + 1; i < K; i++) r += binomN(R[i] as number, i + 1);
        s.stopAt = r;
        stop = true;
        return;
      }
      if (tab.state[h] === 0) {
        s.pruned++;
        continue;
      }
      R[l] = h;
      const ho = h * W;
      if (l === 0) {
        if (leaf(h, ho, nIn, inBufs, inBits)) return;
        continue;
      }
      let m = 0;
      for (let q = 0; q < nIn; q++) {
        const Uin = inBufs[q] as Uint32Array;
        for (let o = 0; o < 2; o++) {
          const lb = o === 0 ? (tab.lbPos[h] as number) : (tab.lbNeg[h] as number);
          if (lb > s.best) {
            s.pruned++;
            continue;
          }
          const P = o === 0 ? tab.pos : tab.neg;
          const Uout = outBufs[m] as Uint32Array;
          let fp = 0;
          if (unit > 0) {
            for (let w = 0; w < wn; w++) {
              const v = ((Uin[w] as number) | (P[ho + w] as number)) >>> 0;
              Uout[w] = v;
              fp += popcount32(v);
            }
            fp *= unit;
          } else {
            for (let w = 0; w < wn; w++) Uout[w] = ((Uin[w] as number) | (P[ho + w] as number)) >>> 0;
            fp = sumAnd(prep, Uout, 0, 0, wn);
          }
          if (prep.base + fp > s.best) {
            s.pruned++;
            continue;
          }
          const N = o === 0 ? tab.neg : tab.pos;
          for (let w = wn; w < W; w++) Uout[w] = ((Uin[w] as number) & (N[ho + w] as number)) >>> 0;
          outBits[m] = (inBits[q] as number) | (o << l);
          outFp[m] = fp;
          m++;
        }
      }
      if (m === 0) continue;
      count[l] = m;
      level(l - 1, tLo, tHi);
      if (stop) return;
    }
  };
  level(K - 1, true, true);
}

function binomN(m: number, t: number): number {
  if (m < t) return 0;
  if (t === 1) return m;
  if (t === 2) return (m * (m - 1)) / 2;
  return (m * (m - 1) * (m - 2)) / 6;
}

/**
 * Splits the configurations into `parts` contiguous rank ranges of near-equal size (empty ones dropped).
 * @example rangesOf(problem, 2) //=> [[0n, 18693…n], [18693…n, 37372…n]]
 */
export function rangesOf(problem: NetProblem, parts: number): [bigint, bigint][] {
  if (!Number.isInteger(parts) || parts < 1)
    throw new RangeError(`parts must be an integer ≥ 1, got ${parts}`);
  const total = configurationCount(problem);
  const out: [bigint, bigint][] = [];
  const P = BigInt(parts);
  for (let i = 0n; i < P; i++) {
    const a = (total * i) / P;
    const b = (total * (i + 1n)) / P;
    if (a < b) out.push([a, b]);
  }
  return out;
}

/** The deterministic reduction of range results (and the networks with fewer units). */
export interface ReducedBest {
  /** Best objective over the ranges, the constant classifiers and the networks with fewer units. */
  readonly objective: number;
  /** Units of the best network (fewer than K when a smaller network is at least as good; 0 = constant). */
  readonly hidden: number;
  /** Configuration rank (in the space of `hidden` units), or null for a constant classifier. */
  readonly rank: bigint | null;
  readonly orientation: number;
  /** When rank is null: the constant's sign in the searched (union) class (+1 all positive, −1 all negative). */
  readonly constant: 1 | -1 | 0;
  readonly evaluated: number;
  readonly pruned: number;
  readonly complete: boolean;
}

const lowerCache = new WeakMap<Prepared, ReducedBest>();

/**
 * The best network with FEWER than K units (and the constant classifiers), searched exactly here:
 * configurations need K distinct data-defined planes, which may not exist (or not harmlessly), so the
 * smaller networks are candidates of their own (a unit w = 0, b = −1 pads them to K units). Cached.
 */
export function lowerBest(problem: NetProblem, deadline?: number): ReducedBest {
  const prep = prepare(problem);
  const hit = lowerCache.get(prep);
  if (hit !== undefined) return hit;
  let r: ReducedBest;
  const constant: 1 | -1 = prep.constNeg <= prep.constPos ? -1 : 1;
  const c: ReducedBest = {
    objective: Math.min(prep.constNeg, prep.constPos),
    hidden: 0,
    rank: null,
    orientation: 0,
    constant,
    evaluated: 0,
    pruned: 0,
    complete: true,
  };
  if (problem.hidden <= 1) r = c;
  else {
    const sub: NetProblem = { ...problem, hidden: problem.hidden - 1 };
    const total = configurationCount(sub);
    const lb = lowerBest(sub, deadline);
    const res = total === 0n || !lb.complete ? [] : [searchRange(sub, 0n, total, lb.objective, deadline)];
    r = reduceRanges(sub, res, lb);
    if (!lb.complete) r = { ...r, complete: false };
  }
  if (r.complete) lowerCache.set(prep, r);
  return r;
}

/**
 * The initial upper bound every range gets: the best network with fewer units (at worst a constant).
 * @example initialBound(problem) // e.g. 19 for voicepath, K = 2 (the best single plane)
 */
export function initialBound(problem: NetProblem, deadline?: number): number {
  return lowerBest(problem, deadline).objective;
}

/**
 * Reduces range results: minimum objective; ties prefer the smaller network (fewer units, constants
 * first), then the lowest rank, then the lowest orientation. Deterministic.
 * @example reduceRanges(problem, results).objective
 */
export function reduceRanges(
  problem: NetProblem,
  results: readonly RangeResult[],
  lower?: ReducedBest,
): ReducedBest {
  const low = lower ?? lowerBest(problem);
  let best = low.objective;
  let rank: bigint | null = null;
  let orientation = 0;
  let evaluated = 0;
  let pruned = 0;
  let complete = true;
  for (const r of results) {
    evaluated += r.evaluated;
    pruned += r.pruned;
    complete &&= r.complete;
    if (r.objective === null || r.rank === null) continue;
    const rr = BigInt(r.rank);
    if (
      r.objective < best ||
      (r.objective === best && rank !== null && (rr < rank || (rr === rank && r.orientation < orientation)))
    ) {
      best = r.objective;
      rank = rr;
      orientation = r.orientation;
    }
  }
  complete &&= low.complete;
  if (rank === null)
    return { ...low, evaluated: evaluated + low.evaluated, pruned: pruned + low.pruned, complete };
  return {
    objective: best,
    hidden: problem.hidden,
    rank,
    orientation,
    constant: 0,
    evaluated,
    pruned,
    complete,
  };
}

/**
 * Rows (0-based) of the planes of a configuration rank, hidden × D.
 * @example definingRowsOf(problem, 0n) //=> [[0, 1]] for K = 1, D = 2
 */
export function definingRowsOf(problem: NetProblem, rank: bigint, hidden = problem.hidden): number[][] {
  const item = nestedCombinations(problem.pool, problem.d, hidden).unrankBig(rank);
  const out: number[][] = [];
  for (let k = 0; k < hidden; k++) out.push([...item.slice(k * problem.d, (k + 1) * problem.d)]);
  return out;
}
