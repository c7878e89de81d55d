/** Layer 1 checks: Fr helpers, roots of unity, NTT against naive evaluation, polynomial division. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  invBatch,
  legendre,
  mod,
  mul,
  NON_RESIDUE,
  pow,
  R,
  ROOT_2_32,
  rootOfUnity,
  scalarFromBytes,
  scalarToBytes,
  sqrt,
} from '../src/field.js';
import { divideByLinear, divideByVanishing, evaluate, intt, ntt, polyMul, polySub } from '../src/poly.js';

const scalar = fc.bigInt({ min: 0n, max: R - 1n });

describe('Fr', () => {
  it('the 2^32 root of unity has exact order 2^32', () => {
    expect(pow(ROOT_2_32, 1n << 32n)).toBe(1n);
    expect(pow(ROOT_2_32, 1n << 31n)).toBe(R - 1n);
    expect(rootOfUnity(8) ** 1n).toBe(pow(ROOT_2_32, 1n << 29n));
  });
  it('5 is a non-residue and squares have square roots', () => {
    expect(legendre(NON_RESIDUE)).toBe(-1);
    fc.assert(
      fc.property(scalar, (x) => {
        const s = mul(x, x);
        const r = sqrt(s);
        expect(mul(r, r)).toBe(s);
        if (x !== 0n) expect(legendre(s)).toBe(1);
      }),
      { numRuns: 20 },
    );
  });
  it('batch inversion matches single inversions', () => {
    const xs = [1n, 2n, 3n, R - 1n, 123456789n];
    const inv = invBatch(xs);
    xs.forEach((x, i) => expect(mul(x, inv[i] as bigint)).toBe(1n));
  });
  it('scalar bytes round trip and reject non-reduced values', () => {
    fc.assert(
      fc.property(scalar, (x) => {
        expect(scalarFromBytes(scalarToBytes(x))).toBe(x);
      }),
      { numRuns: 50 },
    );
    expect(() => scalarFromBytes(scalarToBytes(R - 1n).map(() => 0xff))).toThrow(/reduced/);
  });
});

describe('NTT', () => {
  it('matches naive evaluation at the roots of unity, and inverts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.array(scalar, { minLength: 64, maxLength: 64 }),
        (k, raw) => {
          const n = 1 << k;
          const coeffs = raw.slice(0, n);
          const evals = ntt(coeffs);
          const w = rootOfUnity(n);
          for (let i = 0; i < n; i++) expect(evals[i]).toBe(evaluate(coeffs, pow(w, BigInt(i))));
          expect(intt(evals)).toEqual(coeffs);
        },
      ),
      { numRuns: 15 },
    );
  });
  it('rejects non-power-of-two lengths', () => {
    expect(() => ntt([1n, 2n, 3n])).toThrow(/power of two/);
  });
});

describe('polynomial division', () => {
  it('p − p(x) = q·(X − x)', () => {
    fc.assert(
      fc.property(fc.array(scalar, { minLength: 1, maxLength: 40 }), scalar, scalar, (p, x, u) => {
        const q = divideByLinear(p, x);
        expect(mod(evaluate(p, u) - evaluate(p, x))).toBe(mul(evaluate(q, u), mod(u - x)));
      }),
      { numRuns: 30 },
    );
  });
  it('divides exactly by X^n − 1 only what vanishes on the domain', () => {
    const n = 8;
    const bits = [1n, 0n, 1n, 1n, 0n, 0n, 1n, 0n];
    const b = intt(bits);
    const sq = polySub(polyMul(b, b), b);
    const q = divideByVanishing(sq, n);
    expect(q).not.toBeNull();
    const u = 987654321n;
    expect(evaluate(sq, u)).toBe(mul(evaluate(q as bigint[], u), mod(pow(u, BigInt(n)) - 1n)));
    const nb = intt([1n, 0n, 2n, 1n, 0n, 0n, 1n, 0n]);
    expect(divideByVanishing(polySub(polyMul(nb, nb), nb), n)).toBeNull();
  });
  it('NTT-based product matches the naive product', () => {
    const a = Array.from({ length: 40 }, (_, i) => BigInt(i * 7 + 1));
    const b = Array.from({ length: 33 }, (_, i) => BigInt(i * 3 + 2));
    const p = polyMul(a, b);
    for (const u of [0n, 1n, 5n, R - 2n]) expect(evaluate(p, u)).toBe(mul(evaluate(a, u), evaluate(b, u)));
  });
});
