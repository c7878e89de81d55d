/**
 * Degenerate integer data and time limits for the exact network search (issue 7; Deep-ICE,
 * arXiv:2505.05740; research note exact-learning.md §2.6, the degeneracy trap):
 * - the cheapest strict dichotomy of points on a flat (src/net/dichotomy.ts, the K = 1 routing of a
 *   degenerate plane) equals the independent brute force of test/net-brute.ts on random integer
 *   points, in general and in huge coordinates (float filter and BigInt paths);
 * - binary data in D = 3..5 (every plane degenerate), K = 1, against the brute force;
 * - a tiny time limit on a grid with many coplanar points gives a consistent certificate: either
 *   proven and equal to the unlimited optimum, or not proven with lowerBound ≤ optimum ≤ objective,
 *   honest counts (covered ≤ configurations, evaluated + pruned ≤ all orientations) and weights that
 *   realise the reported objective.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../src/data.js';
import { allDichotomies, dichotomyContext, solveDichotomy } from '../src/net/dichotomy.js';
import { fitNet } from '../src/net/fit.js';
import { bestDichotomy, dichotomies, netProblem } from '../src/net/problem.js';
import { objectiveOf, predictNet } from '../src/net/realise.js';
import { bruteForceNet } from './net-brute.js';

describe('cheapest dichotomy of points on a flat', () => {
  it('equals the brute force (K = 1 over all labellings), k = 2..4, ties and lower-dimensional sets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 16, maxLength: 16 }),
        fc.constantFrom(1n, 1000003n, 10n ** 17n),
        (k, raw, costs, scale) => {
          const pts = raw.map((p) => p.slice(0, k));
          const m = pts.length;
          const cu = Float64Array.from({ length: m }, (_v, i) => costs[i] as number);
          const cd = Float64Array.from({ length: m }, (_v, i) => costs[i + 8] as number);
          // Scaled coordinates (an affine bijection) keep the answer; large ones force the exact paths.
          const big = pts.flatMap((p) => p.map((v) => BigInt(v) * scale + 7n));
          const r = bestDichotomy(big, m, k, cu, cd);
          const expected = bruteForceNet(pts, [...cu], [...cd], 1, 'union');
          expect(r.cost).toBe(expected);
          // The routing returned costs what it says.
          let c = 0;
          for (let i = 0; i < m; i++) c += r.up[i] === 1 ? (cu[i] as number) : (cd[i] as number);
          expect(c).toBe(r.cost);
          // A limit below the optimum answers "above"; at the optimum it is exact (memo shared).
          const ctx = dichotomyContext();
          const ids = Int32Array.from({ length: m }, (_v, i) => i);
          if (expected > 0)
            expect(solveDichotomy(big, m, k, cu, cd, ids, ctx, expected - 0.5).cost).toBe(
              Number.POSITIVE_INFINITY,
            );
          expect(solveDichotomy(big, m, k, cu, cd, ids, ctx, expected).cost).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('binary data, every plane degenerate', () => {
  it('D = 3..5, K = 1, n ≤ 8: the optimum equals the brute force and the weights realise it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 5 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 5, maxLength: 5 }), {
          minLength: 6,
          maxLength: 8,
        }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        async (d, raw, lab) => {
          const pts = raw.map((p) => p.slice(0, d));
          const n = pts.length;
          const y = pts.map((_p, i) => (lab[i] ? 'p' : 'n'));
          if (!y.includes('p')) y[0] = 'p';
          if (!y.includes('n')) y[n - 1] = 'n';
          const data = makeDataset(pts, y, { classes: ['n', 'p'] });
          const r = await fitNet(data, { hidden: 1 });
          const costPos = y.map((l) => (l === 'p' ? 0 : 1));
          const costNeg = y.map((l) => (l === 'p' ? 1 : 0));
          const expected = bruteForceNet(pts, costPos, costNeg, 1, 'union');
          expect(r.objective).toBe(expected);
          expect(r.optimal).toBe(true);
          const problem = netProblem(data, { hidden: 1 });
          expect(objectiveOf(problem, predictNet(r.weights, data.x, data.n, data.d))).toBe(expected);
        },
      ),
      { numRuns: 120 },
    );
  });
});

/** A 3-D integer grid with many coplanar and collinear points and a noisy label. */
function grid(n: number, seed: number): { pts: number[][]; y: string[] } {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const pts: number[][] = [];
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = [Math.floor(next() * 3), Math.floor(next() * 3), Math.floor(next() * 4)];
    pts.push(p);
    const inside = (p[0] as number) + (p[1] as number) > (p[2] as number);
    y.push(inside !== next() < 0.2 ? 'p' : 'n');
  }
  return { pts, y };
}

describe('time limits give a consistent certificate', () => {
  it('a tiny limit on a degenerate grid (K = 1 and 2): proven = the optimum, else honest bounds', async () => {
    for (const [K, n, seed] of [
      [1, 60, 1],
      [2, 24, 2],
      [1, 40, 3],
    ] as const) {
      const { pts, y } = grid(n, seed);
      const data = makeDataset(pts, y, { classes: ['n', 'p'] });
      const full = await fitNet(data, { hidden: K });
      expect(full.optimal).toBe(true);
      const r = await fitNet(data, { hidden: K, timeLimit: 0.001 });
      const configurations = BigInt(r.searchSpace.configurations);
      const covered = BigInt(r.searchSpace.covered ?? '0');
      const orientations = configurations * BigInt(2 ** K);
      expect(covered <= configurations).toBe(true);
      expect(BigInt(r.searchSpace.evaluated) + BigInt(r.searchSpace.pruned) <= orientations).toBe(true);
      if (r.optimal) {
        expect(r.objective).toBe(full.objective);
        expect(covered).toBe(configurations);
      } else {
        expect(r.lowerBound).toBeLessThanOrEqual(full.objective);
        expect(r.objective).toBeGreaterThanOrEqual(full.objective);
      }
      const problem = netProblem(data, { hidden: K });
      expect(objectiveOf(problem, predictNet(r.weights, data.x, data.n, data.d))).toBe(r.objective);
    }
  });
});

describe('all dichotomies (K ≥ 2 routings of a degenerate plane)', () => {
  it('equal the reference enumeration, k = 2..4, ties and lower-dimensional sets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }), {
          minLength: 1,
          maxLength: 9,
        }),
        fc.constantFrom(1n, 1000003n, 10n ** 17n),
        (k, raw, scale) => {
          const m = raw.length;
          const big = raw.flatMap((p) => p.slice(0, k).map((v) => BigInt(v) * scale - 5n));
          const fast = [...allDichotomies(big, m, k, dichotomyContext())].sort((a, b) => a - b);
          const ref = [...dichotomies(big, m, k)].sort((a, b) => a - b);
          expect(fast).toEqual(ref);
        },
      ),
      { numRuns: 200 },
    );
  });
});
