/**
 * The lower bound a finished branch-and-bound node returns (src/axis/solver.ts, `search`): the least
 * of the incumbent's cost, the evaluated candidates' bounds and the bounds of the intervals left
 * unevaluated — which can exceed the node's budget when the node is refuted, and is stored for the
 * neighbours' interval bounds. It must never exceed the node's true optimum (independent brute
 * force, ./bruteforce.ts), and a refuted node must still report at least its budget. Random data with
 * ties, depths 2–3, budgets below, at and above the optimum, misclassifications and integer weights,
 * min-leaf and α. Checked to fail when the evaluated candidates' bound is inflated by 1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AxisSolver } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import { intRows } from './axis-check.js';
import { bruteForce } from './bruteforce.js';

const problem = fc
  .record({
    n: fc.integer({ min: 4, max: 14 }),
    d: fc.integer({ min: 1, max: 3 }),
    classes: fc.integer({ min: 2, max: 3 }),
    levels: fc.integer({ min: 2, max: 6 }),
  })
  .chain(({ n, d, classes, levels }) =>
    fc.record({
      rows: intRows(n, d, levels),
      y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
      w: fc.option(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }), {
        nil: undefined,
      }),
      classes: fc.constant(classes),
      depth: fc.integer({ min: 2, max: 3 }),
      minLeaf: fc.integer({ min: 1, max: 2 }),
      alpha: fc.constantFrom(0, 0, 0.5),
      slack: fc.constantFrom(-3, -2, -1, -0.5, 0, 0.5, 2),
    }),
  );

describe('a finished node’s lower bound (refuted or not)', () => {
  it('never exceeds the optimum; a refuted node reports at least its budget; a solved one is exact', () => {
    fc.assert(
      fc.property(problem, (p) => {
        const data = makeDataset(p.rows, p.y, {
          classes: Array.from({ length: p.classes }, (_v, c) => String(c)),
          ...(p.w !== undefined ? { weights: p.w } : {}),
        });
        const k = 2 ** p.depth - 1;
        const opt = bruteForce(
          { rows: p.rows, y: p.y, w: p.w ?? p.y.map(() => 1), classes: p.classes },
          p.rows.map((_r, i) => i),
          p.depth,
          k,
          p.minLeaf,
          p.alpha,
        );
        const budget = Math.max(0.25, opt + p.slack);
        const solver = new AxisSolver(data, { depth: p.depth, minLeaf: p.minLeaf, alpha: p.alpha });
        const res = solver.solve(solver.rootOrd, data.n, p.depth, k, budget, 0);
        expect(res.lb).toBeLessThanOrEqual(opt + 1e-9);
        if (opt < budget) {
          expect(res.ub).toBeCloseTo(opt, 9);
          expect(res.lb).toBeCloseTo(opt, 9);
        } else expect(res.lb).toBeGreaterThanOrEqual(Math.min(budget, res.ub) - 1e-9);
      }),
      { numRuns: 1500 },
    );
  });
});
