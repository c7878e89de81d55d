/** Layer 4 checks: the truncated discrete-Laplace parameter search and the exact coin-based samplers. */
import { describe, expect, it } from 'vitest';
import {
  analyze,
  bernoulliFromCoins,
  coinLayout,
  expectedAbsSum,
  noiseFromCoins,
  noisePmf,
  sampleNoise,
  searchParams,
  truncateProb,
} from '../src/dlap.js';
import { chiSquare, chiSquareCritical } from './stats.js';

describe('parameter search (known answers)', () => {
  // Source: jvhs0706/VDDP logs/vddlm-anal.csv (rows "ours"), quoted in shared/research/privacy.md §1.4
  // and §1.7: ε = 1 → ε′ = 1.0069026891786528, δ′ = 5.811828035869712e-15, 159 coins.
  it('ε = 1: ε′ ≈ 1.0069, δ′ ≈ 5.8e-15, 159 coin vectors', () => {
    const p = searchParams(1);
    expect(p.epsilonPrime).toBeCloseTo(1.0069026891786528, 12);
    expect(p.deltaPrime / 5.811828035869712e-15).toBeCloseTo(1, 9);
    expect(p.coins).toBe(159);
    expect(p.logRange).toBe(5);
    expect(p.precision).toBe(27);
  });
  it('reproduces the other rows of the reference analysis', () => {
    // (ε, ε′, δ′, coins) from logs/vddlm-anal.csv.
    const rows: [number, number, number, number][] = [
      [0.125, 0.1277642441449185, 7.882972170267522e-16, 274],
      [0.0009765625, 0.0010150666240686945, 5.4946275603106616e-11, 269],
      [0.5, 0.5069026640155042, 3.0802256348157536e-15, 185],
      [0.0625, 0.06526424339598913, 3.945332685046186e-16, 304],
    ];
    for (const [eps, ep, dp, coins] of rows) {
      const p = searchParams(eps);
      expect(p.epsilonPrime / ep).toBeCloseTo(1, 12);
      expect(p.deltaPrime / dp).toBeCloseTo(1, 9);
      expect(p.coins).toBe(coins);
    }
  });
  it('truncates probabilities by floor and drops trailing zeros', () => {
    expect(truncateProb(0.75, 4)).toEqual({ p: 0.75, bits: [1, 1] });
    expect(truncateProb(0.7, 3)).toEqual({ p: 0.625, bits: [1, 0, 1] });
    expect(truncateProb(0.01, 3)).toEqual({ p: 0, bits: [] });
    expect(analyze(1, 5, 2)?.logRange).toBe(1); // digits whose probability truncates to 0 are dropped
  });
  it('per-dimension L1 with 2 servers is within 3% of the paper (1.36, 15.0, 150)', () => {
    // Targets: issue 3 "Correctness"; privacy.md §1.7 per-dimension L1 of VDDLM (n_ser = 2).
    for (const [eps, target] of [
      [1, 1.36],
      [0.1, 15.0],
      [0.01, 150],
    ] as const) {
      const l1 = expectedAbsSum(searchParams(eps), 2);
      expect(Math.abs(l1 / target - 1)).toBeLessThan(0.03);
    }
  });
});

describe('exact samplers', () => {
  it('the AND/OR chain gives exactly Ber(0.b₁…b_k) (exhaustive over all coin outcomes)', () => {
    for (const bits of [[1], [0, 1], [1, 0, 1], [0, 1, 1, 0, 1], [1, 1, 0, 0, 1, 1]]) {
      const k = bits.length;
      const d = 2 ** k; // entry i sees coin j = bit j of i: every outcome once
      const coins = bits.map((_, j) => Uint8Array.from({ length: d }, (_, i) => (i >> j) & 1));
      const { value } = bernoulliFromCoins(bits, coins, 0, d);
      const ones = value.reduce((a, b) => a + b, 0);
      const num = bits.reduce((acc, b, j) => acc + b * 2 ** (k - 1 - j), 0);
      expect(ones).toBe(num);
    }
  });
  it('noise from coins follows the exact truncated pmf (chi-square, ε = 1 and ε = 0.25)', () => {
    for (const eps of [1, 0.25]) {
      const p = searchParams(eps);
      const pmf = noisePmf(p);
      let total = 0;
      for (const v of pmf.values()) total += v;
      expect(total).toBeCloseTo(1, 12);
      const noise = sampleNoise(p, 20_000);
      const { stat, df } = chiSquare(noise, pmf);
      expect(stat).toBeLessThan(chiSquareCritical(df, 4.75)); // false alarm ≈ 1e-6
    }
  });
  it('the chi-square check has power: noise of the wrong ε is rejected', () => {
    const noise = sampleNoise(searchParams(1.3), 20_000);
    const { stat, df } = chiSquare(noise, noisePmf(searchParams(1)));
    expect(stat).toBeGreaterThan(chiSquareCritical(df, 4.75));
  });
  it('the coin layout consumes exactly the counted coins and the trace is consistent', () => {
    const p = searchParams(1);
    const lay = coinLayout(p);
    expect(lay.total).toBe(p.coins);
    const d = 64;
    const coins = Array.from({ length: lay.total }, () =>
      Uint8Array.from({ length: d }, () => (Math.random() < 0.5 ? 1 : 0)),
    );
    const tr = noiseFromCoins(p, coins, d);
    for (let k = 0; k < d; k++) {
      expect(tr.noise[k]).toBe((tr.sign[k] as number) * (1 + (tr.geometric[k] as number)));
      expect(Math.abs(tr.noise[k] as number)).toBeLessThanOrEqual(2 ** p.logRange);
    }
    expect(() => noiseFromCoins(p, coins.slice(1), d)).toThrow(/coin vectors/);
  });
});
