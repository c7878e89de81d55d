/**
 * Correctness of the axis solver's speed paths (src/axis/solver.ts): the many-class depth-2 kernel
 * with boundary skipping (`sweepK`, misclassification and cost-matrix objectives, fractional weights),
 * the two-class paths (difference form; prefix table for tie-heavy nodes) and the per-level scratch
 * reused across nodes and across solves. Expected optima come from the independent brute force in
 * ./bruteforce.ts. No timing assertions.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkAgainstBruteForce, intRows } from './axis-check.js';

const manyClass = (maxN: number, maxDepth: number, classes = [3, 6], levels = [2, 10]) =>
  fc
    .record({
      n: fc.integer({ min: 4, max: maxN }),
      d: fc.integer({ min: 1, max: 3 }),
      classes: fc.integer({ min: classes[0] as number, max: classes[1] as number }),
      levels: fc.integer({ min: levels[0] as number, max: levels[1] as number }),
    })
    .chain(({ n, d, classes, levels }) =>
      fc.record({
        rows: intRows(n, d, levels),
        y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
        // Fractional weights exercise the kernel's rounding slack.
        w: fc.option(fc.array(fc.constantFrom(0.1, 0.3, 0.7, 1, 1.5, 2.2), { minLength: n, maxLength: n }), {
          nil: undefined,
        }),
        cost: fc.option(
          fc.array(fc.array(fc.constantFrom(0, 0.5, 1, 2, 3), { minLength: classes, maxLength: classes }), {
            minLength: classes,
            maxLength: classes,
          }),
          { nil: undefined },
        ),
        classes: fc.constant(classes),
        depth: fc.integer({ min: 2, max: maxDepth }),
        minLeaf: fc.integer({ min: 1, max: 3 }),
        alpha: fc.constantFrom(0, 0, 0.5, 1),
      }),
    );

type Problem = {
  rows: number[][];
  y: number[];
  w: number[] | undefined;
  cost: number[][] | undefined;
  classes: number;
  depth: number;
  minLeaf: number;
  alpha: number;
};

function check(p: Problem): void {
  checkAgainstBruteForce(p);
}

describe('axis solver speed paths vs brute force', () => {
  it('many-class depth-2 kernel with skipping: errors, cost matrices, fractional weights (n ≤ 30)', () => {
    fc.assert(fc.property(manyClass(30, 2), check), { numRuns: 400, seed: 20261130 });
  });

  it('two-class difference kernel on mostly distinct values (min-leaf 1 path), weighted and not', () => {
    fc.assert(
      fc.property(manyClass(30, 2, [2, 2], [50, 1000]), (p) => check({ ...p, minLeaf: 1, cost: undefined })),
      { numRuns: 300, seed: 20261132 },
    );
    fc.assert(
      fc.property(manyClass(12, 3, [2, 2], [50, 1000]), (p) => check({ ...p, minLeaf: 1, cost: undefined })),
      { numRuns: 100, seed: 20261133 },
    );
  });

  it('two-class tie-heavy prefix-table kernel (unit weights, errors, min-leaf 1–3)', () => {
    fc.assert(
      fc.property(manyClass(30, 2, [2, 2], [2, 6]), (p) => check({ ...p, w: undefined, cost: undefined })),
      { numRuns: 300, seed: 20261134 },
    );
    fc.assert(
      fc.property(manyClass(12, 3, [2, 2], [2, 4]), (p) => check({ ...p, w: undefined, cost: undefined })),
      { numRuns: 100, seed: 20261135 },
    );
  });

  it('depth 3 through the reused per-level scratch (n ≤ 12)', () => {
    fc.assert(fc.property(manyClass(12, 3), check), { numRuns: 150, seed: 20261131 });
  });

  it('gives the same answer when solves of different sizes alternate (no stale scratch)', () => {
    // One solver instance per solve, but the module-level code paths run big-small-big in turn.
    const gen = fc.sample(manyClass(30, 2), { numRuns: 40, seed: 7 }) as Problem[];
    for (const p of gen) check(p);
    for (const p of [...gen].reverse()) check(p);
  });
});
