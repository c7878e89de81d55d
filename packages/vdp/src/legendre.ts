/**
 * @module legendre
 * Verifiable uniform coin vectors from the Legendre PRF (privacy.md §1.3, "uniform bits"; VDDP
 * arXiv:2504.21752 §4): bit_i = 1 iff key + i is a non-zero square in Fr, with key = key_priv + pub —
 * a private coin committed *before* the verifier's public coin is drawn, so neither party alone
 * controls the bits. The prover commits to the bits b and to witnesses rt with rt_i² = key + i (b_i = 1)
 * or 5·(key + i) (b_i = 0; 5 is a non-residue), and proves
 *   Binary(b)  and  ((1 − 5)·b + 5)·(I + key) − rt² ≡ 0 mod (X^d − 1),
 * where I interpolates i ↦ i on the size-d domain. The identity is checked at a Fiat–Shamir point u
 * with two Prod proofs. Pseudorandomness of the bits rests on the Legendre-PRF assumption.
 */

import { VECTOR_BLIND } from './blind.js';
import { type G1Point, sqrtOrNull } from './curve.js';
import { add, mod, mul, NON_RESIDUE, R } from './field.js';
import type { Srs } from './kzg.js';
import {
  divideByVanishing,
  evaluate,
  floorQuotient,
  intt,
  polyAdd,
  polyMul,
  polyScale,
  polySub,
  vanishingAt,
} from './poly.js';
import {
  affine,
  type CommittedPoly,
  commitPoly,
  commitScalar,
  commitVector,
  type Lin,
  type MultiOpening,
  type ProdProof,
  proveEvalMany,
  proveProd,
  type Secret,
  sumSecret,
  type VerifierBatch,
  verifyEvalMany,
  verifyProd,
} from './sigma.js';
import type { Transcript } from './transcript.js';

export { VECTOR_BLIND };

/** The Legendre-PRF bits and square-root witnesses for key + 0..d−1. */
export function legendreBits(key: bigint, d: number): { bits: bigint[]; roots: bigint[] } {
  const bits: bigint[] = [];
  const roots: bigint[] = [];
  for (let i = 0; i < d; i++) {
    const x = add(key, BigInt(i));
    if (x === 0n) throw new RangeError('key + i = 0: resample the private key');
    // x is a square exactly when its Legendre symbol is 1; otherwise 5x (5 a non-residue) is one.
    const root = sqrtOrNull(x);
    bits.push(root === null ? 0n : 1n);
    const w = root ?? sqrtOrNull(mul(NON_RESIDUE, x));
    if (w === null) throw new Error('5·x is not a square although x is not: 5 must be a non-residue');
    roots.push(w);
  }
  return { bits, roots };
}

/** The coefficients of I, interpolating i ↦ i on the size-d domain (cached per d). */
const indexPolys = new Map<number, bigint[]>();
export function indexPoly(d: number): bigint[] {
  let p = indexPolys.get(d);
  if (p === undefined) {
    p = intt(Array.from({ length: d }, (_, i) => BigInt(i)));
    indexPolys.set(d, p);
  }
  return p;
}

/** A committed coin vector and its witnesses (prover side). */
export interface CoinWitness {
  readonly bits: CommittedPoly;
  readonly roots: CommittedPoly;
  readonly bitValues: readonly bigint[];
}

/** Commits to the coin vector of a key (bits and roots). */
export function commitCoin(srs: Srs, key: bigint, d: number): CoinWitness {
  const { bits, roots } = legendreBits(key, d);
  return {
    bits: commitVector(srs, bits, VECTOR_BLIND), // 0/1 entries: cheap in the Lagrange basis
    roots: commitPoly(srs, intt(roots), VECTOR_BLIND),
    bitValues: bits,
  };
}

/** Proof that committed bits are the Legendre-PRF output under the committed key. */
export interface LegendreProof {
  /** Quotient of B² − B by X^d − 1 (the Binary check). */
  readonly qBin: G1Point;
  /** Quotient of ((1 − 5)B + 5)(I + key) − RT² by X^d − 1. */
  readonly qLeg: G1Point;
  /** B, RT, Q_bin, Q_leg opened at one Fiat–Shamir point u. */
  readonly open: MultiOpening;
  /** Commitment to RT(u)². */
  readonly sq: G1Point;
  readonly prodBin: ProdProof;
  readonly prodSq: ProdProof;
  readonly prodId: ProdProof;
}

/**
 * Proves the coin vector. `key` is the committed full key (value, randomness, commitment
 * K_priv + pub·g). The transcript must already bind the key commitment and the bit/root commitments.
 * Both polynomial identities are checked at the same point u, so one multi-opening serves both.
 */
export function proveLegendre(
  srs: Srs,
  tr: Transcript,
  key: Secret,
  w: CoinWitness,
  d: number,
): LegendreProof {
  const quoBin = divideByVanishing(polySub(polyMul(w.bits.f, w.bits.f), w.bits.f), d);
  if (quoBin === null) throw new RangeError('Legendre: the bit vector is not 0/1');
  const I = indexPoly(d);
  const left = polyMul(
    polyAdd(polyScale(w.bits.f, mod(1n - NON_RESIDUE)), [NON_RESIDUE]),
    polyAdd(I, [key.v]),
  );
  const idPoly = polySub(left, polyMul(w.roots.f, w.roots.f));
  // A cheating prover (bits not from this key) cannot divide exactly; it commits the floor quotient,
  // which the check at u then rejects.
  const qBin = commitPoly(srs, quoBin, 2);
  const qLeg = commitPoly(srs, divideByVanishing(idPoly, d) ?? floorQuotient(idPoly, d), 2);
  const u = tr.g1('leg/QB', qBin.c).g1('leg/QL', qLeg.c).challenge('leg/u');
  const { opening, values } = proveEvalMany(srs, tr, [w.bits, w.roots, qBin, qLeg], u);
  const [bu, ru, qbu, qlu] = values as [Secret, Secret, Secret, Secret];
  const zu = vanishingAt(u, d);
  const sq = commitScalar(srs, mul(ru.v, ru.v));
  tr.g1('leg/SQ', sq.c);
  const prodBin = proveProd(srs, tr, bu, affine(srs, bu, 1n, R - 1n), affine(srs, qbu, zu, 0n));
  const prodSq = proveProd(srs, tr, ru, ru, sq);
  const a = affine(srs, bu, mod(1n - NON_RESIDUE), NON_RESIDUE);
  const b = affine(srs, key, 1n, evaluate(I, u));
  const c = sumSecret(sq, affine(srs, qlu, zu, 0n));
  const prodId = proveProd(srs, tr, a, b, c);
  return { qBin: qBin.c, qLeg: qLeg.c, open: opening, sq: sq.c, prodBin, prodSq, prodId };
}

/** Adds the Legendre checks to a batch. `key` is K_priv + pub·g (lazy). */
export function verifyLegendre(
  srs: Srs,
  tr: Transcript,
  batch: VerifierBatch,
  key: Lin,
  bits: G1Point,
  roots: G1Point,
  d: number,
  p: LegendreProof,
): void {
  const g = srs.g[0] as G1Point;
  const u = tr.g1('leg/QB', p.qBin).g1('leg/QL', p.qLeg).challenge('leg/u');
  verifyEvalMany(tr, batch, [bits, roots, p.qBin, p.qLeg], u, p.open);
  if (p.open.ys.length !== 4) return;
  const [by, ry, qby, qly] = p.open.ys as [G1Point, G1Point, G1Point, G1Point];
  const zu = vanishingAt(u, d);
  tr.g1('leg/SQ', p.sq);
  verifyProd(
    srs,
    tr,
    batch,
    by,
    [
      [by, 1n],
      [g, R - 1n],
    ],
    [[qby, zu]],
    p.prodBin,
  );
  verifyProd(srs, tr, batch, ry, ry, p.sq, p.prodSq);
  const a: Lin = [
    [by, mod(1n - NON_RESIDUE)],
    [g, NON_RESIDUE],
  ];
  const b: Lin = [...key, [g, evaluate(indexPoly(d), u)]];
  const c: Lin = [
    [p.sq, 1n],
    [qly, zu],
  ];
  verifyProd(srs, tr, batch, a, b, c, p.prodId);
}
