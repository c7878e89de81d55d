/**
 * @module net/dichotomy
 * The cheapest strict linear dichotomy of a set of points (research note exact-learning.md §2.6, "a
 * lower-dimensional separability problem"; Deep-ICE, arXiv:2505.05740): what routing the points that
 * lie exactly on a degenerate hyperplane costs for K = 1. It is the K = 1 problem itself, one dimension
 * lower, solved exactly by the same data-defined enumeration:
 *
 * - the points are projected onto coordinates spanning their affine hull (a bijection on them);
 * - on a line the answer is the best threshold (coincident points together);
 * - above, every strict dichotomy is that of a hyperplane through k affinely independent points, with
 *   the points on it routed by a cheapest dichotomy one dimension lower. Affinely dependent k-subsets
 *   define no unique hyperplane and are skipped: every hyperplane through ≥ k of the points is still met
 *   through an independent k-subset of them, so the enumeration stays complete.
 *
 * What makes it fast on integer / categorical data, where one flat holds dozens of points:
 * - a flat met through several k-subsets is solved once: only the subset containing its lowest-indexed
 *   point is used, and a set of the on-flat point sets seen in this call drops the other repeats;
 * - sub-flats are memoised by their point set (the costs are fixed per point), across calls;
 * - a flat through exactly k points routes them freely (k independent points in a (k−1)-flat can be
 *   split any way), so no recursion is needed;
 * - a subset is dropped when its off-flat cost alone reaches the best found; the search stops at 0;
 * - hyperplane normals are cofactors computed once per subset (exact in float64 when the integers are
 *   small enough, else BigInt with a float filter), so a point costs one dot product.
 * A deadline is checked every few hundred subsets; when it passes, {@link DichotomyTimeUp} is thrown
 * and nothing partial is memoised.
 */

import { affineBasisColumns } from '../proper/exact.js';

/** Thrown when the deadline passes inside a dichotomy search (the result would not be exact). */
export class DichotomyTimeUp extends Error {
  constructor() {
    super('time limit reached inside a degenerate-plane dichotomy');
  }
}

/** A cheapest dichotomy: its cost and the routing (1 = positive side) of each point. */
export interface Dichotomy {
  readonly cost: number;
  readonly up: Uint8Array;
}

/** A memo entry: the exact answer, or the proof that the cost exceeds `bound`. */
type MemoEntry = Dichotomy | { readonly cost: null; readonly bound: number };

/** "The cost is above the limit asked for" (nothing exact is known). */
const ABOVE: Dichotomy = { cost: Number.POSITIVE_INFINITY, up: new Uint8Array(0) };

/** Shared state of one search: memo by point set, deadline, counters. */
export interface DichotomyContext {
  readonly memo: Map<string, MemoEntry>;
  deadline: number;
  ticks: number;
}

/** A fresh context (memo shared by every call that passes it; costs must be fixed per point id). */
export function dichotomyContext(deadline = Number.POSITIVE_INFINITY): DichotomyContext {
  return { memo: new Map(), deadline, ticks: 0 };
}

function tick(ctx: DichotomyContext): void {
  if (++ctx.ticks < 256) return;
  ctx.ticks = 0;
  if (Date.now() > ctx.deadline) throw new DichotomyTimeUp();
}

/**
 * The cheapest strict linear dichotomy of the m points `pts` (exact integers, row-major, dimension k)
 * with `ids` their stable identities (memo keys; the costs of an id must never change within `ctx`).
 * Routing point i up costs `cu[i]`, down `cd[i]`. Only answers of cost ≤ `limit` are needed: when the
 * optimum is above it the result has cost +Infinity (and no routing); at or below it, it is exact.
 * Subsets whose off-flat cost alone exceeds the limit are never opened (branch and bound).
 * @throws DichotomyTimeUp when `ctx.deadline` passes
 */
export function solveDichotomy(
  pts: readonly bigint[],
  m: number,
  k: number,
  cu: Float64Array,
  cd: Float64Array,
  ids: Int32Array,
  ctx: DichotomyContext,
  limit = Number.POSITIVE_INFINITY,
): Dichotomy {
  let sumUp = 0;
  let sumDown = 0;
  for (let i = 0; i < m; i++) {
    sumUp += cu[i] as number;
    sumDown += cd[i] as number;
  }
  const trivial: Dichotomy = {
    cost: Math.min(sumUp, sumDown),
    up: new Uint8Array(m).fill(sumUp <= sumDown ? 1 : 0),
  };
  if (m <= 1 || k === 0 || trivial.cost === 0) return trivial.cost <= limit ? trivial : ABOVE;
  const key = `${k}:${ids.join(',')}`;
  const hit = ctx.memo.get(key);
  if (hit !== undefined) {
    if (hit.cost !== null) return hit.cost <= limit ? hit : ABOVE;
    if (limit <= hit.bound) return ABOVE;
  }
  const cols = affineBasisColumns(pts, m, k);
  let r: Dichotomy;
  if (cols.length < k) {
    const proj: bigint[] = [];
    for (let i = 0; i < m; i++) for (const c of cols) proj.push(pts[i * k + c] as bigint);
    r = solveDichotomy(proj, m, cols.length, cu, cd, ids, ctx, limit);
  } else if (k === 1) r = threshold(pts, m, cu, cd, trivial);
  else r = throughSubsets(pts, m, k, cu, cd, ids, ctx, trivial, limit);
  if (ctx.memo.size > 200000) ctx.memo.clear();
  if (r.cost <= limit) ctx.memo.set(key, r);
  else ctx.memo.set(key, { cost: null, bound: limit });
  return r.cost <= limit ? r : ABOVE;
}

/** On a line: the best threshold, coincident points together. */
function threshold(
  pts: readonly bigint[],
  m: number,
  cu: Float64Array,
  cd: Float64Array,
  trivial: Dichotomy,
): Dichotomy {
  let sumUp = 0;
  let sumDown = 0;
  for (let i = 0; i < m; i++) {
    sumUp += cu[i] as number;
    sumDown += cd[i] as number;
  }
  const order = Array.from({ length: m }, (_v, i) => i).sort((a, b) =>
    (pts[a] as bigint) < (pts[b] as bigint) ? -1 : (pts[a] as bigint) > (pts[b] as bigint) ? 1 : 0,
  );
  let best = trivial.cost;
  let up = trivial.up;
  let preUp = 0;
  let preDown = 0;
  for (let g = 0; g < m; ) {
    let e = g;
    while (e < m && pts[order[e] as number] === pts[order[g] as number]) {
      preUp += cu[order[e] as number] as number;
      preDown += cd[order[e] as number] as number;
      e++;
    }
    if (e < m) {
      // Prefix up, suffix down; or prefix down, suffix up.
      const a = preUp + (sumDown - preDown);
      const b = preDown + (sumUp - preUp);
      if (a < best || b < best) {
        best = Math.min(a, b);
        up = new Uint8Array(m);
        for (let t = 0; t < m; t++) up[order[t] as number] = t < e === a <= b ? 1 : 0;
      }
    }
    g = e;
  }
  return { cost: best, up };
}

/** Float Laplace determinant of an n×n matrix (exact when every partial product is an integer < 2^53). */
function detF(a: Float64Array, n: number, rows: number[], cols: number[]): number {
  if (n === 1) return a[(rows[0] as number) * 8 + (cols[0] as number)] as number;
  if (n === 2) {
    const r0 = (rows[0] as number) * 8;
    const r1 = (rows[1] as number) * 8;
    const c0 = cols[0] as number;
    const c1 = cols[1] as number;
    return (a[r0 + c0] as number) * (a[r1 + c1] as number) - (a[r0 + c1] as number) * (a[r1 + c0] as number);
  }
  let s = 0;
  const r0 = (rows[0] as number) * 8;
  const rest = rows.slice(1);
  for (let j = 0; j < n; j++) {
    const v = a[r0 + (cols[j] as number)] as number;
    if (v === 0) continue;
    const sub = cols.slice(0, j).concat(cols.slice(j + 1));
    const d = detF(a, n - 1, rest, sub);
    s += (j & 1) === 0 ? v * d : -v * d;
  }
  return s;
}

/** BigInt determinant value by Bareiss elimination (a is n×n row-major, destroyed). */
function detB(a: bigint[], n: number): bigint {
  let sign = 1n;
  let prev = 1n;
  for (let k = 0; k < n - 1; k++) {
    if (a[k * n + k] === 0n) {
      let p = k + 1;
      while (p < n && a[p * n + k] === 0n) p++;
      if (p === n) return 0n;
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
      for (let j = k + 1; j < n; j++)
        a[i * n + j] = ((a[i * n + j] as bigint) * akk - aik * (a[k * n + j] as bigint)) / prev;
    }
    prev = akk;
  }
  return n === 0 ? 1n : sign * (a[n * n - 1] as bigint);
}

/** Every hyperplane through k independent points, on-flat points routed one dimension lower. */
function throughSubsets(
  pts: readonly bigint[],
  m: number,
  k: number,
  cu: Float64Array,
  cd: Float64Array,
  ids: Int32Array,
  ctx: DichotomyContext,
  trivial: Dichotomy,
  limit: number,
): Dichotomy {
  let best = trivial.cost;
  let up = trivial.up;
  // Exact in float64 when every cofactor term and dot product stays an integer below 2^53.
  let maxAbs = 0;
  const F = new Float64Array(m * k);
  for (let i = 0; i < m * k; i++) {
    const v = Number(pts[i] as bigint);
    F[i] = v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  let fact = 1;
  for (let i = 2; i <= k; i++) fact *= i;
  const exactFloat = fact * (2 * maxAbs) ** k * (k + 1) < 2 ** 53;
  // The float filter needs exact differences; beyond 2^52 every sign goes to BigInt.
  const filterOk = maxAbs < 2 ** 51;
  const diff = new Float64Array(8 * 8); // (k−1)×k differences, stride 8
  const wF = new Float64Array(k);
  const wB: bigint[] = new Array(k).fill(0n);
  const wAbs = new Float64Array(k);
  const sign = new Int8Array(m);
  const sub = new Int32Array(k);
  const seen = new Set<string>();
  const rowIdx = Array.from({ length: k - 1 }, (_v, i) => i);
  const allCols = Array.from({ length: k }, (_v, i) => i);
  const eps = 4 * (k + 2) * 2 ** -53;
  const visit = (): boolean => {
    tick(ctx);
    const s0 = sub[0] as number;
    // The normal: cofactors of the (k−1)×k matrix of differences (w·(q − s0) = det[diffs; q − s0]).
    let zero = true;
    if (exactFloat) {
      for (let r = 1; r < k; r++)
        for (let c = 0; c < k; c++)
          diff[(r - 1) * 8 + c] = (F[(sub[r] as number) * k + c] as number) - (F[s0 * k + c] as number);
      for (let c = 0; c < k; c++) {
        const cs = allCols.slice(0, c).concat(allCols.slice(c + 1));
        const v = k === 1 ? 1 : detF(diff, k - 1, rowIdx, cs);
        wF[c] = (k - 1 + c) % 2 === 0 ? v : -v;
        if (v !== 0) zero = false;
      }
    } else {
      for (let c = 0; c < k; c++) {
        const a: bigint[] = [];
        for (let r = 1; r < k; r++)
          for (let cc = 0; cc < k; cc++)
            if (cc !== c) a.push((pts[(sub[r] as number) * k + cc] as bigint) - (pts[s0 * k + cc] as bigint));
        const v = detB(a, k - 1);
        wB[c] = (k - 1 + c) % 2 === 0 ? v : -v;
        wF[c] = Number(wB[c]);
        wAbs[c] = Math.abs(wF[c] as number);
        if (v !== 0n) zero = false;
      }
    }
    if (zero) return false; // dependent subset: no unique hyperplane
    const on: number[] = [];
    let plusUp = 0;
    let plusDown = 0;
    let minusUp = 0;
    let minusDown = 0;
    for (let q = 0; q < m; q++) {
      let sg: number;
      if (q === s0 || sub.includes(q)) sg = 0;
      else {
        let h = 0;
        let bound = 0;
        for (let c = 0; c < k; c++) {
          const dq = (F[q * k + c] as number) - (F[s0 * k + c] as number);
          h += (wF[c] as number) * dq;
          if (!exactFloat) bound += (wAbs[c] as number) * Math.abs(dq);
        }
        if (exactFloat || (filterOk && (h > eps * bound || h < -eps * bound)))
          sg = h > 0 ? 1 : h < 0 ? -1 : 0;
        else {
          let hb = 0n;
          for (let c = 0; c < k; c++)
            hb += (wB[c] as bigint) * ((pts[q * k + c] as bigint) - (pts[s0 * k + c] as bigint));
          sg = hb > 0n ? 1 : hb < 0n ? -1 : 0;
        }
      }
      sign[q] = sg;
      if (sg > 0) {
        plusUp += cu[q] as number;
        plusDown += cd[q] as number;
      } else if (sg < 0) {
        minusUp += cu[q] as number;
        minusDown += cd[q] as number;
      } else {
        // A flat met again through another subset: only the one through its lowest point counts.
        if (q < s0) return false;
        on.push(q);
      }
      // Both orientations already cost more than needed: the rest cannot make this subset useful.
      if ((q & 15) === 15) {
        const partial = Math.min(plusUp + minusDown, plusDown + minusUp);
        if (partial >= best || partial > limit) return false;
      }
    }
    const lower = Math.min(plusUp + minusDown, plusDown + minusUp);
    if (lower >= best || lower > limit) return false;
    let r: Dichotomy;
    if (on.length === k) {
      // k independent points in a (k−1)-flat: every routing is realisable.
      const u = new Uint8Array(k);
      let c = 0;
      for (let j = 0; j < k; j++) {
        const q = on[j] as number;
        u[j] = (cu[q] as number) <= (cd[q] as number) ? 1 : 0;
        c += Math.min(cu[q] as number, cd[q] as number);
      }
      r = { cost: c, up: u };
    } else {
      const key = on.join(',');
      if (seen.has(key)) return false;
      seen.add(key);
      const onPts: bigint[] = [];
      for (const q of on) for (let c = 0; c < k; c++) onPts.push(pts[q * k + c] as bigint);
      r = solveDichotomy(
        onPts,
        on.length,
        k,
        Float64Array.from(on, (q) => cu[q] as number),
        Float64Array.from(on, (q) => cd[q] as number),
        Int32Array.from(on, (q) => ids[q] as number),
        ctx,
        Math.min(best, limit) - lower,
      );
    }
    const forward = plusUp + minusDown <= plusDown + minusUp;
    const cost = (forward ? plusUp + minusDown : plusDown + minusUp) + r.cost;
    if (cost < best) {
      best = cost;
      up = new Uint8Array(m);
      for (let q = 0; q < m; q++) up[q] = sign[q] === 0 ? 0 : (sign[q] as number) > 0 === forward ? 1 : 0;
      on.forEach((q, j) => {
        up[q] = r.up[j] as number;
      });
    }
    return best === 0;
  };
  let stop = false;
  const rec = (start: number, depth: number): void => {
    if (depth === k) {
      stop = visit();
      return;
    }
    for (let i = start; i <= m - (k - depth) && !stop; i++) {
      sub[depth] = i;
      rec(i + 1, depth + 1);
    }
  };
  rec(0, 0);
  return { cost: best, up };
}

/**
 * Every strict linear dichotomy of m ≤ 30 points (exact integers, row-major, dimension k) as bit masks
 * (bit i: point i on the positive side), both constants included — the routings a degenerate plane
 * offers a K ≥ 2 configuration. The same enumeration as the cheapest dichotomy (flats met once,
 * through their lowest point; exact signs by cofactors), without a cost bound.
 * @throws DichotomyTimeUp when `ctx.deadline` passes
 */
export function allDichotomies(
  pts: readonly bigint[],
  m: number,
  k: number,
  ctx: DichotomyContext,
): Set<number> {
  const all = m >= 31 ? 0x7fffffff : (1 << m) - 1;
  const out = new Set<number>([0, all]);
  if (m <= 1 || k === 0) return out;
  const cols = affineBasisColumns(pts, m, k);
  if (cols.length < k) {
    const proj: bigint[] = [];
    for (let i = 0; i < m; i++) for (const c of cols) proj.push(pts[i * k + c] as bigint);
    return allDichotomies(proj, m, cols.length, ctx);
  }
  if (k === 1) {
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
  const signs = new FlatSigns(pts, m, k);
  const sign = new Int8Array(m);
  const sub = new Int32Array(k);
  const seen = new Set<string>();
  const visit = (): void => {
    tick(ctx);
    if (!signs.compute(sub, sign)) return;
    const s0 = sub[0] as number;
    let plus = 0;
    let minus = 0;
    const on: number[] = [];
    for (let q = 0; q < m; q++) {
      const sg = sign[q] as number;
      if (sg > 0) plus |= 1 << q;
      else if (sg < 0) minus |= 1 << q;
      else {
        if (q < s0) return; // the flat is met through its lowest point
        on.push(q);
      }
    }
    if (on.length === k) {
      // k independent points in a (k−1)-flat: every routing of them.
      for (let r = 0; r < 1 << k; r++) {
        let routed = 0;
        for (let j = 0; j < k; j++) if ((r >>> j) & 1) routed |= 1 << (on[j] as number);
        out.add((plus | routed) >>> 0);
        out.add((minus | routed) >>> 0);
      }
      return;
    }
    const key = on.join(',');
    if (seen.has(key)) return;
    seen.add(key);
    const onPts: bigint[] = [];
    for (const q of on) for (let c = 0; c < k; c++) onPts.push(pts[q * k + c] as bigint);
    for (const r of allDichotomies(onPts, on.length, k, ctx)) {
      let routed = 0;
      on.forEach((q, j) => {
        if ((r >>> j) & 1) routed |= 1 << q;
      });
      out.add((plus | routed) >>> 0);
      out.add((minus | routed) >>> 0);
    }
  };
  const rec = (start: number, depth: number): void => {
    if (depth === k) {
      visit();
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

/** Exact signs of m points (dimension k) against the hyperplane through k of them, by cofactors. */
class FlatSigns {
  private readonly F: Float64Array;
  private readonly exactFloat: boolean;
  private readonly filterOk: boolean;
  private readonly diff = new Float64Array(64);
  private readonly wF: Float64Array;
  private readonly wAbs: Float64Array;
  private readonly wB: bigint[];
  private readonly rowIdx: number[];
  private readonly allCols: number[];
  constructor(
    private readonly pts: readonly bigint[],
    private readonly m: number,
    private readonly k: number,
  ) {
    let maxAbs = 0;
    this.F = new Float64Array(m * k);
    for (let i = 0; i < m * k; i++) {
      const v = Number(pts[i] as bigint);
      this.F[i] = v;
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    let fact = 1;
    for (let i = 2; i <= k; i++) fact *= i;
    this.exactFloat = fact * (2 * maxAbs) ** k * (k + 1) < 2 ** 53;
    this.filterOk = maxAbs < 2 ** 51;
    this.wF = new Float64Array(k);
    this.wAbs = new Float64Array(k);
    this.wB = new Array<bigint>(k).fill(0n);
    this.rowIdx = Array.from({ length: k - 1 }, (_v, i) => i);
    this.allCols = Array.from({ length: k }, (_v, i) => i);
  }

  /** Fills `sign` (+1 / −1 / 0) for every point; false when the k points are affinely dependent. */
  compute(sub: Int32Array, sign: Int8Array): boolean {
    const { F, k, m, pts, wF, wAbs, wB } = this;
    const s0 = sub[0] as number;
    let zero = true;
    if (this.exactFloat) {
      for (let r = 1; r < k; r++)
        for (let c = 0; c < k; c++)
          this.diff[(r - 1) * 8 + c] = (F[(sub[r] as number) * k + c] as number) - (F[s0 * k + c] as number);
      for (let c = 0; c < k; c++) {
        const cs = this.allCols.slice(0, c).concat(this.allCols.slice(c + 1));
        const v = detF(this.diff, k - 1, this.rowIdx, cs);
        wF[c] = (k - 1 + c) % 2 === 0 ? v : -v;
        if (v !== 0) zero = false;
      }
    } else {
      for (let c = 0; c < k; c++) {
        const a: bigint[] = [];
        for (let r = 1; r < k; r++)
          for (let cc = 0; cc < k; cc++)
            if (cc !== c) a.push((pts[(sub[r] as number) * k + cc] as bigint) - (pts[s0 * k + cc] as bigint));
        const v = detB(a, k - 1);
        wB[c] = (k - 1 + c) % 2 === 0 ? v : -v;
        wF[c] = Number(wB[c]);
        wAbs[c] = Math.abs(wF[c] as number);
        if (v !== 0n) zero = false;
      }
    }
    if (zero) return false;
    const eps = 4 * (k + 2) * 2 ** -53;
    for (let q = 0; q < m; q++) {
      if (sub.includes(q)) {
        sign[q] = 0;
        continue;
      }
      let h = 0;
      let bound = 0;
      for (let c = 0; c < k; c++) {
        const dq = (F[q * k + c] as number) - (F[s0 * k + c] as number);
        h += (wF[c] as number) * dq;
        if (!this.exactFloat) bound += (wAbs[c] as number) * Math.abs(dq);
      }
      if (this.exactFloat || (this.filterOk && (h > eps * bound || h < -eps * bound)))
        sign[q] = h > 0 ? 1 : h < 0 ? -1 : 0;
      else {
        let hb = 0n;
        for (let c = 0; c < k; c++)
          hb += (wB[c] as bigint) * ((pts[q * k + c] as bigint) - (pts[s0 * k + c] as bigint));
        sign[q] = hb > 0n ? 1 : hb < 0n ? -1 : 0;
      }
    }
    return true;
  }
}
