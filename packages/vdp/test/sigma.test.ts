/** Layer 2 checks: each sigma protocol is complete and rejects tampered proofs and false statements. */
import { describe, expect, it } from 'vitest';
import { G1, type G1Point } from '../src/curve.js';
import { add, mod, mul, randomScalar } from '../src/field.js';
import { evaluate, intt } from '../src/poly.js';
import {
  commitPoly,
  commitScalar,
  proveBinary,
  proveEqual,
  proveHadamard,
  proveMux,
  proveProd,
  proveSecretEval,
  VerifierBatch,
  verifyBinary,
  verifyEqual,
  verifyHadamard,
  verifyMux,
  verifyProd,
  verifySecretEval,
} from '../src/sigma.js';
import { Transcript } from '../src/transcript.js';
import { testSrs } from './helpers.js';

const T = (): Transcript => new Transcript('test/sigma');

function shift(p: G1Point): G1Point {
  return p.add(G1.BASE);
}

describe('Prod', () => {
  const srs = testSrs();
  const a = commitScalar(srs, randomScalar());
  const b = commitScalar(srs, randomScalar());
  const c = commitScalar(srs, mul(a.v, b.v));
  const proof = proveProd(srs, T(), a, b, c);
  const run = (A: G1Point, B: G1Point, C: G1Point, p = proof): string | null => {
    const batch = new VerifierBatch(srs);
    verifyProd(srs, T(), batch, A, B, C, p);
    return batch.check();
  };
  it('verifies an honest proof', () => expect(run(a.c, b.c, c.c)).toBeNull());
  it('rejects altered commitments and responses', () => {
    expect(run(shift(a.c), b.c, c.c)).not.toBeNull();
    expect(run(a.c, b.c, shift(c.c))).not.toBeNull();
    for (let i = 0; i < 5; i++) {
      const z = [...proof.z] as [bigint, bigint, bigint, bigint, bigint];
      z[i] = add(z[i] as bigint, 1n);
      expect(run(a.c, b.c, c.c, { ...proof, z })).not.toBeNull();
    }
    expect(run(a.c, b.c, c.c, { ...proof, t3: shift(proof.t3) })).not.toBeNull();
  });
  it('rejects a proof of a false product', () => {
    const wrong = commitScalar(srs, add(mul(a.v, b.v), 1n));
    const p = proveProd(srs, T(), a, b, wrong);
    expect(run(a.c, b.c, wrong.c, p)).not.toBeNull();
  });
});

describe('Equal', () => {
  const srs = testSrs();
  const v = randomScalar();
  const a = commitScalar(srs, v);
  const b = commitScalar(srs, v);
  const run = (A: G1Point, B: G1Point, p: ReturnType<typeof proveEqual>): string | null => {
    const batch = new VerifierBatch(srs);
    verifyEqual(srs, T(), batch, A, B, p);
    return batch.check();
  };
  it('verifies equal values and rejects different ones', () => {
    const p = proveEqual(srs, T(), a, b);
    expect(run(a.c, b.c, p)).toBeNull();
    expect(run(a.c, shift(b.c), p)).not.toBeNull();
    expect(run(a.c, b.c, { ...p, z: add(p.z, 1n) })).not.toBeNull();
    const c = commitScalar(srs, add(v, 1n));
    expect(run(a.c, c.c, proveEqual(srs, T(), a, c))).not.toBeNull();
  });
});

describe('SecretEval (public polynomial at a committed point)', () => {
  const srs = testSrs();
  const f = Array.from({ length: 33 }, () => randomScalar());
  const t = commitScalar(srs, randomScalar());
  const z = commitScalar(srs, evaluate(f, t.v));
  const fAt = (u: bigint): bigint => evaluate(f, u);
  const run = (Z: G1Point, p: ReturnType<typeof proveSecretEval>): string | null => {
    const batch = new VerifierBatch(srs);
    verifySecretEval(srs, T(), batch, fAt, t.c, Z, p);
    return batch.check();
  };
  it('verifies an honest evaluation', () => expect(run(z.c, proveSecretEval(srs, T(), f, t, z))).toBeNull());
  it('rejects a wrong value, a tampered quotient and a tampered opening', () => {
    const wrong = commitScalar(srs, add(z.v, 1n));
    expect(run(wrong.c, proveSecretEval(srs, T(), f, t, wrong))).not.toBeNull();
    const p = proveSecretEval(srs, T(), f, t, z);
    expect(run(z.c, { ...p, q: shift(p.q) })).not.toBeNull();
    expect(run(z.c, { ...p, qOpen: { ...p.qOpen, w: shift(p.qOpen.w) } })).not.toBeNull();
    expect(run(z.c, { ...p, qOpen: { ...p.qOpen, y: shift(p.qOpen.y) } })).not.toBeNull();
  });
});

describe('Binary', () => {
  const srs = testSrs();
  const n = 16;
  const bits = Array.from({ length: n }, (_, i) => BigInt((i * 7) % 3 === 0 ? 1 : 0));
  const b = commitPoly(srs, intt(bits));
  const run = (B: G1Point, p: ReturnType<typeof proveBinary>): string | null => {
    const batch = new VerifierBatch(srs);
    verifyBinary(srs, T(), batch, B, n, p);
    return batch.check();
  };
  it('verifies a 0/1 vector', () => expect(run(b.c, proveBinary(srs, T(), b, n))).toBeNull());
  it('refuses to prove a non-binary vector, and a proof does not transfer to one', () => {
    const nb = commitPoly(srs, intt(bits.map((x, i) => (i === 3 ? 2n : x))));
    expect(() => proveBinary(srs, T(), nb, n)).toThrow(/not 0\/1/);
    const p = proveBinary(srs, T(), b, n);
    expect(run(nb.c, p)).not.toBeNull();
    expect(
      run(b.c, { ...p, open: { ...p.open, ys: [shift(p.open.ys[0] as G1Point), ...p.open.ys.slice(1)] } }),
    ).not.toBeNull();
    expect(run(b.c, { ...p, open: { ...p.open, w: shift(p.open.w) } })).not.toBeNull();
    expect(run(b.c, { ...p, q: shift(p.q) })).not.toBeNull();
  });
});

describe('Hadamard and Mux', () => {
  const srs = testSrs();
  const n = 8;
  const av = Array.from({ length: n }, () => randomScalar());
  const bv = Array.from({ length: n }, () => randomScalar());
  const a = commitPoly(srs, intt(av));
  const b = commitPoly(srs, intt(bv));
  const c = commitPoly(srs, intt(av.map((x, i) => mul(x, bv[i] as bigint))));
  it('verifies an entrywise product and rejects a wrong one', () => {
    const p = proveHadamard(srs, T(), a, b, c, n);
    const batch = new VerifierBatch(srs);
    verifyHadamard(srs, T(), batch, a.c, b.c, c.c, n, p);
    expect(batch.check()).toBeNull();
    const bad = new VerifierBatch(srs);
    verifyHadamard(srs, T(), bad, a.c, b.c, shift(c.c), n, p);
    expect(bad.check()).not.toBeNull();
    const wrong = commitPoly(srs, intt(av.map((x, i) => (i === 0 ? 0n : mul(x, bv[i] as bigint)))));
    expect(() => proveHadamard(srs, T(), a, b, wrong, n)).toThrow(/not a∘b/);
  });
  it('Mux selects entrywise', () => {
    const sv = [1n, 0n, 0n, 1n, 1n, 0n, 1n, 0n];
    const s = commitPoly(srs, intt(sv));
    const out = commitPoly(srs, intt(sv.map((x, i) => (x === 1n ? av[i] : bv[i]) as bigint)));
    const p = proveMux(srs, T(), s, a, b, out, n);
    const batch = new VerifierBatch(srs);
    verifyMux(srs, T(), batch, s.c, a.c, b.c, out.c, n, p);
    expect(batch.check()).toBeNull();
    const bad = new VerifierBatch(srs);
    verifyMux(srs, T(), bad, s.c, b.c, a.c, out.c, n, p);
    expect(bad.check()).not.toBeNull();
  });
});

describe('Transcript', () => {
  it('challenges depend on every absorbed value and on the domain', () => {
    const c1 = new Transcript('d1').scalar('x', 1n).challenge('c');
    expect(new Transcript('d1').scalar('x', 1n).challenge('c')).toBe(c1);
    expect(new Transcript('d2').scalar('x', 1n).challenge('c')).not.toBe(c1);
    expect(new Transcript('d1').scalar('x', 2n).challenge('c')).not.toBe(c1);
    expect(new Transcript('d1').scalar('y', 1n).challenge('c')).not.toBe(c1);
    expect(mod(c1)).toBe(c1);
  });
});
