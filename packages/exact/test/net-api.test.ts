/**
 * The network API around the search (issue 7 items 3–6): option validation (RangeErrors naming the
 * option), the model JSON round trip and its errors, predictions in the data's own labels reproducing
 * the training errors, worker threads and range splits giving the single-thread answer, the anytime
 * time limit, the 'both' class, per-point losses, and the coreset heuristic's honesty.
 */
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../src/data.js';
import { fitNet } from '../src/net/fit.js';
import { parseNetModel, predictNetLabels, toNetModel } from '../src/net/model.js';
import { netProblem } from '../src/net/problem.js';
import { errorsOf, objectiveOf, predictNet } from '../src/net/realise.js';
import { configurationCount, rangesOf, reduceRanges, searchRange } from '../src/net/search.js';
import { ModelError } from '../src/tree.js';

/** A deterministic 2-D set: a ring of one class around a blob of the other, with noise and ties. */
function ring(n: number, seed = 7) {
  let s = seed;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const rows: number[][] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = rnd() * 2 * Math.PI;
    const inner = i % 3 === 0;
    const r = inner ? rnd() * 1.2 : 1.5 + rnd();
    rows.push([Math.round(r * Math.cos(a) * 10) / 10, Math.round(r * Math.sin(a) * 10) / 10]);
    labels.push((inner ? rnd() < 0.9 : rnd() < 0.1) ? 'in' : 'out');
  }
  return makeDataset(rows, labels, { classes: ['in', 'out'], featureNames: ['u', 'v'], target: 'c' });
}

describe('fitNet options', () => {
  const data = ring(12);
  it('rejects impossible values naming the option', async () => {
    await expect(fitNet(data, { hidden: 0 })).rejects.toThrow(/hidden/);
    await expect(fitNet(data, { hidden: 4 })).rejects.toThrow(/hidden/);
    await expect(fitNet(data, { hidden: 1, pool: 1 })).rejects.toThrow(/pool/);
    await expect(fitNet(data, { hidden: 1, positive: 'nope' })).rejects.toThrow(/positive/);
    await expect(fitNet(data, { hidden: 1, workers: 0 })).rejects.toThrow(/workers/);
    const three = makeDataset([[0], [1], [2]], ['a', 'b', 'c']);
    await expect(fitNet(three, { hidden: 1 })).rejects.toThrow(/two/);
  });
});

describe('fitNet results', () => {
  const data = ring(40);

  it('predictions reproduce the training errors; the model round-trips', async () => {
    const r = await fitNet(data, { hidden: 2, positive: 'in', kind: 'both' });
    const problem = netProblem(data, { hidden: 2, positive: 'in' });
    expect(errorsOf(problem, predictNet(r.weights, data.x, data.n, data.d))).toBe(r.trainErrors);
    expect(r.labels).toEqual({ positive: 'in', negative: 'out' });
    const model = parseNetModel(JSON.stringify(toNetModel(data, r)));
    const labels = predictNetLabels(model, data.x, data.n);
    let wrong = 0;
    for (let i = 0; i < data.n; i++) if (labels[i] !== data.classes[data.y[i] as number]) wrong++;
    expect(wrong).toBe(r.trainErrors);
    expect(model.certificate.optimal).toBe(r.optimal);
  });

  it("'both' is the better of the two classes", async () => {
    const u = await fitNet(data, { hidden: 2, kind: 'union' });
    const i = await fitNet(data, { hidden: 2, kind: 'intersection' });
    const b = await fitNet(data, { hidden: 2, kind: 'both' });
    expect(b.objective).toBe(Math.min(u.objective, i.objective));
    expect(b.optimal).toBe(true);
  });

  it('rank ranges in any split reduce to the single search', () => {
    const problem = netProblem(data, { hidden: 2 });
    const whole = reduceRanges(problem, [searchRange(problem, 0n, configurationCount(problem), Infinity)]);
    for (const parts of [2, 5, 17]) {
      const red = reduceRanges(
        problem,
        rangesOf(problem, parts).map(([a, b]) => searchRange(problem, a, b, Infinity)),
      );
      expect(red.objective).toBe(whole.objective);
      expect(red.rank).toBe(whole.rank);
      expect(red.orientation).toBe(whole.orientation);
    }
  });

  it('K = 3 ranges in any split reduce to the single search', () => {
    const small = ring(14, 11);
    const problem = netProblem(small, { hidden: 3 });
    const whole = reduceRanges(problem, [searchRange(problem, 0n, configurationCount(problem), Infinity)]);
    for (const parts of [3, 11]) {
      const red = reduceRanges(
        problem,
        rangesOf(problem, parts).map(([a, b]) => searchRange(problem, a, b, Infinity)),
      );
      expect([red.objective, red.rank, red.orientation]).toEqual([
        whole.objective,
        whole.rank,
        whole.orientation,
      ]);
    }
  });

  it('worker threads give the single-thread network', async () => {
    const one = await fitNet(data, { hidden: 2 });
    const two = await fitNet(data, { hidden: 2, workers: 2 });
    expect(two.objective).toBe(one.objective);
    expect(two.definingRows).toEqual(one.definingRows);
    expect(two.weights).toEqual(one.weights);
  });

  it('a time limit returns a valid incumbent with an honest certificate', async () => {
    const r = await fitNet(ring(120), { hidden: 3, timeLimit: 0.05 });
    const problem = netProblem(ring(120), { hidden: 3 });
    expect(objectiveOf(problem, predictNet(r.weights, problem.x, problem.n, problem.d))).toBe(r.objective);
    expect(r.lowerBound).toBeLessThanOrEqual(r.objective);
    if (!r.optimal) expect(r.lowerBound).toBeLessThan(r.objective);
  });

  it('per-point losses: a cost matrix changes the optimum consistently', async () => {
    const cost = [
      [0, 5],
      [1, 0],
    ];
    const r = await fitNet(data, { hidden: 1, loss: { kind: 'cost-matrix', cost } });
    const problem = netProblem(data, { hidden: 1, loss: { kind: 'cost-matrix', cost } });
    expect(objectiveOf(problem, predictNet(r.weights, data.x, data.n, data.d))).toBe(r.objective);
    const bal = await fitNet(data, { hidden: 1, loss: { kind: 'balanced' } });
    expect(bal.optimal).toBe(true);
  });
});

describe('degenerate planes beyond the exact K ≥ 2 check', () => {
  it('a plane with more than 30 points: K = 1 stays exact, K = 2 says not proven', async () => {
    // 36 points on the plane z = 0 (a 6 × 6 grid), plus 4 above it; labels by a checker pattern.
    const rows: number[][] = [];
    const labels: string[] = [];
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++) {
        rows.push([i, j, 0]);
        labels.push(i + j < 5 ? 'a' : 'b');
      }
    for (const [i, j] of [
      [1, 1],
      [4, 4],
      [1, 4],
      [4, 1],
    ] as const) {
      rows.push([i, j, 3]);
      labels.push(i === j ? 'b' : 'a');
    }
    const data = makeDataset(rows, labels, { classes: ['a', 'b'] });
    const one = await fitNet(data, { hidden: 1 });
    expect(one.optimal).toBe(true);
    const two = await fitNet(data, { hidden: 2, timeLimit: 20 });
    const problem = netProblem(data, { hidden: 2 });
    expect(objectiveOf(problem, predictNet(two.weights, data.x, data.n, data.d))).toBe(two.objective);
    expect(two.objective).toBeLessThanOrEqual(one.objective);
    expect(two.optimal).toBe(false);
    expect(two.solver).toMatch(/more than 30 points/);
  });
});

describe('coreset', () => {
  const data = ring(60, 3);
  it('reports true full-data losses, is seeded, and never claims unproven optimality', async () => {
    const exact = await fitNet(data, { hidden: 2 });
    const a = await fitNet(data, { hidden: 2, coreset: { size: 20, seed: 5, blockSize: 12 } });
    const b = await fitNet(data, { hidden: 2, coreset: { size: 20, seed: 5, blockSize: 12 } });
    expect(a.weights).toEqual(b.weights);
    const c = await fitNet(data, { hidden: 2, coreset: { size: 20, seed: 5, blockSize: 12 }, workers: 2 });
    expect(c.weights).toEqual(a.weights);
    expect(c.coresetCandidates).toEqual(a.coresetCandidates);
    const problem = netProblem(data, { hidden: 2 });
    expect(objectiveOf(problem, predictNet(a.weights, data.x, data.n, data.d))).toBe(a.objective);
    expect(a.objective).toBeGreaterThanOrEqual(exact.objective);
    expect(a.coresetCandidates?.length).toBeGreaterThan(0);
    expect(a.coresetCandidates?.[0]?.objective).toBe(a.objective);
    if (a.objective > a.lowerBound) expect(a.optimal).toBe(false);
  });
});

describe('model errors', () => {
  it('names the problem', () => {
    expect(() => parseNetModel('{')).toThrow(ModelError);
    expect(() => parseNetModel({ format: 'floret-tree' })).toThrow(/format/);
    const ok = {
      format: 'floret-net',
      version: 1,
      target: 'c',
      featureNames: ['u', 'v'],
      labels: { positive: 'a', negative: 'b' },
      kind: 'union',
      weights: { kind: 'union', w: [[1, 0]], b: [0] },
    };
    expect(parseNetModel(ok).weights.w).toEqual([[1, 0]]);
    expect(() => parseNetModel({ ...ok, weights: { w: [[1]], b: [0] } })).toThrow(/weights.w\[0\]/);
    expect(() => parseNetModel({ ...ok, kind: 'xor' })).toThrow(/kind/);
  });
});
