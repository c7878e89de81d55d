import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveAxis } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import { loadIris } from '../src/iris.js';
import { evaluateTree, predict, treeSize } from '../src/tree.js';
import type { Objective, TreeNode } from '../src/types.js';
import { intRows } from './axis-check.js';
import { type BfProblem, bruteForce } from './bruteforce.js';

function minLeafRows(t: TreeNode): number {
  return t.leaf ? t.count : Math.min(minLeafRows(t.left), minLeafRows(t.right));
}

const problem = fc
  .record({
    n: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 3 }),
    classes: fc.integer({ min: 2, max: 3 }),
    levels: fc.integer({ min: 1, max: 4 }),
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
        { nil: undefined },
      ),
      classes: fc.constant(classes),
      depth: fc.integer({ min: 0, max: 2 }),
      maxSplits: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      minLeaf: fc.integer({ min: 1, max: 3 }),
      alpha: fc.constantFrom(0, 0, 0.5, 1, 2.5),
    }),
  );

describe('axis DP vs brute force (random small data with ties and duplicates)', () => {
  it('finds the brute-force optimum at depth ≤ 2, K ≤ 3, with min-leaf, α, weights, cost matrices', () => {
    fc.assert(
      fc.property(problem, (p) => {
        const data = makeDataset(p.rows, p.y, {
          classes: Array.from({ length: p.classes }, (_v, c) => String(c)),
          ...(p.w ? { weights: p.w } : {}),
        });
        const objective: Objective = p.cost ? { kind: 'cost-matrix', cost: p.cost } : { kind: 'errors' };
        const res = solveAxis(data, {
          depth: p.depth,
          minLeaf: p.minLeaf,
          alpha: p.alpha,
          objective,
          ...(p.maxSplits !== undefined ? { maxSplits: p.maxSplits } : {}),
        });
        const bf: BfProblem = { rows: p.rows, y: p.y, w: p.w ?? p.y.map(() => 1), classes: p.classes };
        if (p.cost) bf.cost = p.cost;
        const k = p.maxSplits ?? 2 ** p.depth - 1;
        const want = bruteForce(
          bf,
          p.rows.map((_r, i) => i),
          p.depth,
          k,
          p.minLeaf,
          p.alpha,
        );
        expect(res.objective).toBeCloseTo(want, 9);
        expect(res.lowerBound).toBeCloseTo(want, 9);
        expect(res.complete).toBe(true);
        // The returned tree really has that objective and respects the constraints.
        const ev = evaluateTree(res.tree, data, { objective, alpha: p.alpha });
        expect(ev.objective).toBeCloseTo(res.objective, 9);
        const size = treeSize(res.tree);
        expect(size.depth).toBeLessThanOrEqual(p.depth);
        expect(size.splits).toBeLessThanOrEqual(k);
        if (size.splits > 0) expect(minLeafRows(res.tree)).toBeGreaterThanOrEqual(p.minLeaf);
      }),
      { numRuns: 3000, seed: 20261129 },
    );
  });

  it('agrees on larger random sets where the interval bounds prune (depth 2, n ≤ 40)', () => {
    const bigger = fc
      .record({
        n: fc.integer({ min: 10, max: 40 }),
        d: fc.integer({ min: 1, max: 3 }),
        levels: fc.integer({ min: 3, max: 12 }),
      })
      .chain(({ n, d, levels }) =>
        fc.record({
          rows: intRows(n, d, levels),
          y: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
          maxSplits: fc.constantFrom(2, 3),
          minLeaf: fc.constantFrom(1, 1, 2, 4),
          alpha: fc.constantFrom(0, 0, 1.5),
        }),
      );
    fc.assert(
      fc.property(bigger, (p) => {
        const data = makeDataset(p.rows, p.y, { classes: ['0', '1', '2'] });
        const res = solveAxis(data, { depth: 2, maxSplits: p.maxSplits, minLeaf: p.minLeaf, alpha: p.alpha });
        const bf: BfProblem = { rows: p.rows, y: p.y, w: p.y.map(() => 1), classes: 3 };
        const want = bruteForce(
          bf,
          p.rows.map((_r, i) => i),
          2,
          p.maxSplits,
          p.minLeaf,
          p.alpha,
        );
        expect(res.objective).toBeCloseTo(want, 9);
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it('agrees at depth 3 too (fewer runs)', () => {
    fc.assert(
      fc.property(problem, (p) => {
        const data = makeDataset(p.rows, p.y, {
          classes: Array.from({ length: p.classes }, (_v, c) => String(c)),
        });
        const res = solveAxis(data, { depth: 3, minLeaf: p.minLeaf, alpha: p.alpha });
        const bf: BfProblem = { rows: p.rows, y: p.y, w: p.y.map(() => 1), classes: p.classes };
        const want = bruteForce(
          bf,
          p.rows.map((_r, i) => i),
          3,
          7,
          p.minLeaf,
          p.alpha,
        );
        expect(res.objective).toBeCloseTo(want, 9);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('anytime certificate (deterministic interruption after a number of evaluations)', () => {
  it('lower bound ≤ brute-force optimum ≤ returned objective, and the tree really costs that', () => {
    fc.assert(
      fc.property(
        problem,
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(2, 3),
        (p, maxEvaluations, depth) => {
          const data = makeDataset(p.rows, p.y, {
            classes: Array.from({ length: p.classes }, (_v, c) => String(c)),
          });
          const res = solveAxis(data, { depth, minLeaf: p.minLeaf, alpha: p.alpha, maxEvaluations });
          const bf: BfProblem = { rows: p.rows, y: p.y, w: p.y.map(() => 1), classes: p.classes };
          const opt = bruteForce(
            bf,
            p.rows.map((_r, i) => i),
            depth,
            2 ** depth - 1,
            p.minLeaf,
            p.alpha,
          );
          expect(res.lowerBound).toBeLessThanOrEqual(opt + 1e-9);
          expect(res.objective).toBeGreaterThanOrEqual(opt - 1e-9);
          if (res.complete) expect(res.objective).toBeCloseTo(opt, 9);
          const ev = evaluateTree(res.tree, data, { alpha: p.alpha });
          expect(ev.objective).toBeCloseTo(res.objective, 9);
        },
      ),
      { numRuns: 800, seed: 99 },
    );
  });
});

describe('known optima', () => {
  const iris = loadIris();
  it('iris: depth 1 → 50, depth 2 → 6, depth 3 → 1 errors (issue 6; research notes §3.4)', () => {
    const want = [150 - 50, 50, 6, 1];
    for (let depth = 0; depth <= 3; depth++) {
      const r = solveAxis(iris, { depth });
      expect(r.objective).toBe(want[depth]);
      expect(r.lowerBound).toBe(want[depth]);
      // Prediction reproduces the reported training errors exactly.
      const pred = predict(r.tree, iris.x, iris.n, iris.d);
      let errors = 0;
      for (let i = 0; i < iris.n; i++) if (pred[i] !== iris.y[i]) errors++;
      expect(errors).toBe(r.objective);
    }
  });
  it('anytime: a tiny deadline still returns a valid tree and lower bound', () => {
    const r = solveAxis(iris, { depth: 3, deadline: performance.now() - 1 });
    const ev = evaluateTree(r.tree, iris);
    expect(ev.errors).toBe(r.objective);
    expect(r.lowerBound).toBeLessThanOrEqual(1);
    expect(r.objective).toBeGreaterThanOrEqual(1);
  });
});
