/**
 * @module proper/exact
 * Exact orientation of a point against the hyperplane through D data points (arXiv:2503.01455 §"data-
 * defined splitting rules"; research note exact-learning.md §1.3 (2) and §2.6): the sign of the
 * (D+1)×(D+1) determinant of the defining points and the query point, each augmented with a constant 1.
 *
 * Number model: every input value is the DECIMAL its shortest round-trip string denotes (what the CSV
 * said: 1.9 is 19/10, not the nearest double), so points that are collinear in the data file are
 * collinear here; binary rounding of 1.9 would otherwise scatter them by 1e-16 to either side, which no
 * float prediction could reproduce. Scaling each column by a power of ten makes every value an exact
 * BigInt. A float evaluation with a rigorous forward error bound (which also covers the rounding of the
 * decimals to doubles) decides almost every case; the rest — points on or very near the hyperplane:
 * duplicates, ties, integer-valued data — are decided exactly with BigInt. So a point lies ON a
 * hyperplane exactly when it does in the data, never because of rounding.
 */

const EPS = 2 ** -53;

/** The decimal a double's shortest round-trip string denotes: v = m · 10^e exactly (as decimals). */
export function decimalOf(v: number): { m: bigint; e: number } {
  if (!Number.isFinite(v)) throw new RangeError(`value ${v} is not finite`);
  if (v === 0) return { m: 0n, e: 0 };
  const str = String(v);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(str);
  if (match === null) throw new RangeError(`cannot read ${str} as a decimal`);
  const frac = match[3] ?? '';
  let digits = (match[2] ?? '') + frac;
  let e = Number(match[4] ?? '0') - frac.length;
  // Strip trailing zeros so the common column exponent stays as large as possible.
  while (digits.length > 1 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    e++;
  }
  const m = BigInt(digits);
  return { m: match[1] === '-' ? -m : m, e };
}

/**
 * The points (rows of `pts`, dimension `dim`) as exact integers: column j is scaled by 10^(−E_j), E_j
 * the smallest decimal exponent in that column. Positive column scaling keeps every orientation sign.
 * Also returns the exponents, so derived columns (Veronese monomials) can be built exactly.
 */
export function exactIntegers(pts: Float64Array, count: number, dim: number): bigint[] {
  const minE = new Array<number>(dim).fill(Number.POSITIVE_INFINITY);
  const parts: { m: bigint; e: number }[] = new Array(count * dim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < dim; j++) {
      const p = decimalOf(pts[i * dim + j] as number);
      parts[i * dim + j] = p;
      if (p.m !== 0n && p.e < (minE[j] as number)) minE[j] = p.e;
    }
  }
  const out: bigint[] = new Array(count * dim);
  for (let k = 0; k < count * dim; k++) {
    const p = parts[k] as { m: bigint; e: number };
    const base = minE[k % dim] as number;
    out[k] = p.m === 0n ? 0n : p.m * 10n ** BigInt(p.e - base);
  }
  return out;
}

/** Sign of the determinant of an n×n BigInt matrix (row-major; destroyed), by Bareiss elimination. */
export function bigDetSign(a: bigint[], n: number): number {
  let sign = 1;
  let prev = 1n;
  for (let k = 0; k < n - 1; k++) {
    if (a[k * n + k] === 0n) {
      let p = k + 1;
      while (p < n && a[p * n + k] === 0n) p++;
      if (p === n) return 0;
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j] as bigint;
        a[k * n + j] = a[p * n + j] as bigint;
        a[p * n + j] = t;
      }
      sign = -sign;
    }
    const akk = a[k * n + k] as bigint;
    for (let i = k + 1; i < n; i++) {
      const aik = a[i * n + k] as bigint;
      for (let j = k + 1; j < n; j++) {
        a[i * n + j] = ((a[i * n + j] as bigint) * akk - aik * (a[k * n + j] as bigint)) / prev;
      }
    }
    prev = akk;
  }
  const last = a[n * n - 1] as bigint;
  return last === 0n ? 0 : last > 0n ? sign : -sign;
}

/** Float Laplace determinant with its absolute-value permanent, on rows r0.. of a stride-`s` matrix. */
function laplace(
  m: Float64Array,
  s: number,
  rows: Int32Array,
  nrows: number,
  cols: Int32Array,
  ncols: number,
): [number, number] {
  if (nrows === 1) {
    const v = m[(rows[0] as number) * s + (cols[0] as number)] as number;
    return [v, Math.abs(v)];
  }
  const r = rows[0] as number;
  const subRows = rows.subarray(1, nrows);
  const sub = new Int32Array(ncols - 1);
  let det = 0;
  let perm = 0;
  for (let k = 0; k < ncols; k++) {
    let q = 0;
    for (let c = 0; c < ncols; c++) if (c !== k) sub[q++] = cols[c] as number;
    const a = m[r * s + (cols[k] as number)] as number;
    if (a === 0) continue;
    const [d, p] = laplace(m, s, subRows, nrows - 1, sub, ncols - 1);
    det += (k % 2 === 0 ? a : -a) * d;
    perm += Math.abs(a) * p;
  }
  return [det, perm];
}

/** The hyperplane through D points: H(x) = Σ w_j x_j + bias = det[[S,1],[x,1]], with exactness data. */
export interface ExactPlane {
  /** Float cofactors: w (length D) and bias; H(x) = w·x + bias has the sign of the exact determinant. */
  readonly w: Float64Array;
  bias: number;
  /** Permanent-style magnitudes of the cofactors, for the float filter's error bound. */
  readonly wAbs: Float64Array;
  biasAbs: number;
  /** Row indices of the defining points. */
  readonly rows: Int32Array;
}

/** Path length of the float evaluation of H(x) by recursive Laplace expansion (error bound γ_m). */
function boundFactor(dim: number, inputOps: number): number {
  // Laplace path + the final dot product + the rounding of each of the D+1 factors of a term from its
  // exact decimal (inputOps roundings per entry: 1 for data, more for float Veronese monomials).
  const m = (dim * (dim + 1)) / 2 + dim + dim + 2 + (dim + 1) * inputOps;
  return 4 * m * EPS;
}

/**
 * Exact geometry over a fixed point set (`count` points of dimension `dim`, row-major): hyperplanes
 * through `dim` of them and exact orientation of any of them.
 */
export class ExactGeometry {
  readonly pts: Float64Array;
  readonly count: number;
  readonly dim: number;
  private big: bigint[] | undefined;
  private readonly factor: number;
  /** Number of orientation tests the float filter could not decide (decided exactly instead). */
  exactFallbacks = 0;

  /**
   * @param pts float coordinates (what prediction evaluates)
   * @param exact lazily built exact integer coordinates (column-scaled); default: the decimals of `pts`
   * @param inputOps roundings between an exact coordinate and its float (1 for data; degree·2 for monomials)
   */
  constructor(pts: Float64Array, count: number, dim: number, exact?: () => bigint[], inputOps = 1) {
    this.pts = pts;
    this.count = count;
    this.dim = dim;
    this.factor = boundFactor(dim, inputOps);
    this.cofBound = 4 * ((dim * (dim + 1)) / 2 + dim + dim * inputOps) * EPS;
    this.exactSource = exact ?? (() => exactIntegers(pts, count, dim));
  }

  private readonly exactSource: () => bigint[];
  private readonly cofBound: number;

  private bigPts(): bigint[] {
    if (this.big === undefined) this.big = this.exactSource();
    return this.big;
  }

  /** The plane through the points `rows` (length dim); null when they are affinely dependent. */
  plane(rows: Int32Array): ExactPlane | null {
    const D = this.dim;
    const s = D + 1;
    // (D)×(D+1) augmented matrix of the defining points.
    const m = new Float64Array(D * s);
    for (let i = 0; i < D; i++) {
      const r = rows[i] as number;
      for (let j = 0; j < D; j++) m[i * s + j] = this.pts[r * D + j] as number;
      m[i * s + D] = 1;
    }
    const w = new Float64Array(D);
    const wAbs = new Float64Array(D);
    let bias = 0;
    let biasAbs = 0;
    const rowIdx = new Int32Array(D);
    for (let i = 0; i < D; i++) rowIdx[i] = i;
    const cols = new Int32Array(D);
    // Cofactor of entry (D, j) of the (D+1)×(D+1) matrix whose last row is (x, 1).
    let certainlyFull = false;
    const cofBound = this.cofBound;
    for (let j = 0; j <= D; j++) {
      let q = 0;
      for (let c = 0; c <= D; c++) if (c !== j) cols[q++] = c;
      const [det, perm] = laplace(m, s, rowIdx, D, cols, D);
      const sign = (D + j) % 2 === 0 ? 1 : -1;
      if (Math.abs(det) > cofBound * perm && perm < 1e250 && perm > 1e-250) certainlyFull = true;
      if (j < D) {
        w[j] = sign * det;
        wAbs[j] = perm;
      } else {
        bias = sign * det;
        biasAbs = perm;
      }
    }
    if (!certainlyFull && !this.exactFullRank(rows)) return null;
    return { w, bias, wAbs, biasAbs, rows: Int32Array.from(rows) };
  }

  /** Exact rank test: some D×D minor of the augmented defining matrix is nonzero. */
  private exactFullRank(rows: Int32Array): boolean {
    const D = this.dim;
    const big = this.bigPts();
    for (let j = 0; j <= D; j++) {
      const a: bigint[] = [];
      for (let i = 0; i < D; i++) {
        const r = rows[i] as number;
        for (let c = 0; c <= D; c++) if (c !== j) a.push(c < D ? (big[r * D + c] as bigint) : 1n);
      }
      if (bigDetSign(a, D) !== 0) return true;
    }
    return false;
  }

  /** Exact sign (−1, 0, +1) of H(point) for the plane through `plane.rows`. */
  orient(plane: ExactPlane, point: number): number {
    const D = this.dim;
    const p = this.pts;
    let h = plane.bias;
    let bound = plane.biasAbs;
    for (let j = 0; j < D; j++) {
      const x = p[point * D + j] as number;
      h += (plane.w[j] as number) * x;
      bound += (plane.wAbs[j] as number) * Math.abs(x);
    }
    const b = this.factor * bound;
    if (h > b && bound < 1e250) return 1;
    if (h < -b && bound < 1e250) return -1;
    return this.exactOrient(plane.rows, point);
  }

  /** Exact sign of det[[S,1],[x,1]] with BigInt. */
  exactOrient(rows: Int32Array, point: number): number {
    this.exactFallbacks++;
    const D = this.dim;
    const n = D + 1;
    const big = this.bigPts();
    const a: bigint[] = new Array(n * n);
    for (let i = 0; i <= D; i++) {
      const r = i < D ? (rows[i] as number) : point;
      for (let j = 0; j < D; j++) a[i * n + j] = big[r * D + j] as bigint;
      a[i * n + D] = 1n;
    }
    return bigDetSign(a, n);
  }
}

/** Rank of a BigInt matrix (rows × cols, row-major; copied), by fraction-free elimination. */
export function bigRank(a: readonly bigint[], rows: number, cols: number): number {
  const m = a.slice();
  let rank = 0;
  let prev = 1n;
  for (let c = 0; c < cols && rank < rows; c++) {
    let p = rank;
    while (p < rows && m[p * cols + c] === 0n) p++;
    if (p === rows) continue;
    if (p !== rank)
      for (let j = 0; j < cols; j++) {
        const t = m[rank * cols + j] as bigint;
        m[rank * cols + j] = m[p * cols + j] as bigint;
        m[p * cols + j] = t;
      }
    const piv = m[rank * cols + c] as bigint;
    for (let i = rank + 1; i < rows; i++) {
      const f = m[i * cols + c] as bigint;
      for (let j = c + 1; j < cols; j++)
        m[i * cols + j] = ((m[i * cols + j] as bigint) * piv - f * (m[rank * cols + j] as bigint)) / prev;
      m[i * cols + c] = 0n;
    }
    prev = piv;
    rank++;
  }
  return rank;
}

/**
 * Coordinates spanning the affine hull of the points (exact integers, `count` × `dim`): a greedy set of
 * columns S such that [X_S, 1] has the rank of [X, 1]. Projecting onto S is then a bijection of the
 * hull, so hyperplane dichotomies of the points are those of the projected points — needed when the
 * data do not affinely span the space (e.g. Veronese images of points on a conic, or a constant column).
 */
export function affineBasisColumns(ints: readonly bigint[], count: number, dim: number): number[] {
  const chosen: number[] = [];
  let rank = count > 0 ? 1 : 0; // the constant column alone
  for (let j = 0; j < dim; j++) {
    const cols = [...chosen, j];
    const w = cols.length + 1;
    const a: bigint[] = new Array(count * w);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < cols.length; k++) a[i * w + k] = ints[i * dim + (cols[k] as number)] as bigint;
      a[i * w + cols.length] = 1n;
    }
    const r = bigRank(a, count, w);
    if (r > rank) {
      chosen.push(j);
      rank = r;
    }
  }
  return chosen;
}
