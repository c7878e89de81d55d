import { describe, expect, it } from 'vitest';
import { solveAxis } from '../src/axis/solver.js';
import { makeDataset } from '../src/data.js';
import { fitAxisSync, fitTree } from '../src/fit.js';
import { loadIris } from '../src/iris.js';
import {
  drawTree,
  evaluateTree,
  ModelError,
  monomials,
  parseModel,
  predict,
  predictRow,
  splitScore,
  toModel,
} from '../src/tree.js';
import type { TreeNode } from '../src/types.js';

const iris = loadIris();

describe('prediction and evaluation', () => {
  it('routes x ≤ threshold left', () => {
    const t: TreeNode = {
      leaf: false,
      split: { kind: 'axis', feature: 1, threshold: 2 },
      left: { leaf: true, label: 0, count: 0, errors: 0 },
      right: { leaf: true, label: 1, count: 0, errors: 0 },
    };
    expect(predictRow(t, [9, 2])).toBe(0);
    expect(predictRow(t, [9, 2.0001])).toBe(1);
  });
  it('hyperplane and degree-2 scores follow the Veronese order x1, x2, x1², x1x2, x2²', () => {
    expect(monomials(2, 2)).toEqual([[0], [1], [0, 0], [0, 1], [1, 1]]);
    const s = splitScore({ kind: 'hyperplane', degree: 2, w: [1, 2, 3, 4, 5], bias: -1 }, [2, 3], 0, 2);
    expect(s).toBe(2 + 6 + 12 + 24 + 45 - 1);
  });
  it('evaluateTree reproduces the reported objective and per-leaf counts (iris, depth 2)', () => {
    const r = solveAxis(iris, { depth: 2 });
    const ev = evaluateTree(r.tree, iris);
    expect(ev.errors).toBe(6);
    expect(ev.leaves.reduce((a, l) => a + l.count, 0)).toBe(150);
    const pred = predict(r.tree, iris.x, iris.n, iris.d);
    expect(pred.length).toBe(150);
  });
});

describe('model JSON', () => {
  it('round-trips through JSON text and predicts the same', async () => {
    const r = await fitTree(iris, { depth: 3, splits: { kind: 'axis' } });
    const model = toModel(iris, r);
    const back = parseModel(JSON.stringify(model));
    expect(back).toEqual(JSON.parse(JSON.stringify(model)));
    expect([...predict(back.tree, iris.x, iris.n, iris.d)]).toEqual([
      ...predict(r.tree, iris.x, iris.n, iris.d),
    ]);
    expect(back.certificate?.trainErrors).toBe(1);
  });
  it('rejects malformed models with a message naming the problem', () => {
    const good = toModel(iris, fitAxisSync(iris, { depth: 1, splits: { kind: 'axis' } }));
    expect(() => parseModel('{')).toThrow(ModelError);
    expect(() => parseModel({ ...good, format: 'x' })).toThrow(/format/);
    expect(() => parseModel({ ...good, version: 2 })).toThrow(/version/);
    const badFeature = JSON.parse(JSON.stringify(good));
    badFeature.tree.split.feature = 9;
    expect(() => parseModel(badFeature)).toThrow(/feature 9/);
    const badLabel = JSON.parse(JSON.stringify(good));
    badLabel.tree.left.label = 3;
    expect(() => parseModel(badLabel)).toThrow(/rootL.*label 3/);
  });
  it('draws a tree', () => {
    const lines = drawTree(solveAxis(iris, { depth: 2 }).tree, iris);
    expect(lines[0]).toMatch(/^petal_(length|width) <= /);
    expect(lines).toHaveLength(5);
  });
});

describe('fitTree certificate', () => {
  it('reports objective, errors, bounds, sizes for α > 0', async () => {
    const r = await fitTree(iris, { depth: 3, splits: { kind: 'axis' }, alpha: 2 });
    // With α = 2 a split must save more than 2 errors: the certificate's objective counts both.
    expect(r.objective).toBe(r.trainErrors + 2 * r.splitCount);
    expect(r.optimal).toBe(true);
    expect(r.lowerBound).toBe(r.objective);
    expect(r.leafCount).toBe(r.splitCount + 1);
  });
  it('rejects impossible options', async () => {
    await expect(fitTree(iris, { depth: -1, splits: { kind: 'axis' } })).rejects.toThrow(RangeError);
    await expect(fitTree(iris, { depth: 1, splits: { kind: 'axis' }, minLeaf: 0 })).rejects.toThrow(
      /min leaf/,
    );
  });
  it('a leaf-cost objective: balanced errors (each class weighs 1/its size)', () => {
    const d = makeDataset([[0], [1], [2], [3], [4]], [0, 0, 0, 0, 1]);
    const inv = [1 / 4, 1];
    const r = fitAxisSync(d, {
      depth: 1,
      splits: { kind: 'axis' },
      objective: {
        kind: 'leaf-cost',
        leafCost: (c) => {
          const e0 = (c[1] as number) * (inv[1] as number);
          const e1 = (c[0] as number) * (inv[0] as number);
          return e0 <= e1 ? { cost: e0, label: 0 } : { cost: e1, label: 1 };
        },
      },
    });
    expect(r.objective).toBe(0);
    expect(r.trainErrors).toBe(0);
  });
  it('workers give the same optimum as one thread (built worker entry)', async () => {
    const one = await fitTree(iris, { depth: 3, splits: { kind: 'axis' } });
    const two = await fitTree(iris, { depth: 3, splits: { kind: 'axis' }, workers: 2 });
    expect(two.objective).toBe(one.objective);
    expect(two.optimal).toBe(true);
    const again = await fitTree(iris, { depth: 3, splits: { kind: 'axis' }, workers: 2 });
    expect(again.tree).toEqual(two.tree);
  });
});
