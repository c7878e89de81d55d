/**
 * The parallel axis fit (src/axis/parallel.ts, src/axis/shared.ts, src/fit.ts with `workers`):
 * parts of the root's thresholds sharing an incumbent board must return the same tree whatever the
 * order and timing in which the parts run, the same optimum and certificate as one thread, and an
 * anytime result with a valid lower bound when stopped early.
 *
 * Thread timing is replaced here by explicit schedules: the parts run in-process (the worker's own
 * job function) one after another in a chosen order — forward, reverse and shuffled — so the board
 * is seen at every stage of filling. A planted timing dependency (every part pruning at every other
 * part's cost, the obvious shared bound) is checked to give different trees on the same schedules,
 * so the determinism assertions can fail. The real-thread test at the end (built worker entry) runs
 * 2, 3 and 4 workers repeatedly. No timing assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AxisJobRunner, type ParallelAxisOptions, solveAxisParts } from '../src/axis/parallel.js';
import { boardBudget, newBoard, publishSlot, readSlot, rootRanges } from '../src/axis/shared.js';
import { type AxisSolution, solveAxis } from '../src/axis/solver.js';
import runAxisJob, { type AxisJob } from '../src/axis/worker.js';
import { makeDataset } from '../src/data.js';
import { fitTree } from '../src/fit.js';
import { loadIris } from '../src/iris.js';
import { evaluateTree } from '../src/tree.js';
import type { Dataset } from '../src/types.js';
import { intRows } from './axis-check.js';

/** A small deterministic generator (mulberry32) for schedules and data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Noisy two-class data with many ties among optimal trees (integer features, few levels). */
function noisy(n: number, d: number, levels: number, seed: number): Dataset {
  const r = rng(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, () => Math.floor(r() * levels));
    rows.push(row);
    const s = (row[0] as number) + (row[1] as number) - (row[2] as number);
    y.push((s > levels / 2 ? 1 : 0) ^ (r() < 0.2 ? 1 : 0));
  }
  return makeDataset(rows, y, { classes: ['0', '1'] });
}

type Schedule = 'forward' | 'reverse' | number;

/**
 * Runs the parts in-process in the given order (a permutation of the queue order): each job waits
 * until every job before it in the schedule has run. `plant` replaces the board by the obvious
 * shared bound (every part prunes at the best cost found so far, ties included): a timing dependency.
 */
function scheduled(schedule: Schedule, plant = false): AxisJobRunner {
  const pending: { job: AxisJob; done: (s: AxisSolution) => void }[] = [];
  let queued = false;
  let best = Number.POSITIVE_INFINITY;
  const flush = () => {
    queued = false;
    const batch = pending.splice(0);
    const idx = batch.map((_b, i) => i);
    if (schedule === 'reverse') idx.reverse();
    else if (typeof schedule === 'number') {
      const r = rng(schedule);
      for (let i = idx.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
      }
    }
    for (const i of idx) {
      const b = batch[i] as (typeof batch)[number];
      if (plant && b.job.shared !== undefined) {
        const { shared: _board, ...rest } = b.job;
        const res = runAxisJob({ ...rest, initialUpperBound: Math.min(b.job.initialUpperBound, best) });
        if (res.tree !== null && res.objective < best) best = res.objective;
        b.done(res);
      } else b.done(runAxisJob(b.job));
    }
  };
  return (job) =>
    new Promise((done) => {
      pending.push({ job, done });
      if (!queued) {
        queued = true;
        setTimeout(flush, 0);
      }
    });
}

const schedules: Schedule[] = ['forward', 'reverse', 1, 2, 3];

async function treesUnder(data: Dataset, o: ParallelAxisOptions, plant: boolean, cut = {}) {
  const out: { json: string; res: AxisSolution }[] = [];
  for (const s of schedules) {
    const res = await solveAxisParts(data, o, scheduled(s, plant), cut);
    out.push({ json: JSON.stringify(res.tree), res });
  }
  return out;
}

describe('shared incumbent board (src/axis/shared.ts)', () => {
  it('prunes at earlier parts, strictly above later parts and the incumbent', () => {
    const b = newBoard(4);
    expect(readSlot(b, 2)).toBe(Number.POSITIVE_INFINITY);
    publishSlot(b, 0, 10);
    publishSlot(b, 3, 7);
    publishSlot(b, 3, 8); // only ever lowered
    expect(readSlot(b, 3)).toBe(7);
    // Part 1: an earlier part holds 10 (prune at 10), a later part 7 (prune strictly above 7).
    const b1 = boardBudget(b, 1, 20);
    expect(b1).toBeGreaterThan(7);
    expect(b1).toBeLessThan(7.001);
    // Part 3 is the holder of 7 itself; it sees only the earlier 10.
    expect(boardBudget(b, 3, 20)).toBe(10);
    // The incumbent's budget is strict and wins when lower.
    expect(boardBudget(b, 1, 5)).toBe(5);
  });

  it('rootRanges covers every threshold exactly once, in ranges of one feature', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        (distinct, target, minChunk) => {
          const ranges = rootRanges(distinct, target, minChunk);
          distinct.forEach((u, f) => {
            const seen = new Array(Math.max(0, u - 1)).fill(0);
            for (const r of ranges.filter((x) => x.feature === f)) {
              expect(r.to - r.from).toBeGreaterThanOrEqual(1);
              for (let t = r.from; t < r.to; t++) seen[t]++;
            }
            expect(seen.every((c) => c === 1)).toBe(true);
          });
          // The partition depends on the data only (no worker count in its signature).
          expect(rootRanges(distinct, target, minChunk)).toEqual(ranges);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('parallel axis fit: the same tree whatever the schedule', () => {
  const cases: {
    name: string;
    data: () => Dataset;
    depth: number;
    cut: { target?: number; minChunk?: number; probe?: number };
  }[] = [
    {
      name: 'iris, depth 3',
      data: loadIris,
      depth: 3,
      cut: { probe: 0 },
    },
    {
      name: 'iris, depth 3, one threshold per part',
      data: loadIris,
      depth: 3,
      cut: { target: 1000, minChunk: 1, probe: 0 },
    },
    {
      name: 'noisy 80×4, depth 3',
      data: () => noisy(80, 4, 6, 7),
      depth: 3,
      cut: { target: 64, minChunk: 1, probe: 0 },
    },
    {
      name: 'noisy 60×3, depth 4',
      data: () => noisy(60, 3, 5, 11),
      depth: 4,
      cut: { target: 64, minChunk: 2, probe: 0 },
    },
  ];
  for (const c of cases) {
    it(`${c.name}: forward, reverse and shuffled schedules give one tree, the sequential optimum`, async () => {
      const data = c.data();
      const seq = solveAxis(data, { depth: c.depth });
      const runs = await treesUnder(data, { depth: c.depth }, false, c.cut);
      for (const r of runs) {
        expect(r.json).toBe(runs[0]?.json);
        expect(r.res.objective).toBe(seq.objective);
        expect(r.res.lowerBound).toBe(seq.objective);
        expect(r.res.complete).toBe(true);
        expect(evaluateTree(r.res.tree, data).objective).toBe(seq.objective);
      }
    });
  }

  it('a planted timing dependency (prune at every other part, ties included) is caught', async () => {
    // The same schedules with the naive shared bound: the tree depends on which part ran first.
    let caught = 0;
    for (const c of cases) {
      const runs = await treesUnder(c.data(), { depth: c.depth }, true, c.cut);
      if (new Set(runs.map((r) => r.json)).size > 1) caught++;
      // Still optimal: only the choice among equal-cost trees depends on the schedule.
      const seq = solveAxis(c.data(), { depth: c.depth });
      for (const r of runs) expect(r.res.objective).toBe(seq.objective);
    }
    expect(caught).toBeGreaterThan(0);
  });
});

describe('parallel axis fit: options, certificates, anytime', () => {
  const problem = fc
    .record({
      n: fc.integer({ min: 6, max: 24 }),
      d: fc.integer({ min: 1, max: 4 }),
      classes: fc.integer({ min: 2, max: 3 }),
      levels: fc.integer({ min: 2, max: 8 }),
    })
    .chain(({ n, d, classes, levels }) =>
      fc.record({
        rows: intRows(n, d, levels),
        y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
        w: fc.option(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }), {
          nil: undefined,
        }),
        classes: fc.constant(classes),
        depth: fc.integer({ min: 2, max: 3 }),
        maxSplits: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined, freq: 3 }),
        minLeaf: fc.integer({ min: 1, max: 2 }),
        alpha: fc.constantFrom(0, 0, 0.5),
        cost: fc.boolean(),
        schedule: fc.constantFrom<Schedule>('forward', 'reverse', 5),
      }),
    );

  it('random problems: same optimum and certificate as one thread, a tree of that cost, any schedule', async () => {
    await fc.assert(
      fc.asyncProperty(problem, async (p) => {
        const data = makeDataset(p.rows, p.y, {
          classes: Array.from({ length: p.classes }, (_v, c) => String(c)),
          ...(p.w !== undefined ? { weights: p.w } : {}),
        });
        const objective = p.cost
          ? {
              kind: 'cost-matrix' as const,
              cost: Array.from({ length: p.classes }, (_r, i) =>
                Array.from({ length: p.classes }, (_c, j) => (i === j ? 0 : 1 + ((i + 2 * j) % 3))),
              ),
            }
          : { kind: 'errors' as const };
        const o: ParallelAxisOptions = {
          depth: p.depth,
          minLeaf: p.minLeaf,
          alpha: p.alpha,
          objective,
          ...(p.maxSplits !== undefined ? { maxSplits: p.maxSplits } : {}),
        };
        const seq = solveAxis(data, o);
        const par = await solveAxisParts(data, o, scheduled(p.schedule), {
          target: 64,
          minChunk: 1,
          probe: 0,
        });
        expect(par.objective).toBeCloseTo(seq.objective, 9);
        expect(par.lowerBound).toBeCloseTo(seq.objective, 9);
        expect(par.complete).toBe(true);
        expect(evaluateTree(par.tree, data, { objective, alpha: p.alpha }).objective).toBeCloseTo(
          par.objective,
          9,
        );
        const again = await solveAxisParts(data, o, scheduled('reverse'), {
          target: 64,
          minChunk: 1,
          probe: 0,
        });
        expect(JSON.stringify(again.tree)).toBe(JSON.stringify(par.tree));
      }),
      { numRuns: 120 },
    );
  });

  it('stopped early (evaluation limit per part): not complete, lower bound ≤ optimum ≤ objective', async () => {
    const data = noisy(80, 4, 6, 7);
    const seq = solveAxis(data, { depth: 3 });
    for (const maxEvaluations of [1, 5, 20]) {
      const par = await solveAxisParts(data, { depth: 3, maxEvaluations }, scheduled('forward'), {
        target: 64,
        minChunk: 1,
        probe: 0,
      });
      expect(par.complete).toBe(false);
      expect(par.lowerBound).toBeLessThanOrEqual(seq.objective);
      expect(par.objective).toBeGreaterThanOrEqual(seq.objective);
      expect(evaluateTree(par.tree, data).objective).toBe(par.objective);
      // With the probe (the one-thread search, stopped at the same count): at least as good a tree
      // and bound as the probe alone.
      const probe = solveAxis(data, { depth: 3, maxEvaluations });
      const both = await solveAxisParts(data, { depth: 3, maxEvaluations }, scheduled('reverse'), {
        target: 64,
        minChunk: 1,
      });
      expect(both.complete).toBe(false);
      expect(both.objective).toBeLessThanOrEqual(probe.objective);
      expect(both.lowerBound).toBeGreaterThanOrEqual(probe.lowerBound);
      expect(both.lowerBound).toBeLessThanOrEqual(seq.objective);
      expect(evaluateTree(both.tree, data).objective).toBe(both.objective);
    }
  });

  it('evaluated counts are the parts’ sum (plus the re-solve)', async () => {
    const data = noisy(80, 4, 6, 7);
    const jobs: AxisSolution[] = [];
    const run = scheduled('forward');
    const par = await solveAxisParts(
      data,
      { depth: 3 },
      (job) =>
        run(job).then((s) => {
          jobs.push(s);
          return s;
        }),
      { target: 64, minChunk: 1, probe: 0 },
    );
    expect(par.evaluated).toBe(jobs.reduce((a, s) => a + s.evaluated, 0));
    expect(par.pruned).toBe(jobs.reduce((a, s) => a + s.pruned, 0));
  });
});

describe('fitTree with worker threads (built worker entry)', () => {
  it('2, 3 and 4 workers, each twice: identical trees and objectives; one thread proves the same optimum', async () => {
    // 8,209 evaluations in one thread: past the probe, so the parts and the board decide.
    const data = noisy(250, 5, 30, 3);
    const one = await fitTree(data, { depth: 3, splits: { kind: 'axis' } });
    let ref: string | undefined;
    for (const workers of [2, 3, 4, 2, 3, 4]) {
      const r = await fitTree(data, { depth: 3, splits: { kind: 'axis' }, workers });
      expect(r.objective).toBe(one.objective);
      expect(r.lowerBound).toBe(one.lowerBound);
      expect(r.optimal).toBe(true);
      ref ??= JSON.stringify(r.tree);
      expect(JSON.stringify(r.tree)).toBe(ref);
    }
  }, 60_000);

  it('small problems end in the probe: the one-thread tree for every worker count', async () => {
    const iris = loadIris();
    const one = await fitTree(iris, { depth: 3, splits: { kind: 'axis' } });
    for (const workers of [2, 3]) {
      const r = await fitTree(iris, { depth: 3, splits: { kind: 'axis' }, workers });
      expect(JSON.stringify(r.tree)).toBe(JSON.stringify(one.tree));
      expect(r.objective).toBe(one.objective);
      expect(r.optimal).toBe(true);
    }
  });

  it('with a time limit: a valid certificate whether or not the parts finished', async () => {
    const data = noisy(400, 6, 40, 5);
    const r = await fitTree(data, { depth: 3, splits: { kind: 'axis' }, workers: 2, timeLimit: 0.05 });
    expect(r.lowerBound).toBeLessThanOrEqual(r.objective);
    expect(evaluateTree(r.tree, data).objective).toBe(r.objective);
    if (!r.optimal) expect(r.gap).toBeGreaterThan(0);
    const exact = solveAxis(data, { depth: 3 });
    expect(r.lowerBound).toBeLessThanOrEqual(exact.objective);
    expect(r.objective).toBeGreaterThanOrEqual(exact.objective);
  }, 60_000);
});
