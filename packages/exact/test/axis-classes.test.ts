/**
 * Correctness of the class-count lower bound of the axis solver's search (src/axis/solver.ts,
 * `lightest`): a tree with at most L leaves (L = min(2^depth, K + 1) for a split limit K) predicts at
 * most L classes, so its misclassifications are at least the total weight of the lightest
 * (classes − L) classes, and a node whose bound reaches its budget is refuted without a search.
 * Random data with more classes than leaves (four to seven classes, depth 2–3, split limits 1–4,
 * optional integer weights), checked against the independent brute force in ./bruteforce.ts; the
 * anytime path (interrupted after a few evaluations) must still report a lower bound at or below the
 * optimum. No timing assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveAxis } from '../src/axis/solver.js';
import { evaluateTree } from '../src/tree.js';
import { checkAgainstBruteForce, intRows } from './axis-check.js';

const manyClasses = fc
  .record({
    n: fc.integer({ min: 4, max: 11 }),
    d: fc.integer({ min: 1, max: 3 }),
    classes: fc.integer({ min: 4, max: 7 }),
    levels: fc.integer({ min: 2, max: 8 }),
  })
  .chain(({ n, d, classes, levels }) =>
    fc.record({
      rows: intRows(n, d, levels),
      // Skewed labels: some classes light, some heavy, so the bound is often tight.
      y: fc.array(fc.integer({ min: 0, max: 2 * classes - 1 }), { minLength: n, maxLength: n }),
      w: fc.option(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }), {
        nil: undefined,
      }),
      classes: fc.constant(classes),
      depth: fc.integer({ min: 2, max: 3 }),
      maxSplits: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      minLeaf: fc.integer({ min: 1, max: 2 }),
      alpha: fc.constantFrom(0, 0, 0.5),
      stopAfter: fc.integer({ min: 0, max: 12 }),
    }),
  )
  .map((p) => ({ ...p, y: p.y.map((v) => Math.min(v, p.classes - 1)) }));

describe('class-count lower bound (more classes than leaves) vs brute force', () => {
  it('finds the optimum with depth 2–3, split limits, weights, min-leaf and α', () => {
    fc.assert(
      fc.property(manyClasses, (p) => {
        const { data, opts, want } = checkAgainstBruteForce(p);
        // Interrupted: the certificate stays valid.
        const cut = solveAxis(data, { ...opts, maxEvaluations: p.stopAfter });
        expect(cut.lowerBound).toBeLessThanOrEqual(want + 1e-9);
        expect(cut.objective).toBeGreaterThanOrEqual(want - 1e-9);
        expect(evaluateTree(cut.tree, data, { alpha: p.alpha }).objective).toBeCloseTo(cut.objective, 9);
      }),
      { numRuns: 600, seed: 20261130 },
    );
  });
});

// The packed many-class kernel (src/axis/solver.ts, `sweepKP`: unit weights, three to 64 classes) and
// the general weighted kernel (`sweepK`) must agree on every problem: the same data with every weight
// written out as 1 takes the general path. Larger than the brute force allows (30–90 rows, up to four
// features, continuous values with some ties), so long runs and skips inside the passes are exercised.
const packedVsGeneral = fc
  .record({
    n: fc.integer({ min: 30, max: 90 }),
    d: fc.integer({ min: 1, max: 4 }),
    classes: fc.integer({ min: 3, max: 7 }),
    levels: fc.constantFrom(4, 30, 1000),
  })
  .chain(({ n, d, classes, levels }) =>
    fc.record({
      rows: intRows(n, d, levels),
      y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
      depth: fc.integer({ min: 2, max: 3 }),
      minLeaf: fc.integer({ min: 1, max: 4 }),
      alpha: fc.constantFrom(0, 0, 1.5),
    }),
  );

describe('packed many-class kernel vs the general weighted kernel', () => {
  it('gives the same optimum with and without explicit unit weights', () => {
    fc.assert(
      fc.property(packedVsGeneral, (p) => {
        const n = p.rows.length;
        const d = (p.rows[0] as number[]).length;
        const classes = Array.from(new Set(p.y)).sort((a, b) => a - b);
        const base = {
          n,
          d,
          x: Float64Array.from(p.rows.flat()),
          y: Int32Array.from(p.y.map((v) => classes.indexOf(v))),
          featureNames: Array.from({ length: d }, (_, f) => `x${f}`),
          classes: classes.map(String),
          target: 'y',
        };
        const opts = { depth: p.depth, minLeaf: p.minLeaf, alpha: p.alpha };
        const packed = solveAxis(base, opts);
        const general = solveAxis({ ...base, weights: new Float64Array(n).fill(1) }, opts);
        expect(packed.complete && general.complete).toBe(true);
        expect(packed.objective).toBeCloseTo(general.objective, 9);
        expect(evaluateTree(packed.tree, base, { alpha: p.alpha }).objective).toBeCloseTo(
          packed.objective,
          9,
        );
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});
