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
import { describe, it } from 'vitest';
import { checkAgainstBruteForce, intRows } from './axis-check.js';

const wide = fc
  .record({
    n: fc.integer({ min: 4, max: 10 }),
    d: fc.integer({ min: 5, max: 6 }),
    classes: fc.integer({ min: 2, max: 4 }),
    levels: fc.integer({ min: 2, max: 6 }),
  })
  .chain(({ n, d, classes, levels }) =>
    fc.record({
      rows: intRows(n, d, levels),
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
        checkAgainstBruteForce({ ...p, depth: 3 });
      }),
      { numRuns: 400, seed: 20261130 },
    );
  });
});
