/**
 * Correctness of the depth-≥3 search when it solves a root candidate's right child before its left
 * (src/axis/solver.ts, `evalRec`: the larger child goes first with five or more features), so the
 * budgets are passed the other way round: right against the left's estimate, left against the
 * right's bound. Random data with five or six features (ties and duplicates), depth 3, every
 * objective kind the search bounds (misclassifications, integer weights, cost matrices), min-leaf,
 * α and split limits, checked against the independent brute force in ./bruteforce.ts. No timing
 * assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveAxis } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import { evaluateTree, treeSize } from '../src/tree.js';
import type { Objective } from '../src/types.js';
import { type BfProblem, bruteForce } from './bruteforce.js';

const wide = fc
  .record({
    n: fc.integer({ min: 4, max: 10 }),
    d: fc.integer({ min: 5, max: 6 }),
    classes: fc.integer({ min: 2, max: 4 }),
    levels: fc.integer({ min: 2, max: 6 }),
  })
  .chain(({ n, d, classes, levels }) =>
    fc.record({
      rows: fc.array(fc.array(fc.integer({ min: 0, max: levels - 1 }), { minLength: d, maxLength: d }), {
        minLength: n,
        maxLength: n,
      }),
      y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
      w: fc.option(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }), {
        nil: undefined,
      }),
      cost: fc.option(
        fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: classes, maxLength: classes }), {
          minLength: classes,
          maxLength: classes,
        }),
        { nil: undefined, freq: 4 },
      ),
      classes: fc.constant(classes),
      maxSplits: fc.option(fc.integer({ min: 2, max: 6 }), { nil: undefined, freq: 3 }),
      minLeaf: fc.integer({ min: 1, max: 2 }),
      alpha: fc.constantFrom(0, 0, 0.5, 1),
    }),
  );

describe('depth-3 search with the larger child first (five or more features) vs brute force', () => {
  it('finds the brute-force optimum with weights, cost matrices, min-leaf, α and split limits', () => {
    fc.assert(
      fc.property(wide, (p) => {
        const data = makeDataset(p.rows, p.y, {
          classes: Array.from({ length: p.classes }, (_v, c) => String(c)),
          ...(p.w ? { weights: p.w } : {}),
        });
        const objective: Objective = p.cost ? { kind: 'cost-matrix', cost: p.cost } : { kind: 'errors' };
        const res = solveAxis(data, {
          depth: 3,
          minLeaf: p.minLeaf,
          alpha: p.alpha,
          objective,
          ...(p.maxSplits !== undefined ? { maxSplits: p.maxSplits } : {}),
        });
        const bf: BfProblem = { rows: p.rows, y: p.y, w: p.w ?? p.y.map(() => 1), classes: p.classes };
        if (p.cost) bf.cost = p.cost;
        const k = p.maxSplits ?? 7;
        const want = bruteForce(
          bf,
          p.rows.map((_r, i) => i),
          3,
          k,
          p.minLeaf,
          p.alpha,
        );
        expect(res.objective).toBeCloseTo(want, 9);
        expect(res.lowerBound).toBeCloseTo(want, 9);
        expect(res.complete).toBe(true);
        expect(evaluateTree(res.tree, data, { objective, alpha: p.alpha }).objective).toBeCloseTo(
          res.objective,
          9,
        );
        const size = treeSize(res.tree);
        expect(size.depth).toBeLessThanOrEqual(3);
        expect(size.splits).toBeLessThanOrEqual(k);
      }),
      { numRuns: 400, seed: 20261130 },
    );
  });
});
