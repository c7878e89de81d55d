/**
 * @module curve
 * A thin layer over @noble/curves' BLS12-381: G1/G2 points, multi-scalar multiplication (Pippenger),
 * pairing-product checks and compressed (48-byte G1 / 96-byte G2) encodings. VDDP (arXiv:2504.21752
 * §3) commits in G1 and checks KZG openings with pairings against G2.
 */
import { mulAddUnsafe, pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { FR_BYTES, R } from './field.js';

const R_MINUS_1 = R - 1n;

/** The G1 point constructor. */
export const G1 = bls12_381.G1.Point;
/** The G2 point constructor. */
export const G2 = bls12_381.G2.Point;
/** A G1 point. */
export type G1Point = InstanceType<typeof G1>;
/** A G2 point. */
export type G2Point = InstanceType<typeof G2>;
/** Compressed G1 size in bytes. */
export const G1_BYTES = 48;
/** Compressed G2 size in bytes. */
export const G2_BYTES = 96;
/** Scalar size in bytes (re-exported for proof-size accounting). */
export const SCALAR_BYTES = FR_BYTES;

/** Below this many points {@link msm} uses interleaved double-and-add instead of Pippenger. */
export const MSM_SMALL = 128;

/** Σ scalars[i]·points[i] in G1 (Pippenger buckets for large inputs; scalars must be reduced). */
export function msm(points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
  if (points.length !== scalars.length) throw new RangeError('msm: points and scalars differ in length');
  if (points.length === 0) return G1.ZERO;
  if (points.length === 1) return mulG1(points[0] as G1Point, scalars[0] as bigint);
  // Interleaved double-and-add (one shared doubling chain) beats Pippenger for small inputs
  // (measured 1.2–4.6× faster at 2–128 points on this machine).
  if (points.length <= MSM_SMALL) return mulAddUnsafe(G1, points as G1Point[], scalars as bigint[]);
  return pippenger(G1, points as G1Point[], scalars as bigint[]);
}
/** Σ scalars[i]·points[i] in G2. */
export function msmG2(points: readonly G2Point[], scalars: readonly bigint[]): G2Point {
  if (points.length === 0) return G2.ZERO;
  return pippenger(G2, points as G2Point[], scalars as bigint[]);
}
/** k·P in G1 for any reduced k (0 allowed). Variable time: used on public or masked values only. */
export function mulG1(p: G1Point, k: bigint): G1Point {
  if (k === 0n) return G1.ZERO;
  if (k === 1n) return p;
  if (k === R_MINUS_1) return p.negate();
  return p.multiplyUnsafe(k);
}
/** k·Q in G2 for any reduced k (0 allowed). */
export function mulG2(q: G2Point, k: bigint): G2Point {
  return k === 0n ? G2.ZERO : q.multiplyUnsafe(k);
}

/**
 * True when Π e(a_i, b_i) = 1 in GT. Pairs with an identity point contribute 1 and are skipped
 * (noble's pairing rejects the point at infinity).
 */
export function pairingProductIsOne(pairs: readonly (readonly [G1Point, G2Point])[]): boolean {
  const live = pairs.filter(([a, b]) => !a.equals(G1.ZERO) && !b.equals(G2.ZERO));
  if (live.length === 0) return true;
  const gt = bls12_381.pairingBatch(live.map(([g1, g2]) => ({ g1, g2 })));
  return bls12_381.fields.Fp12.eql(gt, bls12_381.fields.Fp12.ONE);
}

/** Compressed encoding of a G1 point. */
export function g1ToBytes(p: G1Point): Uint8Array {
  return p.toBytes(true);
}
/** Decodes and validates (on-curve, subgroup) a compressed G1 point; throws on bad input. */
export function g1FromBytes(b: Uint8Array): G1Point {
  const p = G1.fromBytes(b);
  p.assertValidity();
  return p;
}
/** Compressed encoding of a G2 point. */
export function g2ToBytes(p: G2Point): Uint8Array {
  return p.toBytes(true);
}
/** Decodes and validates a compressed G2 point. */
export function g2FromBytes(b: Uint8Array): G2Point {
  const p = G2.fromBytes(b);
  p.assertValidity();
  return p;
}
/** Hex of a compressed G1 point. */
export function g1ToHex(p: G1Point): string {
  return p.toHex();
}
/** Decodes and validates a hex compressed G1 point. */
export function g1FromHex(h: string): G1Point {
  const p = G1.fromHex(h);
  p.assertValidity();
  return p;
}
/** Hex of a compressed G2 point. */
export function g2ToHex(p: G2Point): string {
  return p.toHex();
}
/** Decodes and validates a hex compressed G2 point. */
export function g2FromHex(h: string): G2Point {
  const p = G2.fromHex(h);
  p.assertValidity();
  return p;
}
/** A G1 point with unknown discrete log to the generator: RFC 9380 hash-to-curve of a label. */
export function hashToG1(label: string): G1Point {
  return bls12_381.G1.hashToCurve(new TextEncoder().encode(label), {
    DST: 'FLORET-VDP-V1-H2C-G1',
  }) as unknown as G1Point;
}
