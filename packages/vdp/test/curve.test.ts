/**
 * Layer 1 backend checks (curve.ts): the active backend (mcl-wasm by default) agrees byte for byte
 * with @noble/curves as an independent implementation (generators, encodings, hash-to-curve),
 * encodings round-trip, MSM matches naive sums (also across mcl's chunk boundary), pairings are
 * bilinear, and invalid encodings (off-curve, outside the subgroup, wrong flags, non-canonical, wrong
 * length) are rejected on decode.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import * as mcl from 'mcl-wasm';
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../src/codec.js';
import {
  BACKEND,
  G1,
  G1_BYTES,
  type G1Point,
  G2,
  g1CompressedUnchecked,
  g1FromBytes,
  g1FromHex,
  g1ToBytes,
  g2FromBytes,
  g2ToBytes,
  hashToG1,
  MCL_MSM_CHUNK,
  msm,
  msmG2,
  mulG1,
  mulG2,
  pairingProductIsOne,
  ready,
} from '../src/curve.js';
import { mul, neg, R, randomScalar } from '../src/field.js';

const NG1 = bls12_381.G1.Point;
const NG2 = bls12_381.G2.Point;
const Fp = bls12_381.fields.Fp;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const scalar = fc.bigInt({ min: 1n, max: R - 1n });

/** A 48-byte compressed encoding of x (compression flag set, sign bit clear). */
function compressedX(x: bigint): Uint8Array {
  const b = new Uint8Array(48);
  let v = x;
  for (let i = 47; i >= 0; i--) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  b[0] = (b[0] as number) | 0x80;
  return b;
}

/** The smallest x ≥ start whose x³ + 4 is (or is not) a square in Fp. */
function xWithSquareness(start: bigint, square: boolean): bigint {
  for (let x = start; ; x++) {
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
    const isSq = Fp.eql(Fp.pow(rhs, (Fp.ORDER - 1n) / 2n), Fp.ONE) || Fp.is0(rhs);
    if (isSq === square) return x;
  }
}

describe(`curve backend (${BACKEND})`, () => {
  it('defaults to mcl-wasm and ready() resolves', async () => {
    await ready();
    if (process.env.FLORET_VDP_CURVE === undefined) expect(BACKEND).toBe('mcl');
  });

  it('generators, encodings and hash-to-curve match @noble/curves byte for byte', () => {
    expect(hex(g1ToBytes(G1.BASE))).toBe(NG1.BASE.toHex(true));
    expect(hex(g2ToBytes(G2.BASE))).toBe(NG2.BASE.toHex(true));
    fc.assert(
      fc.property(scalar, (k) => {
        expect(hex(g1ToBytes(mulG1(G1.BASE, k)))).toBe(NG1.BASE.multiply(k).toHex(true));
      }),
      { numRuns: 8 },
    );
    const k = randomScalar() || 1n;
    expect(hex(g2ToBytes(mulG2(G2.BASE, k)))).toBe(NG2.BASE.multiply(k).toHex(true));
    const h = bls12_381.G1.hashToCurve(new TextEncoder().encode('floret-vdp/srs/h'), {
      DST: 'FLORET-VDP-V1-H2C-G1',
    });
    expect(hashToG1('floret-vdp/srs/h').toHex(true)).toBe(h.toHex(true));
    // Affine coordinates and the unchecked compressed form (used by transcripts) agree too.
    const p = mulG1(G1.BASE, k);
    expect(hex(g1CompressedUnchecked(p))).toBe(NG1.BASE.multiply(k).toHex(true));
    expect(hex(g1CompressedUnchecked(p.negate()))).toBe(NG1.BASE.multiply(k).negate().toHex(true));
    expect(hex(g1CompressedUnchecked(G1.ZERO))).toBe(`c0${'00'.repeat(47)}`);
    const a = NG1.BASE.multiply(k).toAffine();
    expect(p.toAffine()).toEqual({ x: a.x, y: a.y });
  });

  it('encodings round-trip (G1, G2, hex, identity)', () => {
    fc.assert(
      fc.property(scalar, (k) => {
        const p = mulG1(G1.BASE, k);
        expect(g1FromBytes(g1ToBytes(p)).equals(p)).toBe(true);
        expect(g1FromHex(p.toHex(true)).equals(p)).toBe(true);
      }),
      { numRuns: 10 },
    );
    const q = mulG2(G2.BASE, randomScalar() || 1n);
    expect(g2FromBytes(g2ToBytes(q)).equals(q)).toBe(true);
    if (BACKEND === 'mcl') {
      // mcl encodes the identity in the standard way (0xc0 then zeros); noble refuses to encode it.
      const z = g1ToBytes(G1.ZERO);
      expect(z.length).toBe(G1_BYTES);
      expect(z[0]).toBe(0xc0);
      expect(g1FromBytes(z).is0()).toBe(true);
    }
  });

  it('MSM equals the naive sum (small, and larger than one mcl chunk)', () => {
    for (const n of [0, 1, 2, 7, 64]) {
      const pts = Array.from({ length: n }, () => mulG1(G1.BASE, randomScalar()));
      const ks = pts.map(() => randomScalar());
      let naive = G1.ZERO;
      for (let i = 0; i < n; i++) naive = naive.add(mulG1(pts[i] as G1Point, ks[i] as bigint));
      expect(msm(pts, ks).equals(naive)).toBe(true);
    }
    // n > chunk: three distinct base points repeated, so the naive sum is three multiplications.
    const base = [G1.BASE, hashToG1('a'), hashToG1('b')];
    const n = MCL_MSM_CHUNK + 77;
    const pts: G1Point[] = [];
    const ks: bigint[] = [];
    const tot = [0n, 0n, 0n];
    for (let i = 0; i < n; i++) {
      const k = randomScalar();
      pts.push(base[i % 3] as G1Point);
      ks.push(k);
      tot[i % 3] = ((tot[i % 3] as bigint) + k) % R;
    }
    const naive = base.reduce((acc, p, j) => acc.add(mulG1(p, tot[j] as bigint)), G1.ZERO);
    expect(msm(pts, ks).equals(naive)).toBe(true);
    // A wrong scalar changes the result.
    ks[n - 1] = ((ks[n - 1] as bigint) + 1n) % R;
    expect(msm(pts, ks).equals(naive)).toBe(false);
    // G2 MSM.
    const q = [G2.BASE, mulG2(G2.BASE, 5n)];
    expect(msmG2(q, [3n, 4n]).equals(mulG2(G2.BASE, 23n))).toBe(true);
  });

  it('fixed-base tables (precompute) give the same multiples, edge scalars included', () => {
    const withTable = hashToG1('fixed-base').precompute(8, false);
    const plain = hashToG1('fixed-base');
    for (const k of [1n, 2n, 255n, 256n, 257n, (1n << 254n) % R, R - 1n, randomScalar(), randomScalar()]) {
      expect(withTable.multiply(k).equals(mulG1(plain, k))).toBe(true);
      expect(hex(g1ToBytes(withTable.multiply(k)))).toBe(hex(g1ToBytes(plain.multiply(k))));
    }
    expect(mulG1(withTable, 0n).is0()).toBe(true);
  });

  it('pairings are bilinear; products with a wrong factor are not one', () => {
    const a = randomScalar() || 1n;
    const b = randomScalar() || 1n;
    const P = G1.BASE;
    const Q = G2.BASE;
    // e(aP, bQ) · e(−ab P, Q) = 1
    expect(
      pairingProductIsOne([
        [mulG1(P, a), mulG2(Q, b)],
        [mulG1(P, neg(mul(a, b))), Q],
      ]),
    ).toBe(true);
    // Three pairs: e(aP, Q) · e(bP, Q) · e(−(a+b)P, Q) = 1
    expect(
      pairingProductIsOne([
        [mulG1(P, a), Q],
        [mulG1(P, b), Q],
        [mulG1(P, neg((a + b) % R)), Q],
      ]),
    ).toBe(true);
    expect(
      pairingProductIsOne([
        [mulG1(P, a), mulG2(Q, b)],
        [mulG1(P, neg(mul(a, b) + 1n)), Q],
      ]),
    ).toBe(false);
    expect(pairingProductIsOne([[P, Q]])).toBe(false);
    expect(pairingProductIsOne([[G1.ZERO, Q]])).toBe(true);
  });

  it('rejects invalid encodings on decode', () => {
    const good = g1ToBytes(mulG1(G1.BASE, 12345n));
    const bad: [string, Uint8Array][] = [];
    bad.push(['off the curve', compressedX(xWithSquareness(3n, false))]);
    // On the curve but (with overwhelming probability over the cofactor) outside the r-order subgroup.
    const onCurve = compressedX(xWithSquareness(5n, true));
    expect(() => NG1.fromBytes(onCurve).assertValidity()).toThrow(); // independent confirmation
    bad.push(['outside the subgroup', onCurve]);
    if (BACKEND === 'mcl') {
      // Positive control: with mcl's order check switched off the same bytes decode, so the rejection
      // below is the subgroup check (restored at once: the whole package relies on it).
      mcl.verifyOrderG1(false);
      try {
        expect(() => G1.fromBytes(onCurve)).not.toThrow();
      } finally {
        mcl.verifyOrderG1(true);
      }
    }
    const noFlag = good.slice();
    noFlag[0] = (noFlag[0] as number) & 0x7f;
    bad.push(['compression flag cleared', noFlag]);
    const infJunk = new Uint8Array(48);
    infJunk[0] = 0xc0;
    infJunk[47] = 1;
    bad.push(['infinity flag with non-zero bits', infJunk]);
    bad.push(['x ≥ p (non-canonical)', compressedX(Fp.ORDER + xWithSquareness(3n, true))]);
    bad.push(['too short', good.slice(0, 47)]);
    bad.push(['too long', new Uint8Array([...good, 0])]);
    for (const [, b] of bad) {
      expect(() => g1FromBytes(b)).toThrow();
      if (b.length === G1_BYTES) expect(() => new ByteReader(b).g1()).toThrow(RangeError);
    }
    const g2bad = g2ToBytes(G2.BASE).slice();
    g2bad[95] = (g2bad[95] as number) ^ 1;
    let g2Rejected = false;
    try {
      g2FromBytes(g2bad).assertValidity();
    } catch {
      g2Rejected = true;
    }
    // Flipping the low bit of x leaves the curve with probability ~1/2; noble is the referee.
    let nobleRejects = false;
    try {
      NG2.fromBytes(g2bad).assertValidity();
    } catch {
      nobleRejects = true;
    }
    expect(g2Rejected).toBe(nobleRejects);
    expect(() => g2FromBytes(g2ToBytes(G2.BASE).slice(0, 95))).toThrow();
  });
});
