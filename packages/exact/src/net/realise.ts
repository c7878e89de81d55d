/**
 * @module net/realise
 * From a configuration (rank, orientation) to float64 weights that reproduce its objective on the
 * training rows (issue 7 item 3; research note exact-learning.md §2.3 step 5): each unit is the exact
 * hyperplane through its D rows, oriented, plus a small affine perturbation that sends the points on it
 * to their chosen sides (general planes: the side their cost prefers; degenerate planes: the best
 * realisable routing, a threshold along the line for D = 2). The perturbation size is chosen below the
 * smallest margin of the other points, then checked by predicting every training row in float64;
 * smaller sizes are tried when the check fails. Prediction is sign(max_k(w_k·x + b_k)) (union) or
 * sign(min_k(…)) (intersection), positive iff > 0. When no perturbation size reproduces the objective
 * (the bounded perceptron of a degenerate plane in D ≥ 3 can fail), every unit is refitted exactly by
 * an L1 max-margin LP (./lp.ts, HiGHS) on the sign pattern the search chose, and checked again.
 */
import { nestedCombinations } from '@floret/combinatorics';
import { separateLp } from './lp.js';
import { bestRouting, type Prepared, planeSigns, prepare, routingsOf } from './problem.js';
import { type ConfigPlane, exactConfig } from './search.js';
import type { NetKind, NetProblem, NetWeights } from './types.js';

/**
 * Predicts +1 / −1 for n rows (row-major, d features) with a network.
 * @example predictNet({ kind: 'union', w: [[1, 0]], b: [-1] }, Float64Array.of(2, 0), 1, 2) //=> Int8Array [1]
 */
export function predictNet(
  weights: NetWeights,
  x: Float64Array | readonly number[],
  n: number,
  d: number,
): Int8Array {
  const out = new Int8Array(n);
  const K = weights.w.length;
  const union = weights.kind === 'union';
  for (let i = 0; i < n; i++) {
    let m = union ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    for (let k = 0; k < K; k++) {
      const wk = weights.w[k] as readonly number[];
      let h = weights.b[k] as number;
      for (let j = 0; j < d; j++) h += (wk[j] as number) * (x[i * d + j] as number);
      m = union ? Math.max(m, h) : Math.min(m, h);
    }
    out[i] = K === 0 ? -1 : m > 0 ? 1 : -1;
  }
  return out;
}

/**
 * Objective of predictions under a problem's per-row costs (costPos when predicted +1, else costNeg).
 * @example objectiveOf(problem, predictNet(w, problem.x, problem.n, problem.d))
 */
export function objectiveOf(problem: NetProblem, pred: Int8Array): number {
  let s = 0;
  for (let i = 0; i < problem.n; i++)
    s += pred[i] === 1 ? Number(problem.costPos[i]) : Number(problem.costNeg[i]);
  return s;
}

/** Training errors (rows whose predicted sign differs from t). */
export function errorsOf(problem: NetProblem, pred: Int8Array): number {
  let e = 0;
  for (let i = 0; i < problem.n; i++) if (pred[i] !== Number(problem.t[i])) e++;
  return e;
}

/** A constant network: all positive (b = +1, w = 0) or all negative. */
export function constantNet(kind: NetKind, d: number, sign: 1 | -1): NetWeights {
  return { kind, w: [new Array<number>(d).fill(0)], b: [sign] };
}

/** Solves A v = y (m×m, row-major, destroyed) by Gaussian elimination with partial pivoting. */
function solve(A: Float64Array, y: Float64Array, m: number): Float64Array | null {
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++)
      if (Math.abs(A[r * m + c] as number) > Math.abs(A[p * m + c] as number)) p = r;
    if ((A[p * m + c] as number) === 0) return null;
    if (p !== c) {
      for (let j = 0; j < m; j++) {
        const t = A[c * m + j] as number;
        A[c * m + j] = A[p * m + j] as number;
        A[p * m + j] = t;
      }
      const t = y[c] as number;
      y[c] = y[p] as number;
      y[p] = t;
    }
    for (let r = c + 1; r < m; r++) {
      const f = (A[r * m + c] as number) / (A[c * m + c] as number);
      if (f === 0) continue;
      for (let j = c; j < m; j++) A[r * m + j] = (A[r * m + j] as number) - f * (A[c * m + j] as number);
      y[r] = (y[r] as number) - f * (y[c] as number);
    }
  }
  const v = new Float64Array(m);
  for (let c = m - 1; c >= 0; c--) {
    let s = y[c] as number;
    for (let j = c + 1; j < m; j++) s -= (A[c * m + j] as number) * (v[j] as number);
    v[c] = s / (A[c * m + c] as number);
  }
  return v;
}

/** Affine g(x) = v·x + c with g(p_i) = σ_i on D affinely independent points (least norm). */
function interpolate(
  x: Float64Array,
  d: number,
  pts: Int32Array,
  sigma: Float64Array,
): { v: Float64Array; c: number } | null {
  const m = pts.length;
  const cen = new Float64Array(d);
  for (const p of pts) for (let j = 0; j < d; j++) cen[j] = (cen[j] as number) + (x[p * d + j] as number) / m;
  // Rows [p_i − cen, 1]; solve (M Mᵀ) λ = σ, then (v, c) = Mᵀ λ.
  const M = new Float64Array(m * (d + 1));
  for (let i = 0; i < m; i++) {
    const p = pts[i] as number;
    for (let j = 0; j < d; j++) M[i * (d + 1) + j] = (x[p * d + j] as number) - (cen[j] as number);
    M[i * (d + 1) + d] = 1;
  }
  const G = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let j = 0; j <= d; j++) s += (M[i * (d + 1) + j] as number) * (M[k * (d + 1) + j] as number);
      G[i * m + k] = s;
    }
  const lam = solve(G, Float64Array.from(sigma), m);
  if (lam === null) return null;
  const v = new Float64Array(d);
  let c = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) v[j] = (v[j] as number) + (lam[i] as number) * (M[i * (d + 1) + j] as number);
    c += lam[i] as number;
  }
  for (let j = 0; j < d; j++) c -= (v[j] as number) * (cen[j] as number);
  return { v, c };
}

/**
 * An affine g with g > 0 on the masked points of `on` and g < 0 on the others (a realisable routing,
 * so strictly separable): the perceptron on centred, scaled coordinates, which terminates on separable
 * data; bounded, so a failure shows up as an objective mismatch that `fitNet` reports.
 */
function separate(
  x: Float64Array,
  d: number,
  on: Int32Array,
  upArr: Uint8Array,
  epochs: number,
): { v: Float64Array; c: number } {
  const m = on.length;
  const cen = new Float64Array(d);
  let scale = 0;
  for (const p of on) for (let j = 0; j < d; j++) cen[j] = (cen[j] as number) + (x[p * d + j] as number) / m;
  for (const p of on)
    for (let j = 0; j < d; j++)
      scale = Math.max(scale, Math.abs((x[p * d + j] as number) - (cen[j] as number)));
  if (scale === 0) scale = 1;
  const v = new Float64Array(d);
  let c = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    let clean = true;
    for (let i = 0; i < m; i++) {
      const p = on[i] as number;
      const y = upArr[i] === 1 ? 1 : -1;
      let h = c;
      for (let j = 0; j < d; j++)
        h += (v[j] as number) * (((x[p * d + j] as number) - (cen[j] as number)) / scale);
      if (y * h < 1) {
        clean = false;
        for (let j = 0; j < d; j++)
          v[j] = (v[j] as number) + (y * ((x[p * d + j] as number) - (cen[j] as number))) / scale;
        c += y;
      }
    }
    if (clean) break;
  }
  // Back to the data's coordinates: g(x) = v·(x − cen)/scale + c.
  let c0 = c;
  const w = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    w[j] = (v[j] as number) / scale;
    c0 -= (w[j] as number) * (cen[j] as number);
  }
  return { v: w, c: c0 };
}

/** The exact configuration planes of (rank, orientation), with their sign data. */
function configPlanes(
  prep: Prepared,
  rank: bigint,
  orientation: number,
): { planes: ConfigPlane[]; rows: Int32Array[] } {
  const space = nestedCombinations(prep.pool, prep.d, prep.K);
  const item = space.unrankBig(rank);
  const planes: ConfigPlane[] = [];
  const rows: Int32Array[] = [];
  for (let k = 0; k < prep.K; k++) {
    const r = item.slice(k * prep.d, (k + 1) * prep.d);
    const pos = new Uint32Array(prep.W);
    const neg = new Uint32Array(prep.W);
    const sg = planeSigns(prep, r, pos, neg);
    if (sg === null)
      throw new RangeError(`configuration ${rank}: rows ${[...r].join(',')} define no hyperplane`);
    // K = 1 routes a degenerate plane by its cheapest dichotomy (any size); K ≥ 2 by masks (≤ 30 points).
    const routings =
      sg.on.length <= prep.d ? null : prep.K === 1 ? [] : routingsOf(prep, sg.plane, sg.on).patterns;
    planes.push({ pos, neg, on: sg.on, routings, flip: ((orientation >>> k) & 1) === 1 });
    rows.push(r);
  }
  return { planes, rows };
}

/** Internal knobs of {@link realiseNetDetailed} (tests use them to force the LP path). */
export interface RealiseOptions {
  /** Epochs of the margin perceptron for degenerate planes in D ≥ 3 (default 100,000). */
  readonly perceptronEpochs?: number;
}

/** How a network was realised: by the ε-nudge of the exact planes, or by the exact LP refit. */
export interface Realised {
  readonly weights: NetWeights;
  /** True when the nudge failed and the units were refitted by the max-margin LP (./lp.ts). */
  readonly refitByLp: boolean;
  /** The configuration's exact objective: what the weights should realise (compare with a prediction). */
  readonly objective: number;
}

/**
 * Builds the network of configuration `rank` with orientation bits `orientation` (bit k set: unit k
 * negated) for a problem: float64 weights that route the on-plane points as the exact objective needs.
 * For the 'intersection' problem the weights are those of the complemented union, negated.
 * `searched`, when given, is the objective the search found for it: a K = 1 degenerate plane's routing
 * search is then bounded by it (as in the search), which keeps realisation fast on large flats.
 * @returns the weights (check them with {@link predictNet}; `fitNet` re-measures them)
 * @example realiseNet(problem, 12345n, 1)
 */
export function realiseNet(
  problem: NetProblem,
  rank: bigint,
  orientation: number,
  searched?: number,
): NetWeights {
  return realiseNetDetailed(problem, rank, orientation, searched).weights;
}

/**
 * {@link realiseNet}, also saying whether the LP refit was needed. The cheap nudge is tried first; when
 * no ε reproduces the exact objective, each unit is refitted by the L1 max-margin LP on the sign
 * pattern the search chose (strict sides, and the chosen routing of the points on its plane); if that
 * also fails float64 prediction, the nudge's last weights are returned (and `fitNet` reports the gap).
 * @example realiseNetDetailed(problem, 12345n, 1).refitByLp
 */
export function realiseNetDetailed(
  problem: NetProblem,
  rank: bigint,
  orientation: number,
  searched?: number,
  options: RealiseOptions = {},
): Realised {
  const prep = prepare(problem);
  const { d, n, slot, cp, cn } = prep;
  const x = prep.geom.pts;
  const { planes, rows } = configPlanes(prep, rank, orientation);
  let single: { cost: number; up: Uint8Array } | null = null;
  let objective: number;
  let choice: number[];
  if (!(prep.K === 1 && planes[0]?.routings?.length === 0))
    ({ objective, choice } = exactConfig(prep, planes));
  else {
    // Strict sides from the sign vectors, plus the cheapest routing of the points on the plane.
    const p0 = planes[0] as ConfigPlane;
    const P = p0.flip ? p0.neg : p0.pos;
    const N = p0.flip ? p0.pos : p0.neg;
    let strict = prep.base;
    for (let i = 0; i < n; i++) {
      const b = slot[i] as number;
      if (b < 0) continue;
      const inP = (((P[b >>> 5] as number) >>> (b & 31)) & 1) === 1;
      const inN = (((N[b >>> 5] as number) >>> (b & 31)) & 1) === 1;
      if ((inP && (cp[i] as number) > (cn[i] as number)) || (inN && (cn[i] as number) > (cp[i] as number)))
        strict += Math.abs((cp[i] as number) - (cn[i] as number));
    }
    if (searched !== undefined) {
      const bounded = bestRouting(prep, p0.on, Number.POSITIVE_INFINITY, searched - strict);
      if (bounded !== null && Number.isFinite(bounded.cost)) single = bounded;
    }
    single ??= bestRouting(prep, p0.on);
    objective = strict + single.cost;
    choice = [-1];
  }
  // On general planes a point is routed + exactly when it prefers positive (free points cost nothing).
  // `up`: the sign each point on the unit's plane must get (+1 / −1), aligned with its `on` list.
  const base: { w: number[]; b: number; g: { v: Float64Array; c: number }; up: Int8Array }[] = [];
  for (let k = 0; k < planes.length; k++) {
    const p = planes[k] as ConfigPlane;
    const plane = prep.geom.plane(rows[k] as Int32Array);
    if (plane === null) throw new RangeError('dependent rows');
    const sgn = p.flip ? -1 : 1;
    // Normalise the cofactors so weights are of the data's scale.
    let norm = Math.abs(plane.bias);
    for (let j = 0; j < d; j++) norm = Math.max(norm, Math.abs(plane.w[j] as number));
    const w = Array.from(plane.w, (v) => (sgn * v) / norm);
    const b = (sgn * plane.bias) / norm;
    let g: { v: Float64Array; c: number };
    let up: Int8Array;
    if (p.routings === null) {
      const sigma = Float64Array.from(p.on, (i) => ((cp[i] as number) < (cn[i] as number) ? 1 : -1));
      up = Int8Array.from(sigma);
      g = interpolate(x, d, p.on, sigma) ?? { v: new Float64Array(d), c: 0 };
    } else {
      const upArr =
        single !== null
          ? single.up
          : Uint8Array.from(
              p.on,
              (_i, j) => (((p.routings as readonly number[])[choice[k] as number] as number) >>> j) & 1,
            );
      up = Int8Array.from(upArr, (u) => (u === 1 ? 1 : -1));
      let ups = 0;
      for (const u of upArr) ups += u;
      const mask = { has: (j: number) => upArr[j] === 1 };
      if (ups === 0 || ups === upArr.length) g = { v: new Float64Array(d), c: ups === 0 ? -1 : 1 };
      else if (d !== 2) g = separate(x, d, p.on, upArr, options.perceptronEpochs ?? 100000);
      else {
        // D = 2: a threshold along the line; g = ±(τ − position), τ between the two groups.
        const r0 = plane.rows[0] as number;
        const r1 = plane.rows[1] as number;
        const ux = (x[2 * r1] as number) - (x[2 * r0] as number);
        const uy = (x[2 * r1 + 1] as number) - (x[2 * r0 + 1] as number);
        const at = (i: number) =>
          ux * ((x[2 * i] as number) - (x[2 * r0] as number)) +
          uy * ((x[2 * i + 1] as number) - (x[2 * r0 + 1] as number));
        let inMax = Number.NEGATIVE_INFINITY;
        let inMin = Number.POSITIVE_INFINITY;
        let outMax = Number.NEGATIVE_INFINITY;
        let outMin = Number.POSITIVE_INFINITY;
        for (let j = 0; j < p.on.length; j++) {
          const t = at(p.on[j] as number);
          if (mask.has(j)) {
            inMax = Math.max(inMax, t);
            inMin = Math.min(inMin, t);
          } else {
            outMax = Math.max(outMax, t);
            outMin = Math.min(outMin, t);
          }
        }
        // Prefix routed +: g = τ − t; suffix routed +: g = t − τ.
        const prefix = inMax < outMin;
        const tau = prefix ? (inMax + outMin) / 2 : (outMax + inMin) / 2;
        const s = prefix ? 1 : -1;
        const v = Float64Array.of(-s * ux, -s * uy);
        g = { v, c: s * (tau + ux * (x[2 * r0] as number) + uy * (x[2 * r0 + 1] as number)) };
      }
    }
    base.push({ w, b, g, up });
  }
  const kind = problem.kind;
  const make = (eps: number): NetWeights => {
    const w: number[][] = [];
    const b: number[] = [];
    for (const u of base) {
      const wk = u.w.map((v, j) => v + eps * (u.g.v[j] as number));
      const bk = u.b + eps * u.g.c;
      w.push(kind === 'intersection' ? wk.map((v) => -v) : wk);
      b.push(kind === 'intersection' ? -bk : bk);
    }
    return { kind, w, b };
  };
  // ε below every off-plane margin |H(x)| / |g(x)| (hi) and above the float residue of the on-plane
  // points (lo); try the geometric middle, then smaller values, until the objective is reproduced.
  let hi = Number.POSITIVE_INFINITY;
  let lo = 0;
  for (let k = 0; k < base.length; k++) {
    const u = base[k] as (typeof base)[number];
    const onSet = new Set((planes[k] as ConfigPlane).on);
    for (let i = 0; i < n; i++) {
      let h = u.b;
      let gv = u.g.c;
      for (let j = 0; j < d; j++) {
        h += (u.w[j] as number) * (x[i * d + j] as number);
        gv += (u.g.v[j] as number) * (x[i * d + j] as number);
      }
      if (gv === 0) continue;
      if (onSet.has(i)) lo = Math.max(lo, (2 * Math.abs(h)) / Math.abs(gv));
      else hi = Math.min(hi, Math.abs(h) / Math.abs(gv));
    }
  }
  if (!Number.isFinite(hi)) hi = 1e-3;
  hi /= 2;
  const tries = [lo > 0 && lo < hi ? Math.sqrt(lo * hi) : hi];
  for (let e = hi, t = 0; t < 40; t++, e /= 4) tries.push(e);
  const reproduces = (net: NetWeights) =>
    Math.abs(objectiveOf(problem, predictNet(net, problem.x, n, d)) - objective) <=
    1e-9 * Math.max(1, Math.abs(objective));
  let last = make(tries[0] as number);
  for (const eps of tries) {
    const net = make(eps);
    last = net;
    if (reproduces(net)) return { weights: net, refitByLp: false, objective };
  }
  const refit = lpNet(prep, planes, base);
  if (refit !== null && reproduces(refit)) return { weights: refit, refitByLp: true, objective };
  return { weights: last, refitByLp: false, objective };
}

/**
 * Every unit refitted by the L1 max-margin LP to the sign pattern of its routed, oriented plane: the
 * exact sides of the off-plane rows that carry a cost difference, and `up` on the plane (free rows off
 * the plane are left unconstrained). `null` when an LP fails.
 */
function lpNet(
  prep: Prepared,
  planes: readonly ConfigPlane[],
  base: readonly { up: Int8Array }[],
): NetWeights | null {
  const { n, d, slot } = prep;
  const problem = prep.problem;
  const kind = problem.kind;
  const onSign = new Int8Array(n);
  const rows = new Int32Array(n);
  const ys = new Int8Array(n);
  const w: number[][] = [];
  const b: number[] = [];
  for (let k = 0; k < planes.length; k++) {
    const p = planes[k] as ConfigPlane;
    const up = (base[k] as { up: Int8Array }).up;
    const P = p.flip ? p.neg : p.pos;
    const N = p.flip ? p.pos : p.neg;
    onSign.fill(0);
    for (let j = 0; j < p.on.length; j++) onSign[p.on[j] as number] = up[j] as number;
    let m = 0;
    for (let i = 0; i < n; i++) {
      let y = onSign[i] as number;
      if (y === 0) {
        const s = slot[i] as number;
        if (s < 0) continue;
        if ((((P[s >>> 5] as number) >>> (s & 31)) & 1) === 1) y = 1;
        else if ((((N[s >>> 5] as number) >>> (s & 31)) & 1) === 1) y = -1;
        else continue;
      }
      rows[m] = i;
      ys[m] = y;
      m++;
    }
    const unit = separateLp(problem.x, d, rows.subarray(0, m), ys.subarray(0, m));
    if (unit === null) return null;
    w.push(kind === 'intersection' ? unit.w.map((v) => -v) : unit.w);
    b.push(kind === 'intersection' ? -unit.b : unit.b);
  }
  return { kind, w, b };
}
