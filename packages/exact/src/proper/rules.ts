/**
 * @module proper/rules
 * Data-defined splitting rules of proper decision trees (arXiv:2503.01455; research note
 * exact-learning.md §1.3 (2)–(3)): axis-parallel rules `x_f ≤ X[n][f]`, hyperplanes through D data
 * points (null vector of the constant-1 augmented D×(D+1) matrix, i.e. cofactors), and degree-m
 * hypersurfaces as hyperplanes through D points after the Veronese map. Each rule becomes a side
 * bit-vector over the rows (bit set = goes left).
 *
 * Points ON a hyperplane (its defining points, their duplicates, and any other exactly coplanar point,
 * found with exact orientation, see exact.ts) may go to either side: a small perturbation of the plane
 * sends them where we choose, provided the choice is a strict linear dichotomy within the plane. So each
 * plane is expanded into one rule per realisable routing of its on-plane locations:
 * - generic (exactly D on-plane locations, affinely independent): all 2^D routings are realisable;
 * - D = 2 and more than 2 collinear locations: the prefixes along the line (either side), all-left, all-right;
 * - D ≥ 3 and more than D coplanar locations: all-left and all-right only (documented restriction).
 * Completeness (research note §1.3 (3), argued via extreme rays of the cone of weakly separating planes):
 * when the locations affinely span the space, every strict hyperplane dichotomy of the data is one of
 * these rules, except dichotomies needing the restricted D ≥ 3 degenerate routings. Axis rules are
 * always included in the hyperplane families, so hyperplane trees are never worse than axis trees.
 */
import { wordsFor } from './bitset.js';
import { affineBasisColumns, ExactGeometry, exactIntegers } from './exact.js';

/** Which rules to generate. */
export type RuleFamily = { kind: 'axis' } | { kind: 'hyperplane' } | { kind: 'poly'; degree: number };

/** How a rule is realised as a tree split once the rows at its node are known. */
export type Realiser =
  | { readonly kind: 'axis'; readonly feature: number; readonly threshold: number }
  | {
      readonly kind: 'plane';
      /** Degree of the Veronese map (1 = plain hyperplane). */
      readonly degree: number;
      /** H(z) = w·z + bias, exact sign; negative = left. */
      readonly w: Float64Array;
      readonly bias: number;
      /** Affine perturbation u(z) = uw·z + ub with the chosen signs on the on-plane points (negative = left). */
      readonly uw: Float64Array;
      readonly ub: number;
      /** On-plane locations (their rows must be routed by u). */
      readonly onPlane: Int32Array;
    };

/** One splitting rule: its defining locations (for the ancestry relation), left side and realiser. */
export interface Rule {
  /** Locations (unique points) that define the rule; their routed sides are in `left`. */
  readonly def: Int32Array;
  /** Rows going left (bitset over rows). */
  readonly left: Uint32Array;
  readonly realiser: Realiser;
}

/** The rule set of a data set, with the location structure it was built from. */
export interface RuleSet {
  readonly rules: Rule[];
  /** Rows, words per bitset. */
  readonly n: number;
  readonly words: number;
  /** Location (unique feature vector) of each row, and the number of locations. */
  readonly locOf: Int32Array;
  readonly locations: number;
  /** Embedded coordinates (Veronese map for poly) of each location, row-major, `dim` wide. */
  readonly coords: Float64Array;
  readonly dim: number;
  /** D-subsets skipped as affinely dependent, planes with restricted routings, exact fallbacks. */
  readonly degenerateSubsets: number;
  readonly restrictedPlanes: number;
  readonly exactFallbacks: number;
}

/** Options of {@link buildRules}. */
export interface RuleOptions {
  /** Refuse to build more rules than this (the search is polynomial of high degree). Default 1,000,000. */
  readonly maxRules?: number;
}

/**
 * Exponent index tuples of the Veronese map: all monomials of degree 1..m in d variables, graded
 * (degree ascending), then lexicographic over non-decreasing index tuples: for d = 2, m = 2:
 * x0, x1, x0·x0, x0·x1, x1·x1.
 */
export function veroneseTerms(d: number, degree: number): number[][] {
  const out: number[][] = [];
  for (let k = 1; k <= degree; k++) {
    const t = new Array<number>(k).fill(0);
    for (;;) {
      out.push(t.slice());
      let i = k - 1;
      while (i >= 0 && (t[i] as number) === d - 1) i--;
      if (i < 0) break;
      const v = (t[i] as number) + 1;
      for (let j = i; j < k; j++) t[j] = v;
    }
  }
  return out;
}

/**
 * The Veronese map φ(x) of a d-vector (monomials in {@link veroneseTerms} order, each product
 * evaluated left to right in float64). Degree 1 is the identity. Prediction must use the same map.
 */
export function veronese(x: ArrayLike<number>, d: number, degree: number, out?: Float64Array): Float64Array {
  const terms = veroneseTerms(d, degree);
  const o = out ?? new Float64Array(terms.length);
  for (let t = 0; t < terms.length; t++) {
    const idx = terms[t] as number[];
    let p = x[idx[0] as number] as number;
    for (let j = 1; j < idx.length; j++) p *= x[idx[j] as number] as number;
    o[t] = p;
  }
  return o;
}

/** Evaluates w·z + bias in the fixed order prediction uses (j ascending, then + bias). */
export function planeValue(w: ArrayLike<number>, bias: number, z: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += (w[j] as number) * (z[j] as number);
  return s + bias;
}

function key(rowsX: Float64Array, d: number, i: number): string {
  let s = '';
  for (let f = 0; f < d; f++) s += `${rowsX[i * d + f]},`;
  return s;
}

/** Unique feature vectors: location of every row, in order of first appearance. */
export function locate(x: Float64Array, n: number, d: number): { locOf: Int32Array; first: Int32Array } {
  const map = new Map<string, number>();
  const locOf = new Int32Array(n);
  const first: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = key(x, d, i);
    let l = map.get(k);
    if (l === undefined) {
      l = first.length;
      map.set(k, l);
      first.push(i);
    }
    locOf[i] = l;
  }
  return { locOf, first: Int32Array.from(first) };
}

/** Iterates the k-subsets of 0..n−1 in lex order into `c` (reused). */
function forEachSubset(n: number, k: number, visit: (c: Int32Array) => void): void {
  if (k > n || k === 0) return;
  const c = new Int32Array(k);
  for (let i = 0; i < k; i++) c[i] = i;
  for (;;) {
    visit(c);
    let i = k - 1;
    while (i >= 0 && (c[i] as number) === n - k + i) i--;
    if (i < 0) return;
    c[i] = (c[i] as number) + 1;
    for (let j = i + 1; j < k; j++) c[j] = (c[j - 1] as number) + 1;
  }
}

/** Solves a small dense system A·x = b (n×n, row-major) by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const m = Float64Array.from(a);
  const r = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++)
      if (Math.abs(m[i * n + k] as number) > Math.abs(m[p * n + k] as number)) p = i;
    if (m[p * n + k] === 0) return null;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j] as number;
        m[k * n + j] = m[p * n + j] as number;
        m[p * n + j] = t;
      }
      const t = r[k] as number;
      r[k] = r[p] as number;
      r[p] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const f = (m[i * n + k] as number) / (m[k * n + k] as number);
      if (f === 0) continue;
      for (let j = k; j < n; j++) m[i * n + j] = (m[i * n + j] as number) - f * (m[k * n + j] as number);
      r[i] = (r[i] as number) - f * (r[k] as number);
    }
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = r[i] as number;
    for (let j = i + 1; j < n; j++) s -= (m[i * n + j] as number) * (x[j] as number);
    x[i] = s / (m[i * n + i] as number);
  }
  return x;
}

/**
 * An affine u with u(z_i) = t_i at the D defining points (the minimum-norm-like solution obtained by
 * also asking w_H · a = 0, so u varies along the plane only).
 */
function affineThrough(
  coords: Float64Array,
  dim: number,
  defs: Int32Array,
  t: number[],
  normal: Float64Array,
) {
  const n = dim + 1;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let i = 0; i < dim; i++) {
    const l = defs[i] as number;
    for (let j = 0; j < dim; j++) a[i * n + j] = coords[l * dim + j] as number;
    a[i * n + dim] = 1;
    b[i] = t[i] as number;
  }
  for (let j = 0; j < dim; j++) a[dim * n + j] = normal[j] as number;
  a[dim * n + dim] = 0;
  b[dim] = 0;
  const x = solve(a, b, n);
  if (x === null) return null;
  return { uw: x.subarray(0, dim), ub: x[dim] as number };
}

/**
 * Builds the candidate rules of a family over `x` (n × d, row-major).
 * @throws RangeError when more than `maxRules` rules would be built
 */
export function buildRules(
  x: Float64Array,
  n: number,
  d: number,
  family: RuleFamily,
  options: RuleOptions = {},
): RuleSet {
  const maxRules = options.maxRules ?? 1_000_000;
  const words = wordsFor(n);
  const { locOf, first } = locate(x, n, d);
  const L = first.length;
  // Rows of every location, CSR.
  const start = new Int32Array(L + 1);
  for (let i = 0; i < n; i++) {
    const l = (locOf[i] as number) + 1;
    start[l] = (start[l] as number) + 1;
  }
  for (let l = 0; l < L; l++) start[l + 1] = (start[l + 1] as number) + (start[l] as number);
  const fillPos = start.slice(0, L);
  const rowsOfLoc = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const l = locOf[i] as number;
    rowsOfLoc[fillPos[l] as number] = i;
    fillPos[l] = (fillPos[l] as number) + 1;
  }
  const setLoc = (bits: Uint32Array, l: number) => {
    for (let p = start[l] as number; p < (start[l + 1] as number); p++) {
      const r = rowsOfLoc[p] as number;
      bits[r >>> 5] = (bits[r >>> 5] as number) | (1 << (r & 31));
    }
  };
  const rules: Rule[] = [];
  const push = (r: Rule) => {
    if (rules.length >= maxRules) {
      throw new RangeError(
        `more than ${maxRules} candidate rules for ${n} rows and ${d} features; use fewer rows or features, axis splits, or a smaller degree`,
      );
    }
    rules.push(r);
  };

  // Axis-parallel rules: one per (feature, location) whose value is below the feature's maximum, so the
  // ancestry relation sees every defining point; the threshold is the midpoint to the next larger value.
  for (let f = 0; f < d; f++) {
    const vals = new Float64Array(L);
    for (let l = 0; l < L; l++) vals[l] = x[(first[l] as number) * d + f] as number;
    const sorted = Float64Array.from(vals).sort();
    for (let l = 0; l < L; l++) {
      const v = vals[l] as number;
      // Next distinct value above v (binary search).
      let lo = 0;
      let hi = L;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((sorted[mid] as number) <= v) lo = mid + 1;
        else hi = mid;
      }
      if (lo >= L) continue; // v is the maximum: everything goes left
      const next = sorted[lo] as number;
      let thr = v + (next - v) / 2;
      if (!(thr >= v && thr < next)) thr = v;
      const left = new Uint32Array(words);
      for (let m = 0; m < L; m++) if ((vals[m] as number) <= v) setLoc(left, m);
      push({ def: Int32Array.of(l), left, realiser: { kind: 'axis', feature: f, threshold: thr } });
    }
  }
  let degenerateSubsets = 0;
  let restrictedPlanes = 0;
  let exactFallbacks = 0;
  let dim = d;
  let coords = new Float64Array(L * d);
  for (let l = 0; l < L; l++)
    for (let f = 0; f < d; f++) coords[l * d + f] = x[(first[l] as number) * d + f] as number;
  if (family.kind !== 'axis') {
    const degree = family.kind === 'poly' ? family.degree : 1;
    let exact: (() => bigint[]) | undefined;
    if (degree > 1) {
      const terms = veroneseTerms(d, degree);
      const base = coords;
      // Exact monomials: products of the column-scaled decimal integers (each column keeps one scale).
      exact = () => {
        const ints = exactIntegers(base, L, d);
        const out: bigint[] = new Array(L * terms.length);
        for (let l = 0; l < L; l++)
          for (let t = 0; t < terms.length; t++) {
            let v = 1n;
            for (const f of terms[t] as number[]) v *= ints[l * d + f] as bigint;
            out[l * terms.length + t] = v;
          }
        return out;
      };
      dim = terms.length;
      const c2 = new Float64Array(L * dim);
      const tmp = new Float64Array(dim);
      for (let l = 0; l < L; l++) {
        veronese(coords.subarray(l * d, l * d + d), d, degree, tmp);
        c2.set(tmp, l * dim);
      }
      coords = c2;
    }
    // Work in coordinates spanning the affine hull of the locations (exactly): planes through r points
    // of the projection, written back with zero weight on the other coordinates.
    const fullInts = exact !== undefined ? exact() : exactIntegers(coords, L, dim);
    const cols = affineBasisColumns(fullInts, L, dim);
    const r = cols.length;
    const P = new Float64Array(L * r);
    const Pint: bigint[] = new Array(L * r);
    for (let l = 0; l < L; l++)
      for (let k = 0; k < r; k++) {
        P[l * r + k] = coords[l * dim + (cols[k] as number)] as number;
        Pint[l * r + k] = fullInts[l * dim + (cols[k] as number)] as bigint;
      }
    const full = dim;
    const expand = (v: ArrayLike<number>): Float64Array => {
      const o = new Float64Array(full);
      for (let k = 0; k < r; k++) o[cols[k] as number] = v[k] as number;
      return o;
    };
    const geo = new ExactGeometry(P, L, r, () => Pint, degree === 1 ? 1 : 2 * degree);
    // Fail fast: C(L, r) planes (each gives ≥ 2 rules) would exceed the limit.
    let planes = 1;
    for (let k = 0; k < r; k++) planes = (planes * (L - k)) / (k + 1);
    if (planes > maxRules)
      throw new RangeError(
        `${Math.round(planes).toLocaleString('en-US')} candidate hyperplanes through ${r} of ${L} distinct points exceed the limit of ${maxRules.toLocaleString('en-US')} rules; use fewer rows or features, axis splits, or a smaller degree`,
      );
    const side = new Int8Array(L);
    forEachSubset(L, r, (c) => {
      const plane = geo.plane(c);
      if (plane === null) {
        degenerateSubsets++;
        return;
      }
      const on: number[] = [];
      for (let l = 0; l < L; l++) {
        const s = geo.orient(plane, l);
        side[l] = s;
        if (s === 0) on.push(l);
      }
      const base = new Uint32Array(words);
      for (let l = 0; l < L; l++) if ((side[l] as number) < 0) setLoc(base, l);
      const defs = Int32Array.from(c);
      const onPlane = Int32Array.from(on);
      const w = expand(plane.w);
      const addRouting = (toLeft: number[], uw: Float64Array, ub: number) => {
        const left = base.slice();
        for (const l of toLeft) setLoc(left, l);
        push({
          def: defs,
          left,
          realiser: {
            kind: 'plane',
            degree,
            w,
            bias: plane.bias,
            uw: expand(uw),
            ub,
            onPlane,
          },
        });
      };
      const zero = new Float64Array(r);
      if (on.length === r) {
        // Generic: every routing of the D defining points.
        const t = new Array<number>(r);
        for (let mask = 0; mask < 1 << r; mask++) {
          const toLeft: number[] = [];
          for (let i = 0; i < r; i++) {
            const goesLeft = ((mask >>> i) & 1) === 1;
            t[i] = goesLeft ? -1 : 1;
            if (goesLeft) toLeft.push(c[i] as number);
          }
          if (mask === 0) addRouting(toLeft, zero, 1);
          else if (mask === (1 << r) - 1) addRouting(toLeft, zero, -1);
          else {
            const u = affineThrough(P, r, defs, t, plane.w);
            if (u !== null) addRouting(toLeft, u.uw, u.ub);
          }
        }
      } else {
        restrictedPlanes += r >= 3 ? 1 : 0;
        addRouting(on, zero, -1);
        addRouting([], zero, 1);
        if (r === 2) {
          // Collinear locations: order them along the line and route prefixes to either side.
          const a = c[0] as number;
          const b = c[1] as number;
          const dir0 = (P[b * 2] as number) - (P[a * 2] as number);
          const dir1 = (P[b * 2 + 1] as number) - (P[a * 2 + 1] as number);
          const tOf = (l: number) => dir0 * (P[l * 2] as number) + dir1 * (P[l * 2 + 1] as number);
          const order = on.slice().sort((p, q) => tOf(p) - tOf(q));
          for (let k = 1; k < order.length; k++) {
            const cut = (tOf(order[k - 1] as number) + tOf(order[k] as number)) / 2;
            const prefix = order.slice(0, k);
            const suffix = order.slice(k);
            addRouting(prefix, Float64Array.of(dir0, dir1), -cut);
            addRouting(suffix, Float64Array.of(-dir0, -dir1), cut);
          }
        }
      }
    });
    exactFallbacks = geo.exactFallbacks;
  }
  return {
    rules,
    n,
    words,
    locOf,
    locations: L,
    coords,
    dim,
    degenerateSubsets,
    restrictedPlanes,
    exactFallbacks,
  };
}
