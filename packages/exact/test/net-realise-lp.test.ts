/**
 * The exact LP refit of network realisation (issue 7 item 3; src/net/lp.ts): when the ε-nudge of a
 * degenerate plane in D ≥ 3 fails (forced here by giving its margin perceptron 0 epochs), the units are
 * refitted by the L1 max-margin LP on the routing the search chose, and the float64 weights must
 * realise the search's objective, which must equal the independent brute force (test/net-brute.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../src/data.js';
import { separateLp } from '../src/net/lp.js';
import { netProblem } from '../src/net/problem.js';
import { objectiveOf, predictNet, realiseNetDetailed } from '../src/net/realise.js';
import { configurationCount, lowerBest, reduceRanges, searchRange } from '../src/net/search.js';
import type { NetKind } from '../src/net/types.js';
import { bruteForceNet } from './net-brute.js';

/** Searches exactly, then realises the optimum with the perceptron capped at `epochs`. */
function realiseOptimum(pts: number[][], labels: boolean[], K: number, kind: NetKind, epochs: number) {
  const y = labels.map((l) => (l ? 'p' : 'n'));
  const data = makeDataset(pts, y, { classes: ['n', 'p'] });
  const problem = netProblem(data, { hidden: K }, kind);
  const low = lowerBest(problem);
  const range = searchRange(problem, 0n, configurationCount(problem), low.objective);
  const red = reduceRanges(problem, [range], low);
  const costPos = y.map((l) => (l === 'p' ? 0 : 1));
  const costNeg = y.map((l) => (l === 'p' ? 1 : 0));
  const brute = bruteForceNet(pts, costPos, costNeg, K, kind);
  if (red.rank === null) return { red, brute, realised: red.objective, refitByLp: false };
  const sub = { ...problem, hidden: red.hidden };
  const r = realiseNetDetailed(sub, red.rank, red.orientation, red.objective, { perceptronEpochs: epochs });
  const realised = objectiveOf(problem, predictNet(r.weights, data.x, data.n, data.d));
  return { red, brute, realised, refitByLp: r.refitByLp };
}

describe('separateLp', () => {
  it('separates a strictly separable pattern with margin, and refuses an inseparable one', () => {
    const x = Float64Array.of(0, 0, 3, 0, 0, 3, 3, 3, 1, 1);
    const rows = Int32Array.of(0, 1, 2, 3, 4);
    const y = Int8Array.of(-1, -1, -1, 1, -1);
    const s = separateLp(x, 2, rows, y);
    expect(s).not.toBeNull();
    for (let i = 0; i < 5; i++) {
      const h =
        (s?.b ?? 0) + (s?.w[0] ?? 0) * (x[2 * i] as number) + (s?.w[1] ?? 0) * (x[2 * i + 1] as number);
      expect(Math.sign(h)).toBe(y[i]);
    }
    // XOR is not linearly separable.
    expect(
      separateLp(
        Float64Array.of(0, 0, 1, 1, 0, 1, 1, 0),
        2,
        Int32Array.of(0, 1, 2, 3),
        Int8Array.of(1, 1, -1, -1),
      ),
    ).toBeNull();
  });
});

describe('LP refit of degenerate planes (D ≥ 3)', () => {
  // D = 3: eight points on the plane z = 0 (a 2-D pattern needing a mixed routing: the on-plane
  // positives are the corner (2,2,0)-side), three off the plane, a simplex vertex above.
  const pts = [
    [0, 0, 0],
    [1, 0, 0],
    [2, 0, 0],
    [0, 1, 0],
    [1, 1, 0],
    [2, 1, 0],
    [0, 2, 0],
    [2, 2, 0],
    [0, 0, 2],
    [1, 1, 2],
    [2, 2, -2],
    [1, 0, -1],
  ];
  const labels = [false, false, false, false, false, true, false, true, false, false, false, true];

  it('the capped perceptron fails the nudge; the LP refit realises the brute-force optimum', () => {
    const capped = realiseOptimum(pts, labels, 1, 'union', 0);
    expect(capped.red.objective).toBe(capped.brute);
    expect(capped.refitByLp).toBe(true);
    expect(capped.realised).toBe(capped.brute);
    // With the default perceptron the nudge alone suffices (the LP is a fallback only).
    const full = realiseOptimum(pts, labels, 1, 'union', 100000);
    expect(full.refitByLp).toBe(false);
    expect(full.realised).toBe(full.brute);
  });

  const caseArb = (d: number, maxN: number) =>
    fc.record({
      // Points on a small grid with one coordinate mostly 0: many coplanar points.
      pts: fc.array(
        fc.tuple(
          fc.array(fc.integer({ min: 0, max: 2 }), { minLength: d - 1, maxLength: d - 1 }),
          fc.constantFrom(0, 0, 0, 1, -1),
        ),
        { minLength: 3, maxLength: maxN },
      ),
      labels: fc.array(fc.boolean(), { minLength: maxN + d + 1, maxLength: maxN + d + 1 }),
    });
  const simplex = (d: number) => [
    new Array<number>(d).fill(0).map((_v, j) => (j === d - 1 ? 3 : 0)),
    ...Array.from({ length: d }, (_v, i) => new Array<number>(d).fill(0).map((_u, j) => (i === j ? 3 : 0))),
  ];

  for (const [d, K, kind, maxN, runs] of [
    [3, 1, 'union', 8, 40],
    [3, 2, 'union', 6, 25],
    [3, 2, 'intersection', 6, 25],
    [4, 1, 'union', 6, 15],
  ] as const) {
    it(`D = ${d}, K = ${K}, ${kind}: LP-realised weights reach the brute force`, () => {
      let lpUsed = 0;
      fc.assert(
        fc.property(caseArb(d, maxN), ({ pts: raw, labels }) => {
          const pts = [...simplex(d), ...raw.map(([a, z]) => [...a, z])];
          const lab = labels.slice(0, pts.length);
          const r = realiseOptimum(pts, lab, K, kind, 0);
          expect(r.red.objective).toBe(r.brute);
          expect(r.realised).toBe(r.brute);
          if (r.refitByLp) lpUsed++;
        }),
        { numRuns: runs, seed: 7 + d + K },
      );
      // The property must exercise the LP path, not only the nudge.
      expect(lpUsed).toBeGreaterThan(0);
    });
  }
});
