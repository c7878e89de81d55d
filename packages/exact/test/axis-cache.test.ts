/**
 * Correctness of the axis solver's subproblem cache (`solve` in src/axis/solver.ts): from the root's
 * grandchildren on, a row set reached by two paths (x ≤ a then y ≤ b, or y ≤ b then x ≤ a) is looked
 * up by (depth, split limit, rows), and a cached answer is reused when it is exact or when its lower
 * bound already refutes the new budget. Only solves of depth ≥ 4 reach it, so these differential tests
 * run depth 4–5 against the independent brute force (./bruteforce.ts) on small random sets with ties,
 * split limits K, min-leaf, α and weights, including interrupted solves (the certificate's lower
 * bound). Checked to fail when K is left out of the key, when a bound below the budget is reused, and
 * when stored bounds are inflated by one. No timing assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveAxis } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import { evaluateTree } from '../src/tree.js';
import { checkAgainstBruteForce, intRows } from './axis-check.js';
import { type BfProblem, bruteForce } from './bruteforce.js';

const deep = fc
  .record({
    n: fc.integer({ min: 6, max: 14 }),
    d: fc.integer({ min: 1, max: 3 }),
    classes: fc.integer({ min: 2, max: 4 }),
    levels: fc.integer({ min: 2, max: 4 }),
  })
  // Few distinct values keep the brute force (≈ (2·d·levels)^depth nodes) fast with up to 14 rows.
  .map((r) => ({ ...r, levels: r.d === 3 ? Math.min(r.levels, 3) : r.levels }))
  .chain(({ n, d, classes, levels }) =>
    fc.record({
      rows: intRows(n, d, levels),
      y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
      w: fc.option(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }), {
        nil: undefined,
      }),
      classes: fc.constant(classes),
      // Depth 5 only on the smallest sets: the brute force grows fast with depth.
      depth: n <= 6 ? fc.constantFrom(4, 5) : fc.constant(4),
      // Tight split limits make subtrees of one row set differ by their K (part of the cache key).
      maxSplits: fc.option(fc.integer({ min: 4, max: 8 }), { nil: undefined, freq: 4 }),
      minLeaf: fc.constantFrom(1, 1, 2),
      alpha: fc.constantFrom(0, 0, 0.5),
    }),
  );

/** Larger nodes at the root's grandchildren (where the cache starts): 20–40 rows, few features. */
const wide = fc
  .record({
    n: fc.integer({ min: 20, max: 40 }),
    d: fc.integer({ min: 1, max: 2 }),
    classes: fc.integer({ min: 2, max: 3 }),
    levels: fc.integer({ min: 3, max: 6 }),
  })
  .chain(({ n, d, classes, levels }) =>
    fc.record({
      rows: intRows(n, d, levels),
      y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
      w: fc.constant(undefined),
      classes: fc.constant(classes),
      depth: fc.constant(4),
      maxSplits: fc.option(fc.integer({ min: 4, max: 8 }), { nil: undefined, freq: 4 }),
      minLeaf: fc.constantFrom(1, 1, 2),
      alpha: fc.constantFrom(0, 0, 0.5),
    }),
  );

describe('axis solver subproblem cache (depth ≥ 4) vs brute force', () => {
  it('depth 4 with 20–40 rows and split limits (the same row set under different K)', () => {
    fc.assert(
      fc.property(wide, (p) => {
        checkAgainstBruteForce(p);
      }),
      { numRuns: 50, seed: 20261132 },
    );
  });

  it('finds the brute-force optimum and a proven lower bound at depth 4–5 (≤ 14 rows, weights)', () => {
    fc.assert(
      fc.property(deep, (p) => {
        checkAgainstBruteForce(p);
      }),
      { numRuns: 120, seed: 20261130 },
    );
  });

  it('interrupted at depth 4: the lower bound never exceeds the optimum', () => {
    // Interrupting after a few evaluations exposes the bounds stored in the cache: an inflated one
    // would surface in the returned lower bound.
    fc.assert(
      fc.property(deep, fc.integer({ min: 0, max: 400 }), (p, stop) => {
        const classes = Array.from({ length: p.classes }, (_v, c) => String(c));
        const data = makeDataset(p.rows, p.y, { classes, ...(p.w !== undefined ? { weights: p.w } : {}) });
        const res = solveAxis(data, {
          depth: p.depth,
          minLeaf: p.minLeaf,
          alpha: p.alpha,
          maxEvaluations: stop,
          ...(p.maxSplits !== undefined ? { maxSplits: p.maxSplits } : {}),
        });
        const k = Math.min(p.maxSplits ?? 2 ** p.depth - 1, 2 ** p.depth - 1);
        const bf: BfProblem = { rows: p.rows, y: p.y, w: p.w ?? p.y.map(() => 1), classes: p.classes };
        const want = bruteForce(
          bf,
          p.rows.map((_r, i) => i),
          p.depth,
          k,
          p.minLeaf,
          p.alpha,
        );
        expect(res.lowerBound).toBeLessThanOrEqual(want + 1e-9);
        expect(res.objective).toBeGreaterThanOrEqual(want - 1e-9);
        expect(evaluateTree(res.tree, data, { alpha: p.alpha }).objective).toBeCloseTo(res.objective, 9);
      }),
      { numRuns: 150, seed: 20261131 },
    );
  });
});
