/**
 * @module net/problem
 * Turning a data set and {@link NetOptions} into a {@link NetProblem} (plain, clonable data), and the
 * prepared form every search uses (Deep-ICE, arXiv:2505.05740; research note exact-learning.md §2.3):
 * per-point costs reduced to a preference and an excess, points laid out in bitsets (points that
 * prefer "negative" first, then those preferring "positive", each segment word-aligned), exact
 * hyperplanes through D pool rows with their sign vectors decided exactly (src/proper/exact.ts), and
 * the degenerate planes (more than D points on them) with their realisable routings (§2.6).
 *
 * The class "positive = intersection of K half-spaces" is the union class on the complemented labels
 * (swap the two costs of every point, negate the network), so only the union is searched.
 */
import { nestedCombinations } from '@floret/combinatorics';
import {
  affineBasisColumns,
  bigDetSign,
  ExactGeometry,
  type ExactPlane,
  exactIntegers,
} from '../proper/exact.js';
import type { Dataset } from '../types.js';
import {
  allDichotomies,
  type Dichotomy,
  type DichotomyContext,
  DichotomyTimeUp,
  dichotomyContext,
  solveDichotomy,
} from './dichotomy.js';
import type { NetKind, NetOptions, NetProblem } from './types.js';

/** Validates `options` against `data`; returns the positive class index. */
export function validateNetOptions(data: Dataset, options: NetOptions): number {
  const K = options.hidden;
  if (!Number.isInteger(K) || K < 1 || K > 3)
    throw new RangeError(`hidden must be an integer in 1..3, got ${K}`);
  if (data.classes.length > 2)
    throw new RangeError(
      `target has ${data.classes.length} classes (${data.classes.join(', ')}); nets need exactly two`,
    );
  if (data.classes.length < 1) throw new RangeError('target has no classes');
  const kind = options.kind ?? 'union';
  if (kind !== 'union' && kind !== 'intersection' && kind !== 'both')
    throw new RangeError(`kind must be union, intersection or both, got ${String(kind)}`);
  let positive = data.classes.length - 1;
  if (options.positive !== undefined) {
    positive = data.classes.indexOf(options.positive);
    if (positive < 0)
      throw new RangeError(
        `positive label '${options.positive}' is not one of the labels (${data.classes.join(', ')})`,
      );
  }
  const pool = options.pool;
  if (pool !== undefined && (!Number.isInteger(pool) || pool < data.d || pool > data.n))
    throw new RangeError(`pool must be an integer in ${data.d}..${data.n} (D..rows), got ${pool}`);
  if (options.timeLimit !== undefined && !(options.timeLimit > 0))
    throw new RangeError(`timeLimit must be > 0 seconds, got ${options.timeLimit}`);
  const w = options.workers ?? 1;
  if (!Number.isInteger(w) || w < 1) throw new RangeError(`workers must be an integer ≥ 1, got ${w}`);
  if (options.coreset !== undefined) {
    const c = options.coreset;
    if (!Number.isInteger(c.size) || c.size < data.d + 1)
      throw new RangeError(`coreset size must be an integer ≥ D + 1 = ${data.d + 1}, got ${c.size}`);
    if (c.blockSize !== undefined && (!Number.isInteger(c.blockSize) || c.blockSize < data.d))
      throw new RangeError(`coreset blockSize must be an integer ≥ D = ${data.d}, got ${c.blockSize}`);
  }
  const loss = options.loss ?? { kind: 'errors' };
  if (loss.kind === 'cost-matrix') {
    const c = loss.cost;
    const k = Math.max(2, data.classes.length);
    if (c.length !== k || c.some((r) => r.length !== k || r.some((v) => !(v >= 0) || !Number.isFinite(v))))
      throw new RangeError(`loss cost matrix must be ${k}×${k} of finite numbers ≥ 0`);
  } else if (loss.kind !== 'errors' && loss.kind !== 'balanced')
    throw new RangeError(`loss kind must be errors, cost-matrix or balanced`);
  return positive;
}

/**
 * Builds the search problem of one class (`kind`) as plain data.
 * @throws RangeError for impossible options (naming the option)
 * @example netProblem(data, { hidden: 2 }).pool === data.n
 */
export function netProblem(data: Dataset, options: NetOptions, kind: NetKind = 'union'): NetProblem {
  const positive = validateNetOptions(data, options);
  const n = data.n;
  const t = new Int8Array(n);
  const costPos = new Float64Array(n);
  const costNeg = new Float64Array(n);
  let nPos = 0;
  for (let i = 0; i < n; i++) if (data.y[i] === positive) nPos++;
  const loss = options.loss ?? { kind: 'errors' };
  for (let i = 0; i < n; i++) {
    const pos = data.y[i] === positive;
    t[i] = pos ? 1 : -1;
    const w = data.weights === undefined ? 1 : (data.weights[i] as number);
    if (loss.kind === 'errors') {
      costPos[i] = pos ? 0 : w;
      costNeg[i] = pos ? w : 0;
    } else if (loss.kind === 'balanced') {
      const size = pos ? nPos : n - nPos;
      const unit = (w * n) / (2 * size);
      costPos[i] = pos ? 0 : unit;
      costNeg[i] = pos ? unit : 0;
    } else {
      const yi = data.y[i] as number;
      const neg = data.classes.length === 2 ? 1 - positive : -1;
      const row = loss.cost[yi] as readonly number[];
      costPos[i] = w * (row[positive] as number);
      costNeg[i] = neg < 0 ? 0 : w * (row[neg] as number);
    }
  }
  return {
    n,
    d: data.d,
    x: data.x,
    t,
    costPos,
    costNeg,
    hidden: options.hidden,
    kind,
    pool: options.pool ?? n,
  };
}

/** A hyperplane through D pool rows with its exact sign vector in the bitset layout. */
export interface PlaneSigns {
  /** Strictly positive side / strictly negative side, in the bitset layout (W words each). */
  readonly pos: Uint32Array;
  readonly neg: Uint32Array;
  /** Points (row indices) exactly on the plane. */
  readonly on: Int32Array;
}

/**
 * Realisable routings of the points exactly on a hyperplane: the sign patterns (as bit masks over
 * `on`, bit = routed to the positive side of the perturbation) of affine functions restricted to them.
 * Null means "free": the plane holds exactly D affinely independent points, so every pattern is
 * realisable (research note §2.3 step 4).
 */
export type Routings = readonly number[] | null;

/** The prepared problem (internal): layout, costs, geometry. */
export interface Prepared {
  readonly problem: NetProblem;
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly pool: number;
  /** Union searched on these costs (for 'intersection' the costs are swapped). */
  readonly cp: Float64Array;
  readonly cn: Float64Array;
  /** Σ_n min(cp, cn): the part of the loss no classifier avoids. */
  readonly base: number;
  /** Bit position of each row (−1 when the row costs the same either way); negative-preferring first. */
  readonly slot: Int32Array;
  /** Excess cost of the wrong side, by bit position. */
  readonly excess: Float64Array;
  /** Words of the negative-preferring segment, and in all. */
  readonly wn: number;
  readonly W: number;
  /** The common excess when all are equal (popcount path), else 0. */
  readonly unit: number;
  /** Masks of the two segments. */
  readonly negMask: Uint32Array;
  readonly posMask: Uint32Array;
  readonly geom: ExactGeometry;
  /** Number of hyperplanes C(pool, D). */
  readonly H: number;
  /** Objectives of the two constant classifiers (all negative, all positive). */
  readonly constNeg: number;
  readonly constPos: number;
  /** Exact integer coordinates (lazily). */
  ints(): bigint[];
  /** Duplicate rows beyond the first of each point. */
  readonly duplicates: number;
  /** A proven lower bound valid for every network: conflicting duplicates must pay their cheaper side. */
  readonly duplicateBound: number;
  /**
   * Every coordinate is an integer small enough ((D+1)!·max|x|^(D+1) < 2^53) that cofactors and plane
   * values are computed exactly in float64: then the float sign IS the exact sign (no BigInt needed).
   */
  readonly exactFloat: boolean;
  /** exactFloat, and D!·(2·max|x|)^D·(D+1) < 2^53: {@link planeOf} computes cofactors from differences. */
  readonly fastFloat: boolean;
}

const cache = new WeakMap<NetProblem, Prepared>();
const byKey = new Map<string, Prepared>();

function problemKey(p: NetProblem): string {
  // Cheap content hash so worker threads reuse the prepared problem across ranges.
  let h = 2166136261;
  const mix = (v: number) => {
    h = Math.imul((h ^ (v * 1000003 + (v > 0 ? 7 : 3))) | 0, 16777619);
  };
  for (let i = 0; i < p.n * p.d; i++) mix(p.x[i] as number);
  for (let i = 0; i < p.n; i++) {
    mix(p.t[i] as number);
    mix(p.costPos[i] as number);
    mix(p.costNeg[i] as number);
  }
  return `${p.n}:${p.d}:${p.hidden}:${p.kind}:${p.pool}:${h >>> 0}`;
}

/**
 * Forgets the prepared problems cached in this thread (sign vectors, plane tables, bounds), so the next
 * search starts cold — for benchmarks; worker threads of later fits start fresh anyway.
 * @example clearNetCaches()
 */
export function clearNetCaches(): void {
  byKey.clear();
}

function sameProblem(a: NetProblem, b: NetProblem): boolean {
  if (a.n !== b.n || a.d !== b.d || a.hidden !== b.hidden || a.kind !== b.kind || a.pool !== b.pool)
    return false;
  for (let i = 0; i < a.n * a.d; i++) if (Number(a.x[i]) !== Number(b.x[i])) return false;
  for (let i = 0; i < a.n; i++)
    if (
      Number(a.t[i]) !== Number(b.t[i]) ||
      Number(a.costPos[i]) !== Number(b.costPos[i]) ||
      Number(a.costNeg[i]) !== Number(b.costNeg[i])
    )
      return false;
  return true;
}

/** The prepared form of a problem (cached per object, and per content for clones in workers). */
export function prepare(problem: NetProblem): Prepared {
  const hit = cache.get(problem);
  if (hit !== undefined) return hit;
  const key = problemKey(problem);
  const old = byKey.get(key);
  // The hash only finds a candidate; equal contents are checked in full (a collision must not reuse).
  if (old !== undefined && sameProblem(old.problem, problem)) {
    cache.set(problem, old);
    return old;
  }
  const prep = build(problem);
  cache.set(problem, prep);
  if (byKey.size >= 4) byKey.delete(byKey.keys().next().value as string);
  byKey.set(key, prep);
  return prep;
}

function build(problem: NetProblem): Prepared {
  const { n, d } = problem;
  if (!Number.isInteger(problem.hidden) || problem.hidden < 1 || problem.hidden > 3)
    throw new RangeError(`hidden must be an integer in 1..3, got ${problem.hidden}`);
  if (!Number.isInteger(problem.pool) || problem.pool < d || problem.pool > n)
    throw new RangeError(`pool must be an integer in ${d}..${n}, got ${problem.pool}`);
  const x = Float64Array.from(problem.x as ArrayLike<number>);
  const swap = problem.kind === 'intersection';
  const cp = new Float64Array(n);
  const cn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Number(problem.costPos[i]);
    const b = Number(problem.costNeg[i]);
    cp[i] = swap ? b : a;
    cn[i] = swap ? a : b;
  }
  let base = 0;
  let nNeg = 0;
  let nPos = 0;
  for (let i = 0; i < n; i++) {
    base += Math.min(cp[i] as number, cn[i] as number);
    if ((cp[i] as number) > (cn[i] as number)) nNeg++;
    else if ((cp[i] as number) < (cn[i] as number)) nPos++;
  }
  const wn = (nNeg + 31) >>> 5;
  const W = wn + ((nPos + 31) >>> 5);
  const slot = new Int32Array(n).fill(-1);
  const excess = new Float64Array(W * 32);
  let a = 0;
  let b = wn * 32;
  let unit = -1;
  for (let i = 0; i < n; i++) {
    const e = Math.abs((cp[i] as number) - (cn[i] as number));
    if (e === 0) continue;
    const s = (cp[i] as number) > (cn[i] as number) ? a++ : b++;
    slot[i] = s;
    excess[s] = e;
    unit = unit === -1 ? e : unit === e ? e : 0;
  }
  const negMask = new Uint32Array(W);
  const posMask = new Uint32Array(W);
  for (let i = 0; i < n; i++) {
    const s = slot[i] as number;
    if (s < 0) continue;
    if (s < wn * 32) negMask[s >>> 5] = ((negMask[s >>> 5] as number) | (1 << (s & 31))) >>> 0;
    else posMask[s >>> 5] = ((posMask[s >>> 5] as number) | (1 << (s & 31))) >>> 0;
  }
  let constNeg = 0;
  let constPos = 0;
  for (let i = 0; i < n; i++) {
    constNeg += cn[i] as number;
    constPos += cp[i] as number;
  }
  let big: bigint[] | undefined;
  const ints = () => {
    big ??= exactIntegers(x, n, d);
    return big;
  };
  const geom = new ExactGeometry(x, n, d, ints);
  // Duplicates (exact, by the decimal the file wrote) and the bound conflicting ones impose.
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    let k = '';
    for (let j = 0; j < d; j++) k += `${x[i * d + j]},`;
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [i]);
    else g.push(i);
  }
  let duplicates = 0;
  let duplicateBound = base;
  for (const g of groups.values()) {
    duplicates += g.length - 1;
    if (g.length < 2) continue;
    let sp = 0;
    let sn = 0;
    for (const i of g) {
      sp += (cp[i] as number) - Math.min(cp[i] as number, cn[i] as number);
      sn += (cn[i] as number) - Math.min(cp[i] as number, cn[i] as number);
    }
    duplicateBound += Math.min(sp, sn);
  }
  const H = Number(nestedCombinations(problem.pool, d, 1).countBig());
  let maxAbs = 0;
  let integral = true;
  for (const v of x) {
    if (!Number.isInteger(v)) integral = false;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  let fact = 1;
  for (let i = 2; i <= d + 1; i++) fact *= i;
  const exactFloat = integral && fact * maxAbs ** (d + 1) < 2 ** 53;
  const fastFloat = exactFloat && (fact / (d + 1)) * (2 * maxAbs) ** d * (d + 1) < 2 ** 53;
  return {
    exactFloat,
    fastFloat,
    problem,
    n,
    d,
    K: problem.hidden,
    pool: problem.pool,
    cp,
    cn,
    base,
    slot,
    excess,
    wn,
    W,
    unit: unit < 0 ? 1 : unit,
    negMask,
    posMask,
    geom,
    H,
    constNeg,
    constPos,
    ints,
    duplicates,
    duplicateBound,
  };
}

/** The rows of the hyperplane of inner (colex) rank ρ among the D-combinations of the pool. */
export function planeRows(prep: Prepared, rho: number, out: Int32Array): Int32Array {
  let r = rho;
  let hi = prep.pool - 1;
  for (let t = prep.d; t >= 1; t--) {
    let lo = t - 1;
    let h = hi;
    while (lo < h) {
      const m = (lo + h + 1) >>> 1;
      if (binom(m, t) <= r) lo = m;
      else h = m - 1;
    }
    out[t - 1] = lo;
    r -= binom(lo, t);
    hi = lo - 1;
  }
  return out;
}

/** C(m, t) as a number (exact below 2^53 for the sizes used here). */
export function binom(m: number, t: number): number {
  if (t < 0 || m < t) return 0;
  let c = 1;
  for (let i = 1; i <= t; i++) c = (c * (m - t + i)) / i;
  return Math.round(c);
}

/**
 * Exact sign vector of the plane through `rows`: fills `pos`/`neg` (bitset layout, zeroed here) and
 * returns the rows on the plane; null when the rows are affinely dependent (no plane).
 */
export function planeSigns(
  prep: Prepared,
  rows: Int32Array,
  pos: Uint32Array,
  neg: Uint32Array,
): { plane: ExactPlane; on: Int32Array } | null {
  const plane = planeOf(prep, rows);
  if (plane === null) return null;
  pos.fill(0);
  neg.fill(0);
  const on: number[] = [];
  const { n, d, slot } = prep;
  const x = prep.geom.pts;
  const factor = filterFactor(d);
  if (d === 2) {
    const w0 = plane.w[0] as number;
    const w1 = plane.w[1] as number;
    const b0 = plane.bias;
    const a0 = plane.wAbs[0] as number;
    const a1 = plane.wAbs[1] as number;
    const ab = plane.biasAbs;
    const d0 = rows[0] as number;
    const d1 = rows[1] as number;
    for (let i = 0; i < n; i++) {
      if (i === d0 || i === d1) {
        on.push(i); // a defining point is on its plane by construction
        continue;
      }
      const u = x[2 * i] as number;
      const v = x[2 * i + 1] as number;
      const h = w0 * u + w1 * v + b0;
      const bound = factor * (a0 * Math.abs(u) + a1 * Math.abs(v) + ab);
      let s: number;
      if (h > bound && bound < 1e250) s = 1;
      else if (h < -bound && bound < 1e250) s = -1;
      else if (prep.exactFloat) s = h > 0 ? 1 : h < 0 ? -1 : 0;
      else s = prep.geom.exactOrient(plane.rows, i);
      const b = slot[i] as number;
      if (s === 0) on.push(i);
      else if (b >= 0) {
        if (s > 0) pos[b >>> 5] = ((pos[b >>> 5] as number) | (1 << (b & 31))) >>> 0;
        else neg[b >>> 5] = ((neg[b >>> 5] as number) | (1 << (b & 31))) >>> 0;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      let s: number;
      if (rows.includes(i)) s = 0;
      else if (prep.exactFloat) {
        let h = plane.bias;
        for (let j = 0; j < d; j++) h += (plane.w[j] as number) * (x[i * d + j] as number);
        s = h > 0 ? 1 : h < 0 ? -1 : 0;
      } else s = prep.geom.orient(plane, i);
      const b = slot[i] as number;
      if (s === 0) on.push(i);
      else if (b >= 0) {
        if (s > 0) pos[b >>> 5] = ((pos[b >>> 5] as number) | (1 << (b & 31))) >>> 0;
        else neg[b >>> 5] = ((neg[b >>> 5] as number) | (1 << (b & 31))) >>> 0;
      }
    }
  }
  return { plane, on: Int32Array.from(on) };
}

/**
 * The plane through `rows`, H(x) = det[[S, 1], [x, 1]] (the sign convention of ExactGeometry.plane).
 * For small integer data (`fastFloat`) its cofactors are computed directly from the differences
 * s_r − s_1, exactly in float64 (w_c = −(−1)^c · minor_c, bias = −w·s_1), about ten times faster than
 * the general filtered Laplace path; the magnitudes are zero because nothing needs a filter then.
 * Null when the rows are affinely dependent.
 */
export function planeOf(prep: Prepared, rows: Int32Array): ExactPlane | null {
  if (!prep.fastFloat || prep.d < 2 || prep.d > 7) return prep.geom.plane(rows);
  const d = prep.d;
  const x = prep.geom.pts;
  const s1 = (rows[0] as number) * d;
  const diff = planeScratch;
  for (let r = 1; r < d; r++)
    for (let c = 0; c < d; c++)
      diff[(r - 1) * 8 + c] = (x[(rows[r] as number) * d + c] as number) - (x[s1 + c] as number);
  const w = new Float64Array(d);
  let bias = 0;
  let zero = true;
  for (let c = 0; c < d; c++) {
    let q = 0;
    for (let cc = 0; cc < d; cc++) if (cc !== c) planeCols[q++] = cc;
    const m = minorF(diff, d - 1, 0, planeCols, d - 1);
    const v = c % 2 === 0 ? -m : m;
    w[c] = v === 0 ? 0 : v; // no −0
    if (v !== 0) zero = false;
    bias -= v * (x[s1 + c] as number);
  }
  if (zero) return null;
  return {
    w,
    bias: bias === 0 ? 0 : bias,
    wAbs: new Float64Array(d),
    biasAbs: 0,
    rows: Int32Array.from(rows),
  };
}

const planeScratch = new Float64Array(64);
const planeCols = new Int32Array(8);
/** Column lists of the minors, one per size (the recursion uses each size once at a time). */
const minorScratch = Array.from({ length: 9 }, () => new Int32Array(8));

/** Float Laplace determinant of rows [r0, r0+n) and the n columns `cols` of a stride-8 matrix. */
function minorF(a: Float64Array, n: number, r0: number, cols: Int32Array, nc: number): number {
  if (n === 1) return a[r0 * 8 + (cols[0] as number)] as number;
  if (n === 2) {
    const c0 = cols[0] as number;
    const c1 = cols[1] as number;
    return (
      (a[r0 * 8 + c0] as number) * (a[r0 * 8 + 8 + c1] as number) -
      (a[r0 * 8 + c1] as number) * (a[r0 * 8 + 8 + c0] as number)
    );
  }
  const sub = minorScratch[n] as Int32Array;
  let s = 0;
  for (let j = 0; j < nc; j++) {
    const v = a[r0 * 8 + (cols[j] as number)] as number;
    if (v === 0) continue;
    let q = 0;
    for (let c = 0; c < nc; c++) if (c !== j) sub[q++] = cols[c] as number;
    const m = minorF(a, n - 1, r0 + 1, sub, nc - 1);
    s += j % 2 === 0 ? v * m : -v * m;
  }
  return s;
}

/** The float filter's relative error factor (same bound as ExactGeometry.orient). */
export function filterFactor(dim: number): number {
  const m = (dim * (dim + 1)) / 2 + dim + dim + 2 + (dim + 1);
  return 4 * m * 2 ** -53;
}

/**
 * All strict linear dichotomies of m points (exact integers, row-major, dimension k), as bit masks
 * (bit i: point i on the positive side), both constants included. Points are first projected onto
 * coordinates spanning their affine hull; then every dichotomy is that of a hyperplane through k
 * affinely independent points, oriented, with the points on it routed by a dichotomy of one dimension
 * less (the same argument that makes the data-defined search exhaustive, research note §2.3, §2.6).
 */
export function dichotomies(pts: readonly bigint[], m: number, k: number): Set<number> {
  const all = m >= 31 ? 0x7fffffff : (1 << m) - 1;
  const out = new Set<number>([0, all]);
  if (m <= 1 || k === 0) return out;
  const cols = affineBasisColumns(pts, m, k);
  if (cols.length < k) {
    const proj: bigint[] = [];
    for (let i = 0; i < m; i++) for (const c of cols) proj.push(pts[i * k + c] as bigint);
    return dichotomies(proj, m, cols.length);
  }
  if (k === 1) {
    // Thresholds on a line.
    const order = Array.from({ length: m }, (_v, i) => i).sort((a, b) =>
      (pts[a] as bigint) < (pts[b] as bigint) ? -1 : (pts[a] as bigint) > (pts[b] as bigint) ? 1 : 0,
    );
    let prefix = 0;
    for (let g = 0; g < m; ) {
      let e = g;
      while (e < m && pts[order[e] as number] === pts[order[g] as number])
        prefix |= 1 << (order[e++] as number);
      if (e < m) {
        out.add(prefix);
        out.add(all & ~prefix);
      }
      g = e;
    }
    return out;
  }
  const sub = new Int32Array(k);
  const rec = (start: number, depth: number): void => {
    if (depth === k) {
      let plus = 0;
      const on: number[] = [];
      const n1 = k + 1;
      for (let q = 0; q < m; q++) {
        const a: bigint[] = new Array(n1 * n1);
        for (let r = 0; r <= k; r++) {
          const p = r < k ? (sub[r] as number) : q;
          for (let c = 0; c < k; c++) a[r * n1 + c] = pts[p * k + c] as bigint;
          a[r * n1 + k] = 1n;
        }
        const sg = bigDetSign(a, n1);
        if (sg > 0) plus |= 1 << q;
        else if (sg === 0) on.push(q);
      }
      if (on.length === m) return; // dependent subset: no hyperplane (the points span k dimensions)
      const minus = all & ~plus & ~on.reduce((acc, q) => acc | (1 << q), 0);
      const onPts: bigint[] = [];
      for (const q of on) for (let c = 0; c < k; c++) onPts.push(pts[q * k + c] as bigint);
      for (const r of dichotomies(onPts, on.length, k)) {
        let routed = 0;
        on.forEach((q, j) => {
          if ((r >>> j) & 1) routed |= 1 << q;
        });
        out.add(plus | routed);
        out.add(minus | routed);
      }
      return;
    }
    for (let i = start; i <= m - (k - depth); i++) {
      sub[depth] = i;
      rec(i + 1, depth + 1);
    }
  };
  rec(0, 0);
  return out;
}

/**
 * Realisable routings of the points `on` a degenerate plane (more than D points, exact): the strict
 * dichotomies of those points within the plane — for D = 1 they all sit at one value (they go
 * together); for D = 2 they lie on a line (prefixes and suffixes along it, coincident points
 * together); for D ≥ 3 the recursive enumeration of {@link dichotomies}. Bit i routes on[i] to the
 * positive side of the perturbation.
 */
export function routingsOf(
  prep: Prepared,
  plane: ExactPlane,
  on: Int32Array,
  deadline = Number.POSITIVE_INFINITY,
): { patterns: number[]; exact: boolean } {
  const m = on.length;
  // Masks are 32-bit: a plane holding more points offers only the constant routing (all on-plane
  // points to the negative side, realised by shifting the plane), flagged as not exact. The K ≥ 2
  // search leaves such planes out and says optimal: false; this keeps realisation from failing.
  if (m > 30) return { patterns: [0], exact: false };
  const all = m === 30 ? 0x3fffffff : (1 << m) - 1;
  if (prep.d === 1) return { patterns: [0, all], exact: true };
  if (prep.d !== 2) {
    const ints = prep.ints();
    const pts: bigint[] = [];
    for (const i of on) for (let c = 0; c < prep.d; c++) pts.push(ints[i * prep.d + c] as bigint);
    return {
      patterns: [...allDichotomies(pts, m, prep.d, dichotomyContext(deadline))].sort((a, b) => a - b),
      exact: true,
    };
  }
  const ints = prep.ints();
  const r0 = plane.rows[0] as number;
  const r1 = plane.rows[1] as number;
  const ux = (ints[2 * r1] as bigint) - (ints[2 * r0] as bigint);
  const uy = (ints[2 * r1 + 1] as bigint) - (ints[2 * r0 + 1] as bigint);
  const pos = Array.from(on, (i, k) => ({
    k,
    t:
      ux * ((ints[2 * i] as bigint) - (ints[2 * r0] as bigint)) +
      uy * ((ints[2 * i + 1] as bigint) - (ints[2 * r0 + 1] as bigint)),
  }));
  pos.sort((p, q) => (p.t < q.t ? -1 : p.t > q.t ? 1 : 0));
  const patterns: number[] = [0, all];
  let prefix = 0;
  for (let g = 0; g < pos.length; ) {
    let e = g;
    while (e < pos.length && (pos[e] as { t: bigint }).t === (pos[g] as { t: bigint }).t) {
      prefix |= 1 << (pos[e] as { k: number }).k;
      e++;
    }
    if (e < pos.length) patterns.push(prefix, all & ~prefix);
    g = e;
  }
  return { patterns, exact: true };
}

/**
 * The cheapest strict linear dichotomy of m points (exact integers, row-major, dimension k): routing
 * point i to the positive side costs `costUp[i]`, to the negative side `costDown[i]`. Exact (research
 * note §2.6: "a lower-dimensional separability problem"; the enumeration is in ./dichotomy.ts). Used for
 * K = 1, where a degenerate plane's routing is independent of everything else. Returns the cost and the
 * routing (1 = positive side).
 * @example bestDichotomy([0n, 1n, 2n], 3, 1, Float64Array.of(1, 0, 1), Float64Array.of(0, 1, 0)).cost //=> 1
 */
export function bestDichotomy(
  pts: readonly bigint[],
  m: number,
  k: number,
  costUp: Float64Array,
  costDown: Float64Array,
): { cost: number; up: Uint8Array } {
  const ids = Int32Array.from({ length: m }, (_v, i) => i);
  return solveDichotomy(pts, m, k, costUp, costDown, ids, dichotomyContext());
}

/**
 * K = 1 on a degenerate plane: the cheapest routing of the points on it (excess costs of the bitset
 * layout: routing a negative-preferring point up costs its excess, a positive-preferring one down
 * likewise). Orientation-free, since the dichotomies are closed under complement. With `limit`, an
 * optimum above it comes back as cost +Infinity (see solveDichotomy); with `deadline` (ms since the
 * epoch), null when it passes first.
 */
export function bestRouting(prep: Prepared, on: Int32Array): Dichotomy;
export function bestRouting(
  prep: Prepared,
  on: Int32Array,
  deadline: number,
  limit?: number,
): Dichotomy | null;
export function bestRouting(
  prep: Prepared,
  on: Int32Array,
  deadline?: number,
  limit = Number.POSITIVE_INFINITY,
): Dichotomy | null {
  // The same plane is met through many D-subsets of its points, and sub-flats recur across planes:
  // one memo per prepared problem, keyed by the point set (the costs of a row never change).
  let ctx = routingContexts.get(prep);
  if (ctx === undefined) {
    ctx = dichotomyContext();
    routingContexts.set(prep, ctx);
  }
  ctx.deadline = deadline ?? Number.POSITIVE_INFINITY;
  if (deadline !== undefined && Date.now() > deadline) return null;
  // Most calls meet a plane already solved: look it up before building anything.
  const hit = ctx.memo.get(`${prep.d}:${on.join(',')}`);
  if (hit !== undefined) {
    if (hit.cost !== null && hit.cost <= limit) return hit;
    if (hit.cost !== null || limit <= hit.bound)
      return { cost: Number.POSITIVE_INFINITY, up: new Uint8Array(0) };
  }
  const ints = prep.ints();
  const pts: bigint[] = [];
  for (const i of on) for (let c = 0; c < prep.d; c++) pts.push(ints[i * prep.d + c] as bigint);
  const cu = Float64Array.from(on, (i) => Math.max(0, (prep.cp[i] as number) - (prep.cn[i] as number)));
  const cd = Float64Array.from(on, (i) => Math.max(0, (prep.cn[i] as number) - (prep.cp[i] as number)));
  try {
    return solveDichotomy(pts, on.length, prep.d, cu, cd, on, ctx, limit);
  } catch (e) {
    if (e instanceof DichotomyTimeUp && deadline !== undefined) return null;
    throw e;
  }
}

const routingContexts = new WeakMap<Prepared, DichotomyContext>();
