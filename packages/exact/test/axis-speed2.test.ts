/**
 * Correctness of the axis solver's unit-weight many-class depth-2 kernel (`sweepKU` in
 * src/axis/solver.ts: unit weights, misclassifications, three or more classes, with the three-class
 * best leaf unrolled). Expected optima come from the independent brute force in ./bruteforce.ts; the
 * returned tree must also equal the one the general kernel (`sweepK`, reached with explicit weights of
 * 1) returns, so the specialisation keeps trees deterministic. No timing assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveAxis } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import { checkAgainstBruteForce, intRows } from './axis-check.js';

const unitMany = (maxN: number, maxDepth: number, classes: [number, number], levels: [number, number]) =>
  fc
    .record({
      n: fc.integer({ min: 4, max: maxN }),
      d: fc.integer({ min: 1, max: 3 }),
      classes: fc.integer({ min: classes[0], max: classes[1] }),
      levels: fc.integer({ min: levels[0], max: levels[1] }),
    })
    .chain(({ n, d, classes, levels }) =>
      fc.record({
        rows: intRows(n, d, levels),
        y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
        classes: fc.constant(classes),
        depth: fc.integer({ min: 2, max: maxDepth }),
        minLeaf: fc.integer({ min: 1, max: 3 }),
        alpha: fc.constantFrom(0, 0, 0.5, 1),
      }),
    );

type Problem = {
  rows: number[][];
  y: number[];
  classes: number;
  depth: number;
  minLeaf: number;
  alpha: number;
};

function check(p: Problem): void {
  const { res, opts } = checkAgainstBruteForce(p);
  const classes = Array.from({ length: p.classes }, (_v, c) => String(c));
  // Explicit unit weights take the general weighted kernel: same optimum and the same tree.
  const weighted = makeDataset(p.rows, p.y, { classes, weights: p.y.map(() => 1) });
  const ref = solveAxis(weighted, opts);
  expect(res.objective).toBe(ref.objective);
  expect(JSON.stringify(res.tree)).toBe(JSON.stringify(ref.tree));
}

describe('unit-weight many-class depth-2 kernel vs brute force', () => {
  it('three classes, continuous and tie-heavy features, depth 2 (n ≤ 30)', () => {
    fc.assert(fc.property(unitMany(30, 2, [3, 3], [2, 30]), check), { numRuns: 400, seed: 20261201 });
  });

  it('four to six classes, depth 2 (n ≤ 30)', () => {
    fc.assert(fc.property(unitMany(30, 2, [4, 6], [2, 30]), check), { numRuns: 300, seed: 20261202 });
  });

  it('depth 3 through the kernel at inner nodes (n ≤ 12)', () => {
    fc.assert(fc.property(unitMany(12, 3, [3, 5], [2, 12]), check), { numRuns: 120, seed: 20261203 });
  });
});
