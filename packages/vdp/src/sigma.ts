/**
 * @module sigma
 * The sigma protocols of VDDP (arXiv:2504.21752 §3; privacy.md §1.3) on Pedersen/hiding-KZG
 * commitments over BLS12-381, made non-interactive with Fiat–Shamir (every challenge is derived from
 * a {@link Transcript} that has absorbed every public value first):
 * - `Prod`: committed c = a·b (5 masks, 3 G1 + 5 Fr);
 * - `Equal`: two commitments hide the same value (Schnorr on the h-exponent difference);
 * - `EvalSecret`: a committed polynomial at a public point equals a committed value (one KZG opening);
 * - `SecretEval`: a public polynomial at a *committed* point equals a committed value (quotient
 *   commitment, random u, one opening and one `Prod`);
 * - `Binary`: a committed vector is 0/1 (F² − F divisible by X^n − 1);
 * - `Hadamard` / `Mux`: entrywise c = a∘b (quotient by X^n − 1), out = b + s∘(a − b).
 * Verification is expressed as linear equations Σ s_i·P_i = 0 in G1 plus KZG opening claims, gathered
 * in a {@link VerifierBatch} and checked together (random linear combination: one MSM, two pairings).
 */
import { G1, type G1Point, msm, mulG1, pairingProductIsOne } from './curve.js';
import { add, mul, neg, R, randomScalar, sub } from './field.js';
import {
  commit,
  commitEvals,
  type Opening,
  type OpeningClaim,
  open,
  pedersen,
  randomBlinding,
  type Srs,
} from './kzg.js';
import {
  divideByLinear,
  divideByVanishing,
  evaluate,
  floorQuotient,
  intt,
  polyMul,
  polySub,
  vanishingAt,
} from './poly.js';
import type { Transcript } from './transcript.js';

/**
 * A lazy linear combination Σ k_i·P_i of G1 points. Verifiers pass derived commitments (such as
 * u·g − T) in this form so that no scalar multiplication happens before the single batch MSM.
 */
export type Lin = readonly (readonly [G1Point, bigint])[];

/** A point, or a lazy combination, as a {@link Lin}. */
export function toLin(p: G1Point | Lin): Lin {
  return Array.isArray(p) ? (p as Lin) : [[p as G1Point, 1n]];
}

/**
 * Collects group equations and KZG openings and checks them all at once. Entries are tagged with the
 * current {@link VerifierBatch.section}; when the combined check fails, sections are re-checked one by
 * one so the reason names the first failing step.
 */
export class VerifierBatch {
  private readonly pts: G1Point[] = [];
  private readonly sc: bigint[] = [];
  private readonly ptsSec: number[] = [];
  private readonly claims: { commitment: Lin; y: Lin; w: G1Point; point: bigint; sec: number }[] = [];
  private readonly sections: string[] = ['proof'];
  private cur = 0;
  private failed: string | null = null;

  constructor(private readonly srs: Srs) {}

  /** Names the step the following checks belong to (used in failure reasons). */
  section(name: string): void {
    this.sections.push(name);
    this.cur = this.sections.length - 1;
  }
  /** Requires Σ scalars[i]·points[i] = 0 (weighted by a fresh random ρ in the final check). */
  zero(points: readonly G1Point[], scalars: readonly bigint[]): void {
    const rho = randomScalar() >> 127n;
    for (let i = 0; i < points.length; i++) {
      this.pts.push(points[i] as G1Point);
      this.sc.push(mul(rho, scalars[i] as bigint));
      this.ptsSec.push(this.cur);
    }
  }
  /** Requires Σ k·(terms) = 0 for a list of (lazy combination, coefficient) pairs. */
  zeroLin(parts: readonly (readonly [Lin, bigint])[]): void {
    const rho = randomScalar() >> 127n;
    for (const [l, k] of parts) {
      const rk = mul(rho, k);
      for (const [p, c] of l) {
        this.pts.push(p);
        this.sc.push(mul(rk, c));
        this.ptsSec.push(this.cur);
      }
    }
  }
  /** Requires a KZG opening to verify. */
  opening(claim: OpeningClaim): void {
    this.openingLin([[claim.commitment, 1n]], [[claim.opening.y, 1n]], claim.opening.w, claim.point);
  }
  /** Requires a KZG opening whose commitment and value commitment are lazy combinations. */
  openingLin(commitment: Lin, y: Lin, w: G1Point, point: bigint): void {
    this.claims.push({ commitment, y, w, point, sec: this.cur });
  }
  /** Records a check that already failed (e.g. a malformed value). */
  fail(reason: string): void {
    if (this.failed === null) this.failed = `${this.sections[this.cur]}: ${reason}`;
  }

  /** e(Σρ(C − Y + xW), g2) = e(ΣρW, τg2) over the claims of one section (or all, sec = −1). */
  private claimsHold(sec: number): boolean {
    const pts: G1Point[] = [];
    const sc: bigint[] = [];
    const wPts: G1Point[] = [];
    const wSc: bigint[] = [];
    for (const c of this.claims) {
      if (sec >= 0 && c.sec !== sec) continue;
      const rho = randomScalar() >> 127n;
      for (const [p, k] of c.commitment) {
        pts.push(p);
        sc.push(mul(rho, k));
      }
      for (const [p, k] of c.y) {
        pts.push(p);
        sc.push(neg(mul(rho, k)));
      }
      pts.push(c.w);
      sc.push(mul(rho, c.point));
      wPts.push(c.w);
      wSc.push(rho);
    }
    if (wPts.length === 0) return true;
    return pairingProductIsOne([
      [msm(pts, sc), this.srs.g2],
      [msm(wPts, wSc).negate(), this.srs.g2Tau],
    ]);
  }

  /** Σ s_i P_i = 0 over one section's equations (or all, sec = −1); repeated points enter once. */
  private equationsHold(sec: number): boolean {
    const idx = new Map<G1Point, number>();
    const pts: G1Point[] = [];
    const sc: bigint[] = [];
    for (let i = 0; i < this.pts.length; i++) {
      if (sec >= 0 && this.ptsSec[i] !== sec) continue;
      const p = this.pts[i] as G1Point;
      const at = idx.get(p);
      if (at === undefined) {
        idx.set(p, pts.length);
        pts.push(p);
        sc.push(this.sc[i] as bigint);
      } else sc[at] = add(sc[at] as bigint, this.sc[i] as bigint);
    }
    return pts.length === 0 || msm(pts, sc).equals(G1.ZERO);
  }

  /**
   * Everything in one check: e(Σρ(C − Y + xW) + Σ ρ′·(equation terms), g2) = e(ΣρW, τg2). Each claim
   * and each equation carries its own independent 128-bit random weight, so if any of them fails the
   * product differs from 1 except with probability ≤ 2^-127 (GT has prime order). Points repeated
   * across equations and claims (g, h, shared commitments) enter the one G1 MSM once.
   */
  private allHold(): boolean {
    const idx = new Map<G1Point, number>();
    const pts: G1Point[] = [];
    const sc: bigint[] = [];
    const put = (p: G1Point, k: bigint): void => {
      const at = idx.get(p);
      if (at === undefined) {
        idx.set(p, pts.length);
        pts.push(p);
        sc.push(k);
      } else sc[at] = add(sc[at] as bigint, k);
    };
    for (let i = 0; i < this.pts.length; i++) put(this.pts[i] as G1Point, this.sc[i] as bigint);
    const wPts: G1Point[] = [];
    const wSc: bigint[] = [];
    for (const c of this.claims) {
      const rho = randomScalar() >> 127n;
      for (const [p, k] of c.commitment) put(p, mul(rho, k));
      for (const [p, k] of c.y) put(p, neg(mul(rho, k)));
      put(c.w, mul(rho, c.point));
      wPts.push(c.w);
      wSc.push(rho);
    }
    if (wPts.length === 0) return pts.length === 0 || msm(pts, sc).is0();
    return pairingProductIsOne([
      [msm(pts, sc), this.srs.g2],
      [msm(wPts, wSc).negate(), this.srs.g2Tau],
    ]);
  }

  /** Runs the combined check; returns null when everything holds, else a reason naming the step. */
  check(): string | null {
    if (this.failed !== null) return this.failed;
    if (this.allHold()) return null;
    // Something fails: re-check KZG openings and equations separately, then step by step, for a reason.
    const kzg = this.claimsHold(-1);
    for (let s = 0; s < this.sections.length; s++) {
      if (!this.claimsHold(s)) return `${this.sections[s]}: a KZG opening fails`;
      if (!this.equationsHold(s)) return `${this.sections[s]}: a sigma-protocol equation fails`;
    }
    return kzg ? 'a sigma-protocol equation fails' : 'a KZG opening fails';
  }
}

/** A committed scalar the prover knows: value v, randomness r, commitment v·g + r·h. */
export interface Secret {
  readonly v: bigint;
  readonly r: bigint;
  readonly c: G1Point;
}

/** Commits to v with fresh randomness. */
export function commitScalar(srs: Srs, v: bigint, r: bigint = randomScalar()): Secret {
  return { v, r, c: pedersen(srs, v, r) };
}
/** A public value as a commitment with zero randomness. */
export function publicScalar(srs: Srs, v: bigint): Secret {
  return { v, r: 0n, c: mulG1(srs.g[0] as G1Point, v) };
}
/** k·A + m·g (value k·v + m, randomness k·r). */
export function affine(srs: Srs, a: Secret, k: bigint, m: bigint): Secret {
  return { v: add(mul(k, a.v), m), r: mul(k, a.r), c: mulG1(a.c, k).add(mulG1(srs.g[0] as G1Point, m)) };
}
/** A + B. */
export function sumSecret(a: Secret, b: Secret): Secret {
  return { v: add(a.v, b.v), r: add(a.r, b.r), c: a.c.add(b.c) };
}

// ---------------------------------------------------------------------------------------------- Prod

/** Proof that committed c = a·b. */
export interface ProdProof {
  readonly t1: G1Point;
  readonly t2: G1Point;
  readonly t3: G1Point;
  readonly z: readonly [bigint, bigint, bigint, bigint, bigint];
}

/**
 * Proves C = a·b·g + r_c·h given A = a g + r_a h, B = b g + r_b h. Uses C = a·B + (r_c − a r_b)·h.
 * The transcript must already bind A, B and C (callers absorb the commitments they derive them from).
 */
export function proveProd(srs: Srs, tr: Transcript, a: Secret, b: Secret, c: Secret): ProdProof {
  const g = srs.g[0] as G1Point;
  const h = srs.h[0] as G1Point;
  const [m1, m2, m3, m4, m5] = [nz(), nz(), nz(), nz(), nz()];
  const t1 = g.multiply(m1).add(h.multiply(m2));
  const t2 = g.multiply(m3).add(h.multiply(m4));
  const t3 = b.c.equals(G1.ZERO) ? h.multiply(m5) : b.c.multiply(m1).add(h.multiply(m5));
  const ch = prodChallenge(tr, t1, t2, t3);
  return {
    t1,
    t2,
    t3,
    z: [
      add(m1, mul(ch, a.v)),
      add(m2, mul(ch, a.r)),
      add(m3, mul(ch, b.v)),
      add(m4, mul(ch, b.r)),
      add(m5, mul(ch, sub(c.r, mul(a.v, b.r)))),
    ],
  };
}

/** A uniformly random non-zero scalar (masks; noble's constant-time multiply rejects 0). */
function nz(): bigint {
  for (;;) {
    const x = randomScalar();
    if (x !== 0n) return x;
  }
}

function prodChallenge(tr: Transcript, t1: G1Point, t2: G1Point, t3: G1Point): bigint {
  return tr.g1('prod/T1', t1).g1('prod/T2', t2).g1('prod/T3', t3).challenge('prod/c');
}

/**
 * Adds the three Prod equations to a batch: z1·g + z2·h = T1 + c·A, z3·g + z4·h = T2 + c·B,
 * z1·B + z5·h = T3 + c·C. A, B, C may be lazy combinations; the caller's transcript must already bind
 * them (they are not re-absorbed).
 */
export function verifyProd(
  srs: Srs,
  tr: Transcript,
  batch: VerifierBatch,
  a: G1Point | Lin,
  b: G1Point | Lin,
  c: G1Point | Lin,
  p: ProdProof,
): void {
  const g: Lin = [[srs.g[0] as G1Point, 1n]];
  const h: Lin = [[srs.h[0] as G1Point, 1n]];
  const ch = prodChallenge(tr, p.t1, p.t2, p.t3);
  const [z1, z2, z3, z4, z5] = p.z;
  const A = toLin(a);
  const B = toLin(b);
  const C = toLin(c);
  // Written as T + c·A − z·… = 0 so that the fresh points T get coefficient +ρ (128 bits) in the batch
  // MSM, not −ρ (a full 255-bit scalar): mcl's MSM cost grows with the scalar's bit length.
  batch.zeroLin([
    [[[p.t1, 1n]], 1n],
    [A, ch],
    [g, neg(z1)],
    [h, neg(z2)],
  ]);
  batch.zeroLin([
    [[[p.t2, 1n]], 1n],
    [B, ch],
    [g, neg(z3)],
    [h, neg(z4)],
  ]);
  batch.zeroLin([
    [[[p.t3, 1n]], 1n],
    [C, ch],
    [B, neg(z1)],
    [h, neg(z5)],
  ]);
}
const R1 = sub(0n, 1n);

// --------------------------------------------------------------------------------------------- Equal

/** Proof that two commitments hide the same value. */
export interface EqualProof {
  readonly t: G1Point;
  readonly z: bigint;
}

/** Proves A and B hide the same value (knowledge of r_a − r_b with A − B = (r_a − r_b)·h). */
export function proveEqual(srs: Srs, tr: Transcript, a: Secret, b: Secret): EqualProof {
  const h = srs.h[0] as G1Point;
  const k = nz();
  const t = h.multiply(k);
  const ch = tr.g1('eq/A', a.c).g1('eq/B', b.c).g1('eq/T', t).challenge('eq/c');
  return { t, z: add(k, mul(ch, sub(a.r, b.r))) };
}

/** Adds the Equal equation z·h = T + c·(A − B) to a batch. */
export function verifyEqual(
  srs: Srs,
  tr: Transcript,
  batch: VerifierBatch,
  a: G1Point,
  b: G1Point,
  p: EqualProof,
): void {
  const ch = tr.g1('eq/A', a).g1('eq/B', b).g1('eq/T', p.t).challenge('eq/c');
  batch.zero([p.t, srs.h[0] as G1Point, a, b], [1n, neg(p.z), ch, neg(ch)]); // T gets +ρ: see verifyProd
}

// ---------------------------------------------------------------------------------------- polynomials

/** A committed polynomial the prover knows: coefficients, blinding polynomial, commitment. */
export interface CommittedPoly {
  readonly f: readonly bigint[];
  readonly r: readonly bigint[];
  readonly c: G1Point;
}

/** Commits to a polynomial with a fresh blinding polynomial of `blindLen` coefficients. */
export function commitPoly(srs: Srs, f: readonly bigint[], blindLen: number = f.length): CommittedPoly {
  const r = randomBlinding(Math.max(1, blindLen));
  return { f, r, c: commit(srs, f, r) };
}
/**
 * Commits to a vector (values on the size-n domain, reduced mod r; n a power of two) as the polynomial
 * interpolating it. Vectors of small entries (bits, small signed integers: the coin, Bernoulli-chain,
 * sign and noise vectors of VDDLM) are committed in the Lagrange basis, where their scalars are small;
 * the commitment is the same point either way.
 */
export function commitVector(srs: Srs, values: readonly bigint[], blindLen: number): CommittedPoly {
  const f = intt(values);
  const r = randomBlinding(Math.max(1, blindLen));
  let small = 0;
  for (const v of values) if (v < SMALL || R - v < SMALL) small++;
  // The basis costs ≈ 1.5 ms of setup per entry once; use it for vectors that are mostly small.
  const c =
    small * 4 >= values.length * 3 && values.length <= srs.g.length
      ? commitEvals(srs, values, r)
      : commit(srs, f, r);
  return { f, r, c };
}
const SMALL = 1n << 32n;

/** k·P + m·Q for committed polynomials (homomorphic). */
export function combinePoly(p: CommittedPoly, k: bigint, q: CommittedPoly, m: bigint): CommittedPoly {
  const len = Math.max(p.f.length, q.f.length);
  const rl = Math.max(p.r.length, q.r.length);
  const f = Array.from({ length: len }, (_, i) => add(mul(k, p.f[i] ?? 0n), mul(m, q.f[i] ?? 0n)));
  const r = Array.from({ length: rl }, (_, i) => add(mul(k, p.r[i] ?? 0n), mul(m, q.r[i] ?? 0n)));
  return { f, r, c: mulG1(p.c, k).add(mulG1(q.c, m)) };
}

/** EvalSecret: opens a committed polynomial at a public x to a Pedersen commitment of its value. */
export function proveEvalSecret(srs: Srs, p: CommittedPoly, x: bigint): { opening: Opening; value: Secret } {
  const o = open(srs, p.f, p.r, x);
  return { opening: o.opening, value: { v: o.value, r: o.blind, c: o.opening.y } };
}

/** Proof that a public polynomial F at a committed point t equals a committed value z. */
export interface SecretEvalProof {
  /** Commitment to Q = (F − F(t))/(X − t). */
  readonly q: G1Point;
  /** Opening of Q at the challenge u. */
  readonly qOpen: Opening;
  /** Prod: Q(u)·(u − t) = F(u) − z. */
  readonly prod: ProdProof;
}

/**
 * SecretEval: F public (coefficients), T = Pedersen(t), Z = Pedersen(F(t)). The identity
 * F(X) − F(t) = Q(X)(X − t) is checked at a Fiat–Shamir point u: Q(u)·(u − t) = F(u) − z.
 * `blindLen` = coefficients of Q's blinding polynomial (2 suffices: one evaluation is opened).
 */
export function proveSecretEval(
  srs: Srs,
  tr: Transcript,
  f: readonly bigint[],
  t: Secret,
  z: Secret,
  blindLen = 2,
): SecretEvalProof {
  const q = commitPoly(srs, divideByLinear(f, t.v), blindLen);
  const u = tr.g1('seval/Q', q.c).challenge('seval/u');
  const { opening, value: qu } = proveEvalSecret(srs, q, u);
  tr.g1('seval/QY', opening.y).g1('seval/QW', opening.w);
  const uMinusT = affine(srs, t, R1, u);
  const fuMinusZ = affine(srs, z, R1, evaluate(f, u));
  const prod = proveProd(srs, tr, qu, uMinusT, fuMinusZ);
  return { q: q.c, qOpen: opening, prod };
}

/**
 * Adds the SecretEval checks to a batch. `fAt(u)` evaluates the public polynomial. The transcript
 * must already bind T and Z (the caller absorbs them or what they derive from).
 */
export function verifySecretEval(
  srs: Srs,
  tr: Transcript,
  batch: VerifierBatch,
  fAt: (u: bigint) => bigint,
  t: G1Point | Lin,
  z: G1Point | Lin,
  p: SecretEvalProof,
): void {
  const g = srs.g[0] as G1Point;
  const u = tr.g1('seval/Q', p.q).challenge('seval/u');
  batch.opening({ commitment: p.q, point: u, opening: p.qOpen });
  tr.g1('seval/QY', p.qOpen.y).g1('seval/QW', p.qOpen.w);
  const uMinusT: Lin = [[g, u], ...toLin(t).map(([pt, k]) => [pt, neg(k)] as const)];
  const fuMinusZ: Lin = [[g, fAt(u)], ...toLin(z).map(([pt, k]) => [pt, neg(k)] as const)];
  verifyProd(srs, tr, batch, p.qOpen.y, uMinusT, fuMinusZ, p.prod);
}

/** Several committed polynomials opened at one point: their value commitments and one quotient. */
export interface MultiOpening {
  readonly ys: readonly G1Point[];
  readonly w: G1Point;
}

/**
 * Opens several committed polynomials at one point u with a single quotient commitment: the value
 * commitments Y_j are absorbed, γ is drawn, and W opens Σγ^j P_j (standard same-point batching).
 */
export function proveEvalMany(
  srs: Srs,
  tr: Transcript,
  polys: readonly CommittedPoly[],
  u: bigint,
): { opening: MultiOpening; values: Secret[] } {
  const values = polys.map((p) => {
    const v = evaluate(p.f, u);
    const r = evaluate(p.r, u);
    return { v, r, c: pedersen(srs, v, r) };
  });
  const ys = values.map((x) => x.c);
  const gamma = tr.g1s('multi/Y', ys).challenge('multi/gamma');
  let f: bigint[] = [];
  let r: bigint[] = [];
  let gp = 1n;
  for (const p of polys) {
    f = Array.from({ length: Math.max(f.length, p.f.length) }, (_, i) =>
      add(f[i] ?? 0n, mul(gp, p.f[i] ?? 0n)),
    );
    r = Array.from({ length: Math.max(r.length, p.r.length) }, (_, i) =>
      add(r[i] ?? 0n, mul(gp, p.r[i] ?? 0n)),
    );
    gp = mul(gp, gamma);
  }
  const w = commit(srs, divideByLinear(f, u), divideByLinear(r, u));
  tr.g1('multi/W', w);
  return { opening: { ys, w }, values };
}

/** Adds a same-point multi-opening to a batch: e(Σγ^j(C_j − Y_j) + uW, g2) = e(W, τg2). */
export function verifyEvalMany(
  tr: Transcript,
  batch: VerifierBatch,
  coms: readonly (G1Point | Lin)[],
  u: bigint,
  op: MultiOpening,
): void {
  if (op.ys.length !== coms.length) {
    batch.fail('multi-opening has the wrong number of values');
    return;
  }
  const gamma = tr.g1s('multi/Y', op.ys).challenge('multi/gamma');
  const c: [G1Point, bigint][] = [];
  const y: [G1Point, bigint][] = [];
  let gp = 1n;
  coms.forEach((com, j) => {
    for (const [p, k] of toLin(com)) c.push([p, mul(gp, k)]);
    y.push([op.ys[j] as G1Point, gp]);
    gp = mul(gp, gamma);
  });
  batch.openingLin(c, y, op.w, u);
  tr.g1('multi/W', op.w);
}

/** Proof that an n-entry committed vector (as a polynomial on the size-n domain) has 0/1 entries. */
export interface BinaryProof {
  readonly q: G1Point;
  /** B and Q opened at u. */
  readonly open: MultiOpening;
  readonly prod: ProdProof;
}

/** Binary: B² − B = Q·Z on the size-n domain; checked at u as B(u)·(B(u) − 1) = Q(u)·Z(u). */
export function proveBinary(srs: Srs, tr: Transcript, b: CommittedPoly, n: number): BinaryProof {
  const sq = polySub(polyMul(b.f, b.f), b.f);
  const quo = divideByVanishing(sq, n);
  if (quo === null) throw new RangeError('Binary: the vector is not 0/1');
  const q = commitPoly(srs, quo, 2);
  const u = tr.g1('bin/B', b.c).g1('bin/Q', q.c).challenge('bin/u');
  const { opening, values } = proveEvalMany(srs, tr, [b, q], u);
  const [bu, qu] = values as [Secret, Secret];
  const prod = proveProd(srs, tr, bu, affine(srs, bu, 1n, R1), affine(srs, qu, vanishingAt(u, n), 0n));
  return { q: q.c, open: opening, prod };
}

/** Adds the Binary checks to a batch. */
export function verifyBinary(
  srs: Srs,
  tr: Transcript,
  batch: VerifierBatch,
  b: G1Point,
  n: number,
  p: BinaryProof,
): void {
  const g = srs.g[0] as G1Point;
  const u = tr.g1('bin/B', b).g1('bin/Q', p.q).challenge('bin/u');
  verifyEvalMany(tr, batch, [b, p.q], u, p.open);
  const [by, qy] = p.open.ys as [G1Point, G1Point];
  verifyProd(
    srs,
    tr,
    batch,
    by,
    [
      [by, 1n],
      [g, R1],
    ],
    [[qy, vanishingAt(u, n)]],
    p.prod,
  );
}

/** Proof of an entrywise product c = a∘b of committed n-vectors. */
export interface HadamardProof {
  readonly q: G1Point;
  /** A, B, C, Q opened at u. */
  readonly open: MultiOpening;
  readonly prod: ProdProof;
}

/** Hadamard: A·B − C = Q·Z; checked at u as A(u)·B(u) = C(u) + Q(u)·Z(u). */
export function proveHadamard(
  srs: Srs,
  tr: Transcript,
  a: CommittedPoly,
  b: CommittedPoly,
  c: CommittedPoly,
  n: number,
  force = false,
): HadamardProof {
  const diff = polySub(polyMul(a.f, b.f), c.f);
  // `force` is for cheating provers in tests and --tamper: commit the floor quotient anyway.
  const quo = divideByVanishing(diff, n) ?? (force ? floorQuotient(diff, n) : null);
  if (quo === null) throw new RangeError('Hadamard: c is not a∘b');
  const q = commitPoly(srs, quo, 2);
  const u = tr.g1('had/A', a.c).g1('had/B', b.c).g1('had/C', c.c).g1('had/Q', q.c).challenge('had/u');
  const { opening, values } = proveEvalMany(srs, tr, [a, b, c, q], u);
  const [au, bu, cu, qu] = values as [Secret, Secret, Secret, Secret];
  const prod = proveProd(srs, tr, au, bu, sumSecret(cu, affine(srs, qu, vanishingAt(u, n), 0n)));
  return { q: q.c, open: opening, prod };
}

/** Adds the Hadamard checks to a batch. */
export function verifyHadamard(
  srs: Srs,
  tr: Transcript,
  batch: VerifierBatch,
  a: G1Point,
  b: G1Point,
  c: G1Point,
  n: number,
  p: HadamardProof,
): void {
  const u = tr.g1('had/A', a).g1('had/B', b).g1('had/C', c).g1('had/Q', p.q).challenge('had/u');
  verifyEvalMany(tr, batch, [a, b, c, p.q], u, p.open);
  if (p.open.ys.length !== 4) return;
  const [ay, by, cy, qy] = p.open.ys as [G1Point, G1Point, G1Point, G1Point];
  const rhs: Lin = [
    [cy, 1n],
    [qy, vanishingAt(u, n)],
  ];
  verifyProd(srs, tr, batch, ay, by, rhs, p.prod);
}

/** Mux: out = b + s∘(a − b) for a 0/1 selector s, as Hadamard(s, a − b, out − b). */
export function proveMux(
  srs: Srs,
  tr: Transcript,
  s: CommittedPoly,
  a: CommittedPoly,
  b: CommittedPoly,
  out: CommittedPoly,
  n: number,
): HadamardProof {
  return proveHadamard(srs, tr, s, combinePoly(a, 1n, b, R1), combinePoly(out, 1n, b, R1), n);
}

/** Adds the Mux checks to a batch. */
export function verifyMux(
  srs: Srs,
  tr: Transcript,
  batch: VerifierBatch,
  s: G1Point,
  a: G1Point,
  b: G1Point,
  out: G1Point,
  n: number,
  p: HadamardProof,
): void {
  verifyHadamard(srs, tr, batch, s, a.subtract(b), out.subtract(b), n, p);
}
