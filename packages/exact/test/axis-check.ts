/**
 * Shared pieces of the axis solver's differential tests: random integer feature rows (ties and
 * duplicates by construction) and one check of `solveAxis` against the independent brute force in
 * ./bruteforce.ts (objective, lower bound, completeness, the returned tree's re-evaluated objective,
 * depth and split limit).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { type AxisSolution, type AxisSolveOptions, solveAxis } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import { evaluateTree, treeSize } from '../src/tree.js';
import type { Dataset, Objective } from '../src/types.js';
import { type BfProblem, bruteForce } from './bruteforce.js';

/** n rows of d integer features in [0, levels). */
export const intRows = (n: number, d: number, levels: number): fc.Arbitrary<number[][]> =>
  fc.array(fc.array(fc.integer({ min: 0, max: levels - 1 }), { minLength: d, maxLength: d }), {
    minLength: n,
    maxLength: n,
  });

/** A random problem: rows, class indices, optional integer weights and cost matrix, and the options. */
export interface AxisCase {
  rows: number[][];
  y: number[];
  w?: number[] | undefined;
  cost?: number[][] | undefined;
  classes: number;
  depth: number;
  maxSplits?: number | undefined;
  minLeaf: number;
  alpha: number;
}

/** What {@link checkAgainstBruteForce} solved, for tests that assert more. */
export interface Checked {
  data: Dataset;
  opts: AxisSolveOptions;
  objective: Objective;
  res: AxisSolution;
  /** The brute-force optimum and the split limit it was computed under. */
  want: number;
  k: number;
}

/** Solves `p` with the axis DP and asserts the proven optimum equals the brute force's. */
export function checkAgainstBruteForce(p: AxisCase): Checked {
  const data = makeDataset(p.rows, p.y, {
    classes: Array.from({ length: p.classes }, (_v, c) => String(c)),
    ...(p.w !== undefined ? { weights: p.w } : {}),
  });
  const objective: Objective =
    p.cost !== undefined ? { kind: 'cost-matrix', cost: p.cost } : { kind: 'errors' };
  const opts: AxisSolveOptions = {
    depth: p.depth,
    minLeaf: p.minLeaf,
    alpha: p.alpha,
    objective,
    ...(p.maxSplits !== undefined ? { maxSplits: p.maxSplits } : {}),
  };
  const res = solveAxis(data, opts);
  const k = Math.min(p.maxSplits ?? 2 ** p.depth - 1, 2 ** p.depth - 1);
  const bf: BfProblem = { rows: p.rows, y: p.y, w: p.w ?? p.y.map(() => 1), classes: p.classes };
  if (p.cost !== undefined) bf.cost = p.cost;
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
  expect(evaluateTree(res.tree, data, { objective, alpha: p.alpha }).objective).toBeCloseTo(res.objective, 9);
  const size = treeSize(res.tree);
  expect(size.depth).toBeLessThanOrEqual(p.depth);
  expect(size.splits).toBeLessThanOrEqual(k);
  return { data, opts, objective, res, want, k };
}
