/**
 * @module kzg
 * Hiding KZG polynomial commitments on BLS12-381, as VDDP implements them (arXiv:2504.21752 §3;
 * privacy.md §1.3): com(F, R) = Σ F_i·g_i + Σ R_i·h_i with g_i = τ^i·g, h_i = τ^i·h, R a random
 * blinding polynomial. An opening at x commits to the value as Y = F(x)·g + R(x)·h (a Pedersen
 * commitment, or a public value when R(x) is revealed) and proves it with one G1 point
 * W = com((F − F(x))/(X − x), (R − R(x))/(X − x)); the check is e(C − Y + x·W, g2) = e(W, τ·g2).
 * Many openings are verified at once with a random linear combination (two pairings in all).
 */
import {
  G1,
  type G1Point,
  G2,
  type G2Point,
  hashToG1,
  msm,
  mulG1,
  mulG2,
  pairingProductIsOne,
} from './curve.js';
import { inv, isPow2, mul, R, randomScalar, rootOfUnity, sub } from './field.js';
import { divideByLinear, evaluate } from './poly.js';

/** Structured reference string: powers of τ on two independent G1 bases, and τ on G2. */
export interface Srs {
  /** g·τ^i, i = 0..g.length−1 (g = the G1 generator). */
  readonly g: readonly G1Point[];
  /** h·τ^i, i = 0..h.length−1 (h with unknown discrete log to g). */
  readonly h: readonly G1Point[];
  /** The G2 generator. */
  readonly g2: G2Point;
  /** τ·g2. */
  readonly g2Tau: G2Point;
}

/** A hiding opening: the committed value's commitment Y and the quotient commitment W. */
export interface Opening {
  /** Y = F(x)·g_0 + R(x)·h_0. */
  readonly y: G1Point;
  /** Quotient commitment. */
  readonly w: G1Point;
}

/** A single opening claim for (batched) verification. */
export interface OpeningClaim {
  readonly commitment: G1Point;
  readonly point: bigint;
  readonly opening: Opening;
}

/** Pedersen commitment v·g_0 + r·h_0. */
export function pedersen(srs: Srs, v: bigint, r: bigint): G1Point {
  return mulG1(srs.g[0] as G1Point, v).add(mulG1(srs.h[0] as G1Point, r));
}

/** com(F, R) = Σ F_i g_i + Σ R_i h_i; throws when a polynomial exceeds the SRS. */
export function commit(srs: Srs, f: readonly bigint[], r: readonly bigint[]): G1Point {
  if (f.length > srs.g.length)
    throw new RangeError(`degree ${f.length - 1} exceeds the SRS (${srs.g.length})`);
  if (r.length > srs.h.length)
    throw new RangeError(`blinding degree ${r.length - 1} exceeds the SRS (${srs.h.length})`);
  return msm([...srs.g.slice(0, f.length), ...srs.h.slice(0, r.length)], [...f, ...r]);
}

const lagrangeCache = new WeakMap<Srs, Map<number, G1Point[]>>();

/**
 * The Lagrange basis of the size-d domain in G1: L_i = [ℓ_i(τ)]·g, where ℓ_i interpolates the i-th unit
 * vector on {ω^j}. Since a vector v is committed as the polynomial intt(v), whose coefficients are
 * (1/d)Σ_i v_i ω^{-ij}, com = Σ_j coef_j·[τ^j]g = Σ_i v_i·L_i with L = (1/d)·DFT_{ω⁻¹}([τ^j]g): an inverse
 * NTT over G1 (d/2·log d + d scalar multiplications, ≈ 1.5 s at d = 1,024 on mcl; built once per SRS
 * and d, then cached). With it a vector of small entries (bits, small integers) is committed with small
 * scalars — mcl's MSM cost grows with the scalars' bit length (measured ≈ 1.7 µs per point for 0/1
 * against ≈ 100 µs for full scalars).
 */
export function lagrangeBasis(srs: Srs, d: number): G1Point[] {
  if (!isPow2(d) || d > srs.g.length)
    throw new RangeError(`Lagrange basis: d = ${d} must be a power of two ≤ ${srs.g.length}`);
  let byD = lagrangeCache.get(srs);
  if (byD === undefined) {
    byD = new Map();
    lagrangeCache.set(srs, byD);
  }
  const hit = byD.get(d);
  if (hit !== undefined) return hit;
  const a = srs.g.slice(0, d) as G1Point[];
  // Bit-reversal, then iterative Cooley–Tukey with ω⁻¹ (the same schedule as poly.ts's transform).
  for (let i = 1, j = 0; i < d; i++) {
    let bit = d >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const t = a[i] as G1Point;
      a[i] = a[j] as G1Point;
      a[j] = t;
    }
  }
  const wInv = inv(rootOfUnity(d));
  for (let len = 2; len <= d; len <<= 1) {
    let wl = wInv;
    for (let k = len; k < d; k <<= 1) wl = mul(wl, wl);
    const half = len >> 1;
    const tw: bigint[] = [1n];
    for (let j = 1; j < half; j++) tw.push(mul(tw[j - 1] as bigint, wl));
    for (let i = 0; i < d; i += len)
      for (let j = 0; j < half; j++) {
        const u = a[i + j] as G1Point;
        const v = mulG1(a[i + j + half] as G1Point, tw[j] as bigint);
        a[i + j] = u.add(v);
        a[i + j + half] = u.subtract(v);
      }
  }
  const dInv = inv(BigInt(d));
  for (let i = 0; i < d; i++) a[i] = mulG1(a[i] as G1Point, dInv);
  byD.set(d, a);
  return a;
}

/**
 * com(intt(values), r) computed in the Lagrange basis: Σ v_i·L_i + Σ r_j·h_j, with entries above r/2
 * taken as negative (−1 costs what 1 costs). Equal to {@link commit} of the interpolated polynomial.
 */
export function commitEvals(srs: Srs, values: readonly bigint[], r: readonly bigint[]): G1Point {
  if (r.length > srs.h.length)
    throw new RangeError(`blinding degree ${r.length - 1} exceeds the SRS (${srs.h.length})`);
  const L = lagrangeBasis(srs, values.length);
  const pos: G1Point[] = [...srs.h.slice(0, r.length)];
  const ps: bigint[] = [...r];
  const negs: G1Point[] = [];
  const ns: bigint[] = [];
  const half = R >> 1n;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as bigint;
    if (v === 0n) continue;
    if (v <= half) {
      pos.push(L[i] as G1Point);
      ps.push(v);
    } else {
      negs.push(L[i] as G1Point);
      ns.push(R - v);
    }
  }
  return negs.length === 0 ? msm(pos, ps) : msm(pos, ps).subtract(msm(negs, ns));
}

/** A uniformly random blinding polynomial with `len` coefficients. */
export function randomBlinding(len: number): bigint[] {
  return Array.from({ length: len }, () => randomScalar());
}

/**
 * Opens com(F, R) at x. Returns the opening (with Y hiding F(x) behind R(x)) and the two values, which
 * the prover keeps (reveal both for a public opening).
 */
export function open(
  srs: Srs,
  f: readonly bigint[],
  r: readonly bigint[],
  x: bigint,
): { opening: Opening; value: bigint; blind: bigint } {
  const value = evaluate(f, x);
  const blind = evaluate(r, x);
  const w = commit(srs, divideByLinear(f, x), divideByLinear(r, x));
  return { opening: { y: pedersen(srs, value, blind), w }, value, blind };
}

/** Verifies one opening: e(C − Y + x·W, g2) = e(W, τ·g2). */
export function verifyOpening(srs: Srs, c: OpeningClaim): boolean {
  const lhs = c.commitment.subtract(c.opening.y).add(mulG1(c.opening.w, c.point));
  return pairingProductIsOne([
    [lhs, srs.g2],
    [c.opening.w.negate(), srs.g2Tau],
  ]);
}

/**
 * Verifies many openings with one pairing-product check: random ρ_i (128-bit, from the CSPRNG) and
 * e(Σρ_i(C_i − Y_i + x_i W_i), g2) = e(Σρ_i W_i, τ g2). A false claim passes with probability ≤ 2^-128
 * over ρ.
 */
export function verifyOpeningsBatch(srs: Srs, claims: readonly OpeningClaim[]): boolean {
  if (claims.length === 0) return true;
  const pts: G1Point[] = [];
  const sc: bigint[] = [];
  const wPts: G1Point[] = [];
  const wSc: bigint[] = [];
  for (const c of claims) {
    const rho = randomScalar() >> 127n;
    pts.push(c.commitment, c.opening.y, c.opening.w);
    sc.push(rho, sub(0n, rho), mul(rho, c.point));
    wPts.push(c.opening.w);
    wSc.push(rho);
  }
  return pairingProductIsOne([
    [msm(pts, sc), srs.g2],
    [msm(wPts, wSc).negate(), srs.g2Tau],
  ]);
}

/**
 * An SRS from a known τ — for tests and benchmarks only: whoever knows τ can forge openings. Real
 * runs load a ceremony file (see ceremony.ts).
 */
export function insecureSrsFromTau(tau: bigint, gLen: number, hLen: number, h0: G1Point): Srs {
  const g: G1Point[] = [];
  const h: G1Point[] = [];
  h0.precompute(8, false);
  let t = 1n;
  for (let i = 0; i < Math.max(gLen, hLen); i++) {
    if (i < gLen) g.push(G1.BASE.multiply(t));
    if (i < hLen) h.push(h0.multiply(t));
    t = mul(t, tau);
  }
  return prepareSrs({ g, h, g2: G2.BASE, g2Tau: mulG2(G2.BASE, tau) });
}

/**
 * An SRS generated by the verifier itself from a fresh τ that is dropped on return. Sound *for that
 * verifier* (only it could have forged openings, and it is the party being convinced); privacy never
 * depends on τ. Others should rely on a multi-party ceremony file instead.
 */
export function verifierLocalSrs(gLen: number, hLen: number): Srs {
  return insecureSrsFromTau(randomScalar(), gLen, hLen, hashToG1('floret-vdp/srs/h'));
}

/**
 * Attaches fixed-base precomputation tables to g_0 and h_0 (in place; about 10× faster Pedersen
 * commitments and sigma-protocol masks). Returns the same SRS.
 */
export function prepareSrs(srs: Srs): Srs {
  // The generator object already carries noble's own table.
  if (srs.g[0] !== G1.BASE) (srs.g[0] as G1Point).precompute(8, false);
  (srs.h[0] as G1Point).precompute(8, false);
  return srs;
}
