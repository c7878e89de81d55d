/**
 * Parallel proper-tree search (arXiv:2503.01455 search split over rank ranges of root rules with
 * @floret/combinatorics/parallel): the tree is the same whatever the number of workers. The workers
 * load the BUILT task module (dist/proper/task.js), so `npx tsc -b` must have run (npm test does).
 */
import { describe, expect, it } from 'vitest';
import { loadIris } from '../src/iris.js';
import { fitProper } from '../src/proper/index.js';
import { predict } from '../src/tree.js';
import type { Dataset } from '../src/types.js';

const iris = loadIris();

/** A deterministic pseudo-random 2-feature data set with ties (coordinates on a small grid). */
function grid(n: number, seed: number): Dataset {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[i * 2] = Math.floor(rnd() * 6) / 2;
    x[i * 2 + 1] = Math.floor(rnd() * 6) / 2;
    y[i] = (x[i * 2] as number) + (x[i * 2 + 1] as number) > 2.4 !== rnd() < 0.15 ? 1 : 0;
  }
  return { n, d: 2, x, y, featureNames: ['a', 'b'], classes: ['0', '1'], target: 't' };
}

describe('parallel proper search', () => {
  it('iris depth 2: 1, 2 and 3 workers return the identical tree', async () => {
    const one = await fitProper(iris, { depth: 2, splits: { kind: 'axis' } });
    for (const workers of [2, 3]) {
      const r = await fitProper(iris, { depth: 2, splits: { kind: 'axis' }, workers });
      expect(r.objective).toBe(6);
      expect(JSON.stringify(r.tree)).toBe(JSON.stringify(one.tree));
    }
  });

  it('hyperplane trees with ties: identical across worker counts, and prediction reproduces the error', async () => {
    for (const seed of [1, 2, 3]) {
      const ds = grid(24, seed);
      const one = await fitProper(ds, { depth: 2, splits: { kind: 'hyperplane' }, maxSplits: 2 });
      const two = await fitProper(ds, { depth: 2, splits: { kind: 'hyperplane' }, maxSplits: 2, workers: 2 });
      expect(JSON.stringify(two.tree)).toBe(JSON.stringify(one.tree));
      expect(two.objective).toBe(one.objective);
      const p = predict(two.tree, ds.x, ds.n, ds.d);
      let e = 0;
      for (let i = 0; i < ds.n; i++) if (p[i] !== ds.y[i]) e++;
      expect(e).toBe(two.trainErrors);
    }
  });

  it('reports progress up to 1', async () => {
    const seen: number[] = [];
    await fitProper(iris, {
      depth: 2,
      splits: { kind: 'axis' },
      workers: 2,
      onProgress: (f) => seen.push(f),
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(1);
  });
});
