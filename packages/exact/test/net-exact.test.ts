/**
 * Differential tests of the exact network search (issue 7 "Correctness"): for tiny random data with
 * ties, duplicates and collinear points (D = 1 and 2, small integer coordinates), `fitNet` must reach the
 * independent brute force's optimum (test/net-brute.ts: all 2^n labellings, exact separability by
 * Fourier–Motzkin), and its float64 weights must realise exactly the reported objective.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../src/data.js';
import { fitNet } from '../src/net/fit.js';
import { netProblem } from '../src/net/problem.js';
import { objectiveOf, predictNet } from '../src/net/realise.js';
import type { NetKind } from '../src/net/types.js';
import { bruteForceNet } from './net-brute.js';

const caseArb = (d: number, maxN: number, span: number) =>
  fc.record({
    pts: fc.array(fc.array(fc.integer({ min: 0, max: span }), { minLength: d, maxLength: d }), {
      minLength: 2,
      maxLength: maxN,
    }),
    labels: fc.array(fc.boolean(), { minLength: maxN, maxLength: maxN }),
    weights: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: maxN, maxLength: maxN }),
  });

async function check(
  pts: number[][],
  labels: boolean[],
  K: number,
  kind: NetKind,
  weights?: number[],
  scale = 1,
): Promise<void> {
  const n = pts.length;
  const y = pts.map((_p, i) => (labels[i] ? 'p' : 'n'));
  if (!y.includes('p')) y[0] = 'p';
  if (!y.includes('n')) y[n - 1] = 'n';
  const w = weights?.slice(0, n);
  // scale 10: decimal coordinates (k/10), decided by the float filter and BigInt on the file's decimals.
  const coords = pts.map((p) => p.map((v) => v / scale));
  const data = makeDataset(coords, y, { classes: ['n', 'p'], ...(w === undefined ? {} : { weights: w }) });
  const r = await fitNet(data, { hidden: K, kind });
  const costPos = y.map((l, i) => (l === 'p' ? 0 : (w?.[i] ?? 1)));
  const costNeg = y.map((l, i) => (l === 'p' ? (w?.[i] ?? 1) : 0));
  const expected = bruteForceNet(pts, costPos, costNeg, K, kind);
  expect(r.objective).toBe(expected);
  expect(r.optimal).toBe(true);
  expect(r.lowerBound).toBe(expected);
  // The returned weights realise the objective when predicted in float64.
  const problem = netProblem(data, { hidden: K, kind });
  expect(objectiveOf(problem, predictNet(r.weights, data.x, data.n, data.d))).toBe(expected);
  expect(r.weights.w.length).toBe(K);
}

describe('fitNet against an independent brute force', () => {
  it('D = 1, K = 1..3, union and intersection, ties and duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(
        caseArb(1, 7, 4),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        async (c, K, inter) => {
          await check(c.pts, c.labels, K, inter ? 'intersection' : 'union');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('D = 2, K = 1, collinear points and duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb(2, 7, 3), fc.boolean(), async (c, inter) => {
        await check(c.pts, c.labels, 1, inter ? 'intersection' : 'union');
      }),
      { numRuns: 300 },
    );
  });

  it('D = 2, K = 2, collinear points and duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb(2, 6, 3), fc.boolean(), async (c, inter) => {
        await check(c.pts, c.labels, 2, inter ? 'intersection' : 'union');
      }),
      { numRuns: 150 },
    );
  });

  it('D = 2, K = 3 (small)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb(2, 5, 2), async (c) => {
        await check(c.pts, c.labels, 3, 'union');
      }),
      { numRuns: 60 },
    );
  });

  it('D = 3, K = 1 and 2, coplanar points (recursive routings of degenerate planes)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb(3, 6, 2), fc.integer({ min: 1, max: 2 }), async (c, K) => {
        await check(c.pts.slice(0, K === 1 ? 6 : 5), c.labels, K, 'union');
      }),
      { numRuns: 150 },
    );
  });

  it('decimal coordinates (exact BigInt fallbacks), D = 2 and 3, K = 1 and 2', async () => {
    await fc.assert(
      fc.asyncProperty(
        caseArb(2, 6, 3),
        fc.integer({ min: 1, max: 2 }),
        fc.boolean(),
        async (c, K, three) => {
          const pts = three
            ? c.pts.map((p, i) => [...p, (p[0] as number) * i > 2 ? 1 : 0]).slice(0, 5)
            : c.pts;
          await check(pts, c.labels, K, 'union', undefined, 10);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('weighted rows (per-point loss) through the same search', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb(2, 6, 3), fc.integer({ min: 1, max: 2 }), async (c, K) => {
        await check(c.pts, c.labels, K, 'union', c.weights);
      }),
      { numRuns: 150 },
    );
  });
});
