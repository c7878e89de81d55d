/**
 * Correctness of the axis solver's memory reuse (`AxisWorkspace` in src/axis/solver.ts): `solveAxis`
 * hands the scratch of one solve to the next solve of the same shape (rows, features, classes,
 * objective kind, min-leaf 1, weights). Solving problems of one shape back to back — different data,
 * depths and options in between — must give each problem the optimum of the independent brute force
 * (./bruteforce.ts) and the very tree a solver with fresh memory returns. No timing assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AxisSolver, solveAxis, solveWith } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import { evaluateTree } from '../src/tree.js';
import { intRows } from './axis-check.js';
import { type BfProblem, bruteForceOptimum } from './bruteforce.js';

/** A batch of problems sharing one shape: n rows, d features, `classes` classes. */
const batch = fc
  .record({
    n: fc.integer({ min: 4, max: 16 }),
    d: fc.integer({ min: 1, max: 3 }),
    classes: fc.integer({ min: 2, max: 4 }),
    levels: fc.integer({ min: 2, max: 24 }),
  })
  .chain(({ n, d, classes, levels }) =>
    fc.array(
      fc.record({
        rows: intRows(n, d, levels),
        y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
        classes: fc.constant(classes),
        // Depth 3 (the recursive search above the kernel) only on small sets: the brute force is slow.
        depth: n <= 9 ? fc.integer({ min: 1, max: 3 }) : fc.integer({ min: 1, max: 2 }),
        alpha: fc.constantFrom(0, 0, 0.5),
      }),
      { minLength: 2, maxLength: 5 },
    ),
  );

/** The tree and objective of a solver built with fresh memory (no workspace handed in). */
function fresh(data: ReturnType<typeof makeDataset>, depth: number, alpha: number) {
  const opts = { depth, alpha };
  const res = solveWith(new AxisSolver(data, opts), data, opts);
  return { objective: res.objective, tree: res.tree };
}

describe('axis solver memory reuse across solves of one shape', () => {
  it('back-to-back solves of different data match brute force and a fresh solver', () => {
    fc.assert(
      fc.property(batch, (problems) => {
        for (const p of problems) {
          const classes = Array.from({ length: p.classes }, (_v, c) => String(c));
          const data = makeDataset(p.rows, p.y, { classes });
          const res = solveAxis(data, { depth: p.depth, alpha: p.alpha });
          const bf: BfProblem = { rows: p.rows, y: p.y, w: p.y.map(() => 1), classes: p.classes };
          const want = bruteForceOptimum(bf, p.depth, 1, p.alpha);
          expect(res.objective).toBeCloseTo(want, 9);
          expect(res.lowerBound).toBeCloseTo(want, 9);
          expect(evaluateTree(res.tree, data, { alpha: p.alpha }).objective).toBeCloseTo(res.objective, 9);
          const ref = fresh(data, p.depth, p.alpha);
          expect(res.objective).toBeCloseTo(ref.objective, 9);
          expect(JSON.stringify(res.tree)).toBe(JSON.stringify(ref.tree));
        }
      }),
      { numRuns: 150, seed: 20261130 },
    );
  });

  it('a workspace of another shape is not used', () => {
    const a = makeDataset(
      [
        [0, 1],
        [1, 0],
        [2, 2],
        [3, 1],
      ],
      [0, 1, 0, 1],
    );
    const b = makeDataset([[0], [1], [2], [3], [4], [5]], [0, 0, 1, 1, 0, 0]);
    const sa = new AxisSolver(a, { depth: 2 });
    const sb = new AxisSolver(b, { depth: 2 }, sa.workspace);
    expect(sb.workspace).not.toBe(sa.workspace);
    const again = new AxisSolver(a, { depth: 1 }, sa.workspace);
    expect(again.workspace).toBe(sa.workspace);
    expect(solveAxis(b, { depth: 2 }).objective).toBe(0);
  });
});
