/** Layer 1 checks: hiding KZG commit/open/verify, batched verification, and rejection of tampering. */
import { describe, expect, it } from 'vitest';
import { G1, mulG1 } from '../src/curve.js';
import { mod, R, randomScalar } from '../src/field.js';
import {
  commit,
  commitEvals,
  lagrangeBasis,
  type OpeningClaim,
  open,
  randomBlinding,
  verifyOpening,
  verifyOpeningsBatch,
} from '../src/kzg.js';
import { intt } from '../src/poly.js';
import { commitVector } from '../src/sigma.js';
import { testSrs } from './helpers.js';

function claim(deg: number): OpeningClaim {
  const srs = testSrs();
  const f = Array.from({ length: deg }, () => randomScalar());
  const r = randomBlinding(deg);
  const c = commit(srs, f, r);
  const x = randomScalar();
  return { commitment: c, point: x, opening: open(srs, f, r, x).opening };
}

describe('hiding KZG', () => {
  it('correct openings verify, singly and batched', () => {
    const srs = testSrs();
    const claims = [claim(1), claim(5), claim(32), claim(64)];
    for (const c of claims) expect(verifyOpening(srs, c)).toBe(true);
    expect(verifyOpeningsBatch(srs, claims)).toBe(true);
  });
  it('a public opening reveals value and blind consistent with Y', () => {
    const srs = testSrs();
    const f = [3n, 1n, 4n, 1n, 5n];
    const r = randomBlinding(5);
    const o = open(srs, f, r, 2n);
    expect(o.value).toBe(3n + 2n + 16n + 8n + 80n);
    const y = mulG1(srs.g[0] ?? G1.BASE, o.value).add(mulG1(srs.h[0] ?? G1.BASE, o.blind));
    expect(y.equals(o.opening.y)).toBe(true);
  });
  it('rejects an altered value, proof, commitment or point', () => {
    const srs = testSrs();
    const c = claim(16);
    const g = srs.g[0] ?? G1.BASE;
    const bad: OpeningClaim[] = [
      { ...c, opening: { ...c.opening, y: c.opening.y.add(g) } },
      { ...c, opening: { ...c.opening, w: c.opening.w.add(g) } },
      { ...c, commitment: c.commitment.add(g) },
      { ...c, point: c.point + 1n },
    ];
    for (const b of bad) {
      expect(verifyOpening(srs, b)).toBe(false);
      expect(verifyOpeningsBatch(srs, [claim(4), b, claim(8)])).toBe(false);
    }
  });
  it('rejects a polynomial longer than the SRS', () => {
    const srs = testSrs();
    expect(() => commit(srs, new Array<bigint>(65).fill(1n), [1n])).toThrow(/exceeds the SRS/);
  });
  it('commits a vector in the Lagrange basis to the same point as its interpolated polynomial', () => {
    const srs = testSrs();
    // Known answer: L_i is the commitment to the i-th unit vector's interpolant.
    const unit = [0n, 0n, 1n, 0n, 0n, 0n, 0n, 0n];
    expect(lagrangeBasis(srs, 8)[2]?.equals(commit(srs, intt(unit), []))).toBe(true);
    for (const d of [2, 16, 64]) {
      const r = randomBlinding(4);
      const small = Array.from({ length: d }, (_, i) => mod(BigInt((i * 7919) % 9) - 4n)); // −4..4
      expect(commitEvals(srs, small, r).equals(commit(srs, intt(small), r))).toBe(true);
      const big = Array.from({ length: d }, () => randomScalar());
      big[0] = R - 1n;
      expect(commitEvals(srs, big, r).equals(commit(srs, intt(big), r))).toBe(true);
      const cv = commitVector(srs, small, 4);
      expect(cv.c.equals(commit(srs, cv.f, cv.r))).toBe(true);
      expect(cv.f).toEqual(intt(small));
    }
    expect(() => lagrangeBasis(srs, 128)).toThrow(/power of two/);
  });
});
