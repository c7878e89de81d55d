/**
 * Exact samplers against their exact pmf (Pearson chi-square, fixed seeds). Each test also feeds a
 * deliberately wrong sampler through the same check and requires it to be rejected, which shows the
 * threshold (p < 1e-4) has power: a passing sampler is not a test that cannot fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRational, rat, ratToString } from '../src/dp/rational.js';
import { SeededRandom, uniformBigInt, uniformInt } from '../src/dp/rng.js';
import {
  bernoulliExpNeg,
  discreteLaplace,
  exponentialMechanism,
  generalizedExponentialMechanism,
} from '../src/dp/samplers.js';
import { chiSquarePValue, chiSquareTest } from '../src/dp/stats.js';

const ALPHA = 1e-4;

function dlapPmf(scale: number, lo: number, hi: number): number[] {
  const q = Math.exp(-1 / scale);
  const c = (1 - q) / (1 + q);
  const out: number[] = [];
  for (let x = lo; x <= hi; x++) out.push(c * q ** Math.abs(x));
  return out;
}

function histogram(values: number[], lo: number, hi: number): number[] {
  const h = new Array<number>(hi - lo + 1).fill(0);
  for (const v of values) if (v >= lo && v <= hi) h[v - lo] = (h[v - lo] as number) + 1;
  // Out-of-range samples are left out of h and land in chiSquareTest's pooled tail cell.
  return h;
}

function withTail(h: number[], total: number): number[] {
  return [...h, total - h.reduce((s, x) => s + x, 0)];
}

describe('rationals', () => {
  it('parses decimals and fractions exactly', () => {
    expect(ratToString(parseRational('0.1') ?? rat(-1))).toBe('1/10');
    expect(ratToString(parseRational('1e-3') ?? rat(-1))).toBe('1/1000');
    expect(ratToString(parseRational('2.50') ?? rat(-1))).toBe('5/2');
    expect(ratToString(parseRational('1/3') ?? rat(-1))).toBe('1/3');
    expect(parseRational('abc')).toBeNull();
    expect(parseRational('1/0')).toBeNull();
    expect(parseRational('')).toBeNull();
    expect(parseRational('.')).toBeNull();
  });
});

describe('chi-square helper', () => {
  it('matches known critical values (χ²_{0.95}(1) = 3.841, χ²_{0.99}(10) = 23.209)', () => {
    expect(chiSquarePValue(3.841, 1)).toBeCloseTo(0.05, 3);
    expect(chiSquarePValue(23.209, 10)).toBeCloseTo(0.01, 3);
  });
});

describe('random source', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const xa = Array.from({ length: 20 }, () => uniformInt(a, 1000));
    const xb = Array.from({ length: 20 }, () => uniformInt(b, 1000));
    const xc = Array.from({ length: 20 }, () => uniformInt(c, 1000));
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it('uniform integers stay in range (fast-check)', () => {
    const rng = new SeededRandom('range');
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 70n }), (n) => {
        const x = uniformBigInt(rng, n);
        return x >= 0n && x < n;
      }),
    );
  });

  it('uniform integers fit the uniform pmf; a modulo-biased sampler is rejected', () => {
    const rng = new SeededRandom(1);
    const n = 100;
    const N = 60_000;
    const good = new Array<number>(n).fill(0);
    const bad = new Array<number>(n).fill(0);
    const byte = new Uint8Array(1);
    for (let i = 0; i < N; i++) {
      const g = uniformInt(rng, n);
      good[g] = (good[g] as number) + 1;
      rng.fill(byte);
      const b = (byte[0] as number) % n; // biased: 0..55 are 1.5× as likely as 56..99
      bad[b] = (bad[b] as number) + 1;
    }
    const probs = new Array<number>(n).fill(1 / n);
    expect(chiSquareTest(good, probs).pValue).toBeGreaterThan(ALPHA);
    expect(chiSquareTest(bad, probs).pValue).toBeLessThan(ALPHA);
  });
});

describe('Bernoulli(exp(−γ))', () => {
  it('γ = 0 always gives 1', () => {
    const rng = new SeededRandom('bexp-0');
    for (let i = 0; i < 1000; i++) expect(bernoulliExpNeg(rng, rat(0n))).toBe(true);
  });

  for (const [num, den] of [
    [1n, 3n],
    [1n, 1n],
    [5n, 2n],
  ] as const) {
    it(`γ = ${num}/${den} has P(1) = exp(−γ)`, () => {
      const rng = new SeededRandom(`bexp-${num}/${den}`);
      const N = 40_000;
      let ones = 0;
      for (let i = 0; i < N; i++) if (bernoulliExpNeg(rng, rat(num, den))) ones++;
      const p = Math.exp(-Number(num) / Number(den));
      expect(chiSquareTest([ones, N - ones], [p, 1 - p], 0).pValue).toBeGreaterThan(ALPHA);
    });
  }

  it('the check rejects a Bernoulli with the wrong γ (1/3 sampled, exp(−1/2) claimed)', () => {
    const rng = new SeededRandom('bexp-wrong');
    const N = 40_000;
    let ones = 0;
    for (let i = 0; i < N; i++) if (bernoulliExpNeg(rng, rat(1n, 3n))) ones++;
    const p = Math.exp(-0.5);
    expect(chiSquareTest([ones, N - ones], [p, 1 - p], 0).pValue).toBeLessThan(ALPHA);
  });
});

describe('discrete Laplace', () => {
  for (const [num, den] of [
    [3n, 2n],
    [5n, 1n],
    [1n, 3n],
  ] as const) {
    it(`scale ${num}/${den} fits the exact pmf`, () => {
      const rng = new SeededRandom(`dlap-${num}/${den}`);
      const scale = Number(num) / Number(den);
      const N = 30_000;
      const xs = Array.from({ length: N }, () => Number(discreteLaplace(rng, rat(num, den))));
      const lo = -Math.ceil(12 * scale);
      const hi = Math.ceil(12 * scale);
      const h = withTail(histogram(xs, lo, hi), N);
      expect(chiSquareTest(h, dlapPmf(scale, lo, hi)).pValue).toBeGreaterThan(ALPHA);
      // Symmetric and centred.
      expect(Math.abs(xs.reduce((s, x) => s + x, 0) / N)).toBeLessThan(0.2 * scale + 0.05);
    });
  }

  it('the check rejects a sampler with 80% of the scale (the same test as above)', () => {
    const rng = new SeededRandom('dlap-wrong');
    const N = 30_000;
    const xs = Array.from({ length: N }, () => Number(discreteLaplace(rng, rat(4n, 1n))));
    const h = withTail(histogram(xs, -60, 60), N);
    expect(chiSquareTest(h, dlapPmf(5, -60, 60)).pValue).toBeLessThan(ALPHA);
  });
});

describe('exponential mechanism', () => {
  const scores = [rat(0n), rat(1n), rat(2n), rat(5n), rat(7n, 2n)];
  const eps = rat(1n);
  const sens = rat(1n);
  const probs = (() => {
    const w = scores.map((s) => Math.exp(Number(s.num) / Number(s.den) / 2));
    const z = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / z);
  })();

  it('samples index i with probability ∝ exp(ε·u_i/(2Δ))', () => {
    const rng = new SeededRandom('em');
    const N = 30_000;
    const h = new Array<number>(scores.length).fill(0);
    for (let i = 0; i < N; i++) {
      const k = exponentialMechanism(rng, scores, eps, sens);
      h[k] = (h[k] as number) + 1;
    }
    expect(chiSquareTest(h, probs).pValue).toBeGreaterThan(ALPHA);
  });

  it('the check rejects an EM that forgets the factor 2 (weights exp(ε·u_i/Δ))', () => {
    const rng = new SeededRandom('em-wrong');
    const N = 30_000;
    const h = new Array<number>(scores.length).fill(0);
    for (let i = 0; i < N; i++) {
      const k = exponentialMechanism(rng, scores, rat(2n), sens);
      h[k] = (h[k] as number) + 1;
    }
    expect(chiSquareTest(h, probs).pValue).toBeLessThan(ALPHA);
  });
});

describe('generalized exponential mechanism', () => {
  // Utilities u and sensitivities Δ; with t = 0 the normalised score is s_i = max_j (u_j − u_i)/(Δ_i + Δ_j).
  const u = [10, 40, 55, 50];
  const d = [2, 5, 17, 65];
  const eps = 1;
  const probs = (() => {
    const s = u.map((ui, i) =>
      Math.max(...u.map((uj, j) => (uj - ui) / ((d[i] as number) + (d[j] as number)))),
    );
    const w = s.map((x) => Math.exp((-eps * x) / 2));
    const z = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / z);
  })();
  const R = (xs: number[]) => xs.map((x) => rat(BigInt(x)));

  it('samples i ∝ exp(−ε·s_i/2) with sensitivity-normalised scores', () => {
    const rng = new SeededRandom('gem');
    const h = new Array<number>(u.length).fill(0);
    for (let i = 0; i < 30_000; i++) {
      const k = generalizedExponentialMechanism(rng, R(u), R(d), rat(1n), rat(0n));
      h[k] = (h[k] as number) + 1;
    }
    expect(chiSquareTest(h, probs).pValue).toBeGreaterThan(ALPHA);
  });

  it('the check rejects GEM fed the wrong sensitivities (all 1)', () => {
    const rng = new SeededRandom('gem-wrong');
    const h = new Array<number>(u.length).fill(0);
    for (let i = 0; i < 30_000; i++) {
      const k = generalizedExponentialMechanism(rng, R(u), R([1, 1, 1, 1]), rat(1n), rat(0n));
      h[k] = (h[k] as number) + 1;
    }
    expect(chiSquareTest(h, probs).pValue).toBeLessThan(ALPHA);
  });
});
