/**
 * The axis solver's two column sorts (src/axis/solver.ts constructor): a stable counting sort for
 * integer columns spanning at most 2n values, and the comparison sort of row indices for the rest.
 * Both must give the order (value, then row index). Random integer data (small and large spans, ties
 * and duplicates) solved as is and shifted by +0.25 (no longer integers: the comparison sort) must
 * give the same objective and the same tree, thresholds shifted by 0.25. No timing assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveAxis } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import type { TreeNode } from '../src/types.js';
import { intRows } from './axis-check.js';

const problems = fc
  .record({
    n: fc.integer({ min: 2, max: 60 }),
    d: fc.integer({ min: 1, max: 4 }),
    levels: fc.constantFrom(2, 5, 40, 500),
    classes: fc.integer({ min: 2, max: 3 }),
  })
  .chain(({ n, d, levels, classes }) =>
    fc.record({
      rows: intRows(n, d, levels),
      y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
      depth: fc.integer({ min: 1, max: 3 }),
      negative: fc.boolean(),
    }),
  );

/** The tree with every threshold moved by `by`. */
function shifted(t: TreeNode, by: number): TreeNode {
  if (t.leaf) return t;
  const split = t.split.kind === 'axis' ? { ...t.split, threshold: t.split.threshold + by } : t.split;
  return { ...t, split, left: shifted(t.left, by), right: shifted(t.right, by) };
}

describe('column sorts of the axis solver', () => {
  it('counting sort (integers) and comparison sort give the same search', () => {
    fc.assert(
      fc.property(problems, (p) => {
        const rows = p.negative ? p.rows.map((r) => r.map((v) => -v)) : p.rows;
        const labels = p.y.map((v) => `c${v}`);
        const ints = makeDataset(rows, labels);
        if (ints.classes.length < 2) return;
        const frac = makeDataset(
          rows.map((r) => r.map((v) => v + 0.25)),
          labels,
        );
        const a = solveAxis(ints, { depth: p.depth });
        const b = solveAxis(frac, { depth: p.depth });
        expect(b.objective).toBe(a.objective);
        expect(JSON.stringify(b.tree)).toBe(JSON.stringify(shifted(a.tree, 0.25)));
      }),
      { numRuns: 400, seed: 20261130 },
    );
  });
});
