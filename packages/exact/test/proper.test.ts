/**
 * Tests of the proper-tree solver (arXiv:2503.01455): exact orientation, data-defined rules, and
 * differential tests of every search mode against brute forces written here independently
 * (thresholds per node for axis splits; for hyperplanes in the plane, every strict linear dichotomy
 * found by a rotating sweep with exact integer keys), on random small data with ties and duplicates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadIris } from '../src/iris.js';
import { bigDetSign, decimalOf, ExactGeometry } from '../src/proper/exact.js';
import { fitProper, veronese, veroneseTerms } from '../src/proper/index.js';
import { buildRules } from '../src/proper/rules.js';
import { predict as predictRows } from '../src/tree.js';
import type { Dataset, TreeNode } from '../src/types.js';

// ---------- independent brute force ----------

type Pts = number[][];

function leafCost(y: number[], idx: number[], classes: number, cost?: number[][]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let pred = 0; pred < classes; pred++) {
    let c = 0;
    for (const i of idx) {
      const t = y[i] as number;
      c += cost === undefined ? (t === pred ? 0 : 1) : ((cost[t] as number[])[pred] as number);
    }
    best = Math.min(best, c);
  }
  return best;
}

/** Candidate splits of a node: arrays of row indices going left (non-trivial, ≥ minLeaf each side). */
type Cands = (idx: number[]) => number[][];

/** Minimum errors over trees of depth ≤ depth with ≤ k splits (exact = exactly k splits). */
function brute(
  y: number[],
  classes: number,
  idx: number[],
  depth: number,
  k: number,
  cands: Cands,
  minLeaf: number,
  exact = false,
  cost?: number[][],
): number {
  let best = exact && k > 0 ? Number.POSITIVE_INFINITY : leafCost(y, idx, classes, cost);
  if (exact && k === 0) return leafCost(y, idx, classes, cost);
  if (depth === 0 || k === 0) return best;
  for (const left of cands(idx)) {
    const ls = new Set(left);
    const right = idx.filter((i) => !ls.has(i));
    if (left.length < minLeaf || right.length < minLeaf) continue;
    for (let kl = 0; kl <= k - 1; kl++) {
      const kr = k - 1 - kl;
      const a = brute(y, classes, left, depth - 1, kl, cands, minLeaf, exact, cost);
      if (a >= best) continue;
      const b = brute(y, classes, right, depth - 1, kr, cands, minLeaf, exact, cost);
      best = Math.min(best, a + b);
    }
  }
  return best;
}

/** Axis candidates: x_f ≤ v for every value v of feature f among the node's rows. */
const axisCands =
  (x: Pts): Cands =>
  (idx) => {
    const out: number[][] = [];
    const d = (x[0] as number[]).length;
    for (let f = 0; f < d; f++) {
      const vals = [...new Set(idx.map((i) => (x[i] as number[])[f] as number))];
      for (const v of vals) out.push(idx.filter((i) => ((x[i] as number[])[f] as number) <= v));
    }
    return out;
  };

/**
 * Every strict linear dichotomy of integer points in the plane: for each pair of distinct points, the
 * orders along the directions just beside the normal of their difference (lexicographic integer keys
 * (n·x, ±d·x)), cut between distinct keys. Independent of the solver's rule construction.
 */
function planeDichotomies(x: Pts): number[][] {
  const n = x.length;
  const out = new Map<string, number[]>();
  const idx = [...Array(n).keys()];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const [xi0, xi1] = x[i] as [number, number];
      const [xj0, xj1] = x[j] as [number, number];
      const d0 = xj0 - xi0;
      const d1 = xj1 - xi1;
      if (d0 === 0 && d1 === 0) continue;
      for (const s of [1, -1]) {
        const key = (p: number) => {
          const [a, b] = x[p] as [number, number];
          return [-d1 * a + d0 * b, s * (d0 * a + d1 * b)] as const;
        };
        const order = idx.slice().sort((p, q) => {
          const kp = key(p);
          const kq = key(q);
          return kp[0] - kq[0] || kp[1] - kq[1];
        });
        for (let c = 1; c < n; c++) {
          const a = key(order[c - 1] as number);
          const b = key(order[c] as number);
          if (a[0] === b[0] && a[1] === b[1]) continue;
          const left = order.slice(0, c).sort((p, q) => p - q);
          out.set(left.join(','), left);
        }
      }
    }
  return [...out.values()];
}

const planeCands = (x: Pts): Cands => {
  const all = planeDichotomies(x);
  return (idx) => {
    const s = new Set(idx);
    return all.map((l) => l.filter((i) => s.has(i)));
  };
};

// ---------- helpers ----------

function dataset(x: Pts, y: number[], classes: number): Dataset {
  const n = x.length;
  const d = (x[0] as number[]).length;
  return {
    n,
    d,
    x: Float64Array.from(x.flat()),
    y: Int32Array.from(y),
    featureNames: [...Array(d).keys()].map((f) => `f${f}`),
    classes: [...Array(classes).keys()].map(String),
    target: 'class',
  };
}

function errorsByPrediction(tree: TreeNode, ds: Dataset): number {
  const p = predictRows(tree, ds.x, ds.n, ds.d);
  let e = 0;
  for (let i = 0; i < ds.n; i++) if (p[i] !== ds.y[i]) e++;
  return e;
}

/** Random small data: integer coordinates in a tiny range (many ties and duplicate rows). */
const smallData = (dMax: number, nMax: number) =>
  fc
    .record({
      d: fc.integer({ min: 1, max: dMax }),
      n: fc.integer({ min: 1, max: nMax }),
      classes: fc.integer({ min: 2, max: 3 }),
      range: fc.integer({ min: 1, max: 4 }),
      seed: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 40, maxLength: 40 }),
    })
    .map(({ d, n, classes, range, seed }) => {
      const x: Pts = [];
      const y: number[] = [];
      let s = 0;
      const next = () => seed[s++ % seed.length] as number;
      for (let i = 0; i < n; i++) {
        const row: number[] = [];
        for (let f = 0; f < d; f++) row.push((next() + i * 7 + f * 13) % (range + 1));
        x.push(row);
        y.push((next() + i) % classes);
      }
      return { x, y, classes, d };
    });

// ---------- tests ----------

describe('exact orientation', () => {
  it('decimalOf reads the shortest round-trip decimal exactly', () => {
    expect(decimalOf(1.9)).toEqual({ m: 19n, e: -1 });
    expect(decimalOf(-0.3)).toEqual({ m: -3n, e: -1 });
    expect(decimalOf(1500)).toEqual({ m: 15n, e: 2 });
    expect(decimalOf(1e-7)).toEqual({ m: 1n, e: -7 });
    expect(decimalOf(2.5e21)).toEqual({ m: 25n, e: 20 });
  });

  it('decimal-collinear points (1.9 is 19/10) are ON the line, unlike in binary floating point', () => {
    // (5, 1.9), (4.5, 1.6), (4, 1.3) are collinear as decimals; the doubles are not exactly.
    const g = new ExactGeometry(Float64Array.of(5, 1.9, 4.5, 1.6, 4, 1.3), 3, 2);
    const plane = g.plane(Int32Array.of(0, 1));
    expect(plane).not.toBeNull();
    if (plane !== null) expect(g.orient(plane, 2)).toBe(0);
  });

  it('Bareiss determinant sign matches a hand-computed case', () => {
    // det [[2,0,1],[1,3,2],[1,1,1]] = 2(3−2) − 0 + 1(1−3) = 0
    expect(bigDetSign([2n, 0n, 1n, 1n, 3n, 2n, 1n, 1n, 1n], 3)).toBe(0);
    expect(bigDetSign([0n, 1n, 1n, 0n], 2)).toBe(-1);
  });

  it('points on a line through two points are detected exactly, near misses are not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        (a0, a1, b0, b1, k, sh) => {
          fc.pre(a0 !== b0 || a1 !== b1);
          const sc = (v: number) => v / 10 ** sh; // prints as the decimal v·10^−sh
          const p = [sc(a0), sc(a1), sc(b0), sc(b1), sc(a0 + k * (b0 - a0)), sc(a1 + k * (b1 - a1))];
          // A point off the line by one unit in the 8th decimal place beyond the data's.
          const vertical = a0 === b0;
          const shift = (v: number) => v + 10 ** -(sh + 8);
          p.push(
            vertical ? shift(p[4] as number) : (p[4] as number),
            vertical ? (p[5] as number) : shift(p[5] as number),
          );
          const g = new ExactGeometry(Float64Array.from(p), 4, 2);
          const plane = g.plane(Int32Array.of(0, 1));
          expect(plane).not.toBeNull();
          if (plane === null) return;
          expect(g.orient(plane, 0)).toBe(0);
          expect(g.orient(plane, 1)).toBe(0);
          expect(g.orient(plane, 2)).toBe(0);
          expect(g.orient(plane, 3)).not.toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('affinely dependent defining points are skipped', () => {
    const g = new ExactGeometry(Float64Array.of(0, 0, 0, 1, 1, 1, 2, 2, 2, 0, 0, 1), 4, 3);
    expect(g.plane(Int32Array.of(0, 1, 2))).toBeNull();
    expect(g.plane(Int32Array.of(0, 1, 3))).not.toBeNull();
  });
});

describe('rules', () => {
  it('Veronese terms in graded lex order', () => {
    expect(veroneseTerms(2, 2)).toEqual([[0], [1], [0, 0], [0, 1], [1, 1]]);
    expect([...veronese([2, 3], 2, 2)]).toEqual([2, 3, 4, 6, 9]);
  });

  it('axis rules: one per (feature, location) below the maximum; duplicates merged into locations', () => {
    const rs = buildRules(Float64Array.of(1, 1, 2, 3, 2), 5, 1, { kind: 'axis' });
    expect(rs.locations).toBe(3);
    expect(rs.rules.length).toBe(2);
  });

  it('refuses, with one clear message, a hyperplane family larger than maxRules', () => {
    const x = Float64Array.from({ length: 40 * 3 }, (_, i) => (i * 7919) % 101);
    expect(() => buildRules(x, 40, 3, { kind: 'hyperplane' }, { maxRules: 1000 })).toThrow(
      /9,880 candidate hyperplanes through 3 of 40 distinct points exceed the limit of 1,000 rules/,
    );
  });

  it('hyperplane rules through 2 points in general position: 4 routings each', () => {
    const rs = buildRules(Float64Array.of(0, 0, 1, 0, 0, 1), 3, 2, { kind: 'hyperplane' });
    // 3 pairs × 4 routings + axis rules (2 features × 2 locations below the maximum)
    expect(rs.rules.length).toBe(3 * 4 + 4);
  });
});

describe('rule completeness and soundness', () => {
  it('hyperplane rules in the plane = every strict linear dichotomy (rotating sweep), with ties, duplicates and collinear points', () => {
    fc.assert(
      fc.property(
        smallData(2, 9).filter((p) => p.d === 2),
        (p) => {
          const n = p.x.length;
          const canon = (left: number[]) => {
            const s = new Set(left);
            const side = [...Array(n).keys()].map((i) => (s.has(i) ? 1 : 0));
            const flip = side[0] === 0;
            return side.map((b) => (flip ? 1 - b : b)).join('');
          };
          const want = new Set(planeDichotomies(p.x).map(canon));
          const rs = buildRules(Float64Array.from(p.x.flat()), n, 2, { kind: 'hyperplane' });
          const got = new Set<string>();
          for (const r of rs.rules) {
            const left: number[] = [];
            for (let i = 0; i < n; i++)
              if ((((r.left[i >>> 5] as number) >>> (i & 31)) & 1) === 1) left.push(i);
            if (left.length === 0 || left.length === n) continue;
            got.add(canon(left));
          }
          expect([...got].sort()).toEqual([...want].sort());
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('fitProper known answers', () => {
  const iris = loadIris();

  it('iris: depth 2 → 6 errors, depth 3 → 1 (issue 6; research note §3.4, independent brute force)', async () => {
    const r2 = await fitProper(iris, { depth: 2, splits: { kind: 'axis' } });
    expect(r2.objective).toBe(6);
    expect(r2.optimal).toBe(true);
    expect(r2.lowerBound).toBe(6);
    expect(errorsByPrediction(r2.tree, iris)).toBe(6);
    const r3 = await fitProper(iris, { depth: 3, splits: { kind: 'axis' } });
    expect(r3.objective).toBe(1);
    expect(errorsByPrediction(r3.tree, iris)).toBe(1);
  });

  it('a time limit returns a valid tree with an honest certificate', async () => {
    const r = await fitProper(iris, { depth: 3, splits: { kind: 'axis' }, timeLimit: 0.001 });
    expect(errorsByPrediction(r.tree, iris)).toBe(r.trainErrors);
    expect(r.lowerBound).toBeLessThanOrEqual(r.objective);
    if (!r.optimal) expect(r.gap).toBeGreaterThan(0);
  });

  it('hyperplane trees on 2 iris features are never worse than axis trees, and predict what they report', async () => {
    // Every 5th row, petal length and width (features 2, 3).
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < iris.n; i += 5) {
      xs.push([iris.x[i * 4 + 2] as number, iris.x[i * 4 + 3] as number]);
      ys.push(iris.y[i] as number);
    }
    const sub = dataset(xs, ys, 3);
    const a = await fitProper(sub, { depth: 2, splits: { kind: 'axis' } });
    const h = await fitProper(sub, { depth: 2, splits: { kind: 'hyperplane' } });
    expect(h.objective).toBeLessThanOrEqual(a.objective);
    expect(errorsByPrediction(h.tree, sub)).toBe(h.trainErrors);
    expect(h.proper.unrealisedSplits).toBe(0);
  });
});

describe('differential tests against brute force (fast-check)', () => {
  it('axis, depth ≤ 2, K ≤ 3, min leaf 1–2: depth strategy = brute force; prediction reproduces the error', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallData(2, 9),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 2 }),
        async (p, depth, k, minLeaf) => {
          const ds = dataset(p.x, p.y, p.classes);
          const r = await fitProper(ds, { depth, splits: { kind: 'axis' }, maxSplits: k, minLeaf });
          const idx = [...Array(ds.n).keys()];
          expect(r.objective).toBe(brute(p.y, p.classes, idx, depth, k, axisCands(p.x), minLeaf));
          expect(errorsByPrediction(r.tree, ds)).toBe(r.trainErrors);
          expect(r.trainErrors).toBe(r.objective);
          expect(r.optimal).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('axis, K-permutation strategy (≤ K and exactly K) = brute force', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallData(2, 7),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        async (p, depth, k, exact) => {
          const ds = dataset(p.x, p.y, p.classes);
          const idx = [...Array(ds.n).keys()];
          const kk = Math.min(k, 2 ** depth - 1);
          const want = brute(p.y, p.classes, idx, depth, kk, axisCands(p.x), 1, exact);
          const run = fitProper(ds, {
            depth,
            splits: { kind: 'axis' },
            maxSplits: kk,
            strategy: 'permutations',
            exactSplits: exact,
          });
          if (!Number.isFinite(want)) {
            await expect(run).rejects.toThrow(/exactly/);
            return;
          }
          const r = await run;
          expect(r.objective).toBe(want);
          expect(errorsByPrediction(r.tree, ds)).toBe(r.trainErrors);
          if (exact) expect(r.splitCount).toBe(kk);
        },
      ),
      { numRuns: 800 },
    );
  });

  it('hyperplane in the plane, depth ≤ 2, K ≤ 3: = brute force over all linear dichotomies; ≤ axis; prediction exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallData(2, 8).filter((p) => p.d === 2),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(1, 10, 1000),
        async (p, depth, k, scale) => {
          // Coordinates k/scale are exact decimals (0.3, not 0.30000000000000004): the same geometry.
          const ds = dataset(
            p.x.map((r) => r.map((v) => v / scale)),
            p.y,
            p.classes,
          );
          const idx = [...Array(ds.n).keys()];
          const h = await fitProper(ds, { depth, splits: { kind: 'hyperplane' }, maxSplits: k });
          expect(h.objective).toBe(brute(p.y, p.classes, idx, depth, k, planeCands(p.x), 1));
          const a = await fitProper(ds, { depth, splits: { kind: 'axis' }, maxSplits: k });
          expect(h.objective).toBeLessThanOrEqual(a.objective);
          expect(h.proper.unrealisedSplits).toBe(0);
          expect(errorsByPrediction(h.tree, ds)).toBe(h.trainErrors);
          expect(h.trainErrors).toBe(h.objective);
        },
      ),
      { numRuns: 800 },
    );
  });

  it('hyperplane K-permutation strategy is sound (never below the optimum) and predicts what it reports', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallData(2, 6).filter((p) => p.d === 2),
        fc.integer({ min: 1, max: 2 }),
        async (p, k) => {
          const ds = dataset(p.x, p.y, p.classes);
          const idx = [...Array(ds.n).keys()];
          const r = await fitProper(ds, {
            depth: 2,
            splits: { kind: 'hyperplane' },
            maxSplits: k,
            strategy: 'permutations',
          });
          expect(r.objective).toBeGreaterThanOrEqual(brute(p.y, p.classes, idx, 2, k, planeCands(p.x), 1));
          expect(errorsByPrediction(r.tree, ds)).toBe(r.trainErrors);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('degree-2 hypersurface trees are never worse than hyperplane trees and predict what they report', async () => {
    await fc.assert(
      fc.asyncProperty(smallData(1, 7), async (p) => {
        const ds = dataset(p.x, p.y, p.classes);
        const h = await fitProper(ds, { depth: 1, splits: { kind: 'hyperplane' } });
        const q = await fitProper(ds, { depth: 1, splits: { kind: 'poly', degree: 2 } });
        expect(q.objective).toBeLessThanOrEqual(h.objective);
        expect(errorsByPrediction(q.tree, ds)).toBe(q.trainErrors);
        expect(q.trainErrors).toBe(q.objective);
      }),
      { numRuns: 300 },
    );
  });

  it('degree-2 hypersurfaces in the plane (5-dimensional Veronese space): ≤ hyperplane, prediction exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallData(2, 7).filter((p) => p.d === 2),
        fc.constantFrom(1, 10),
        async (p, scale) => {
          const ds = dataset(
            p.x.map((r) => r.map((v) => v / scale)),
            p.y,
            p.classes,
          );
          const h = await fitProper(ds, { depth: 1, splits: { kind: 'hyperplane' } });
          const q = await fitProper(ds, { depth: 1, splits: { kind: 'poly', degree: 2 } });
          expect(q.objective).toBeLessThanOrEqual(h.objective);
          expect(q.proper.unrealisedSplits).toBe(0);
          expect(errorsByPrediction(q.tree, ds)).toBe(q.trainErrors);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('data in a lower-dimensional affine hull (a constant third column): same optimum as without it', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallData(2, 7).filter((p) => p.d === 2),
        fc.integer({ min: 1, max: 2 }),
        async (p, depth) => {
          const flat = dataset(p.x, p.y, p.classes);
          const lifted = dataset(
            p.x.map((r) => [...r, 7]),
            p.y,
            p.classes,
          );
          const a = await fitProper(flat, { depth, splits: { kind: 'hyperplane' }, maxSplits: 2 });
          const b = await fitProper(lifted, { depth, splits: { kind: 'hyperplane' }, maxSplits: 2 });
          expect(b.objective).toBe(a.objective);
          expect(errorsByPrediction(b.tree, lifted)).toBe(b.trainErrors);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a circle: degree-2 splits separate what no line can (known answer)', async () => {
    // Inner ring (class 1) at radius 1, outer ring (class 0) at radius 3: one conic split, 0 errors.
    const x: Pts = [];
    const y: number[] = [];
    for (const [r, c] of [
      [1, 1],
      [3, 0],
    ] as const)
      for (const [a, b] of [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
      ] as const) {
        x.push([r * a, r * b]);
        y.push(c);
      }
    const ds = dataset(x, y, 2);
    const h = await fitProper(ds, { depth: 1, splits: { kind: 'hyperplane' } });
    const q = await fitProper(ds, { depth: 1, splits: { kind: 'poly', degree: 2 } });
    expect(h.objective).toBeGreaterThan(0);
    expect(q.objective).toBe(0);
    expect(errorsByPrediction(q.tree, ds)).toBe(0);
  });

  it('cost-matrix and leaf-cost objectives: a 0/1 matrix and an errors function give the errors optimum; costs differ when asymmetric', async () => {
    await fc.assert(
      fc.asyncProperty(smallData(2, 8), fc.integer({ min: 1, max: 2 }), async (p, depth) => {
        const ds = dataset(p.x, p.y, p.classes);
        const C = p.classes;
        const unit = [...Array(C).keys()].map((t) => [...Array(C).keys()].map((q) => (t === q ? 0 : 1)));
        const base = await fitProper(ds, { depth, splits: { kind: 'axis' } });
        const cm = await fitProper(ds, {
          depth,
          splits: { kind: 'axis' },
          objective: { kind: 'cost-matrix', cost: unit },
        });
        const lc = await fitProper(ds, {
          depth,
          splits: { kind: 'axis' },
          objective: {
            kind: 'leaf-cost',
            leafCost: (counts) => {
              let best = 0;
              for (let c = 1; c < counts.length; c++)
                if ((counts[c] as number) > (counts[best] as number)) best = c;
              let total = 0;
              for (const v of counts) total += v;
              return { cost: total - (counts[best] as number), label: best };
            },
          },
        });
        expect(cm.objective).toBe(base.objective);
        expect(lc.objective).toBe(base.objective);
        // Asymmetric: missing class 0 costs 5. Brute force over the same trees with that leaf cost.
        const asym = unit.map((row, t) => row.map((v) => (t === 0 ? 5 * v : v)));
        const r = await fitProper(ds, {
          depth,
          splits: { kind: 'axis' },
          objective: { kind: 'cost-matrix', cost: asym },
        });
        const pred = predictRows(r.tree, ds.x, ds.n, ds.d);
        let cost = 0;
        for (let i = 0; i < ds.n; i++)
          cost += (asym[ds.y[i] as number] as number[])[pred[i] as number] as number;
        expect(r.objective).toBe(cost);
        const idx = [...Array(ds.n).keys()];
        expect(r.objective).toBe(brute(p.y, C, idx, depth, 3, axisCands(p.x), 1, false, asym));
      }),
      { numRuns: 200 },
    );
  });

  it('weighted errors and α: the certificate objective equals the realised tree cost', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallData(2, 8),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 8, maxLength: 8 }),
        async (p, w) => {
          const base = dataset(p.x, p.y, p.classes);
          const ds: Dataset = { ...base, weights: Float64Array.from(w.slice(0, base.n)) };
          const r = await fitProper(ds, { depth: 2, splits: { kind: 'axis' }, alpha: 0.5 });
          const pred = predictRows(r.tree, ds.x, ds.n, ds.d);
          let e = 0;
          for (let i = 0; i < ds.n; i++) if (pred[i] !== ds.y[i]) e += w[i] as number;
          expect(r.trainErrors).toBe(e);
          expect(r.objective).toBeCloseTo(e + 0.5 * r.splitCount, 9);
        },
      ),
      { numRuns: 300 },
    );
  });
});
