/**
 * Tests of the parallel module: exact rank splitting, and worker-pool reductions that must equal
 * the single-thread run item for item (ordered checksums, collected items) for several spaces,
 * both task modes and chunk counts ≠ workers, plus the error and abort paths. The pool runs the
 * BUILT worker harness (dist/parallel/entry.cjs → worker.js): run `npx tsc -b` first (`npm test` does).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combinations } from '../src/combinations.js';
import {
  CHUNKS_PER_WORKER,
  createPool,
  type ExactRange,
  type ParallelPool,
  parallelReduce,
  reduceRanges,
  splitRanks,
  splitSpace,
  TaskError,
} from '../src/parallel/index.js';
import { kPermutations, kPermutationsUpTo, permutations } from '../src/permutations.js';
import type { Space } from '../src/space.js';
import { spaceFromSpec } from '../src/spec.js';
import { combinationsUpTo } from '../src/upto.js';

const fixture = (name: string): URL => new URL(`./fixtures/${name}`, import.meta.url);
const CHECKSUM = fixture('checksum.mjs');
const COLLECT = fixture('collect.mjs');

interface Sum {
  h: number;
  n: number;
}

/** The ordered checksum of the fixture, written again here over a plain list of items. */
function expectedChecksum(items: number[][], mult = 1): Sum {
  let h = 0;
  for (const c of items) {
    let t = 0;
    c.forEach((v, i) => {
      t += v * (i + 1);
    });
    h = Number((BigInt(h) * 31n + BigInt(t * mult)) % 2n ** 32n);
  }
  return { h, n: items.length };
}

/** Checks the invariants of a split: contiguous, covering, balanced (larger first), `parts` long. */
function checkSplit<T extends number | bigint>(ranges: ExactRange<T>[], count: T, parts: number): void {
  expect(ranges).toHaveLength(parts);
  const big = typeof count === 'bigint';
  const zero = (big ? 0n : 0) as T;
  expect(ranges[0]?.start).toBe(zero);
  expect(ranges[ranges.length - 1]?.end).toBe(count);
  const sizes = ranges.map((r) => BigInt(r.end) - BigInt(r.start));
  for (let i = 0; i + 1 < ranges.length; i++) expect(ranges[i]?.end).toBe(ranges[i + 1]?.start);
  for (const r of ranges) expect(typeof r.start).toBe(big ? 'bigint' : 'number');
  // Larger first: sizes never increase, and the first exceeds the last by at most one.
  for (let i = 0; i + 1 < sizes.length; i++) {
    expect((sizes[i] as bigint) >= (sizes[i + 1] as bigint)).toBe(true);
  }
  expect((sizes[0] as bigint) - (sizes[sizes.length - 1] as bigint) <= 1n).toBe(true);
}

describe('splitRanks', () => {
  it('known split: 10 ranks in 3 parts', () => {
    expect(splitRanks(10, 3)).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 7 },
      { start: 7, end: 10 },
    ]);
    expect(splitRanks(2, 4)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 2, end: 2 },
      { start: 2, end: 2 },
    ]);
    expect(splitRanks(0n, 2)).toEqual([
      { start: 0n, end: 0n },
      { start: 0n, end: 0n },
    ]);
  });

  it('number counts: contiguous, covering, balanced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 }), fc.integer({ min: 1, max: 200 }), (count, parts) => {
        checkSplit(splitRanks(count, parts), count, parts);
      }),
    );
  });

  it('number counts up to 2^53 − 1 stay exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 64 }),
        (count, parts) => {
          const r = splitRanks(count, parts);
          checkSplit(r, count, parts);
          // Same bounds as the bigint split.
          expect(r.map((x) => [BigInt(x.start), BigInt(x.end)])).toEqual(
            splitRanks(BigInt(count), parts).map((x) => [x.start, x.end]),
          );
        },
      ),
    );
  });

  it('bigint counts beyond 2^53: contiguous, covering, balanced', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 130n }),
        fc.integer({ min: 1, max: 100 }),
        (count, parts) => {
          checkSplit(splitRanks(count, parts), count, parts);
        },
      ),
    );
  });

  it('rejects bad arguments', () => {
    expect(() => splitRanks(10, 0)).toThrow(RangeError);
    expect(() => splitRanks(10, 1.5)).toThrow(RangeError);
    expect(() => splitRanks(-1, 2)).toThrow(RangeError);
    expect(() => splitRanks(-1n, 2)).toThrow(RangeError);
    expect(() => splitRanks(2.5, 2)).toThrow(RangeError);
    expect(() => splitRanks(2 ** 53, 2)).toThrow(/bigint/);
  });
});

describe('splitSpace', () => {
  it('number ranges for a small space; forEach over the ranges = the whole order', () => {
    const sp = combinations(9, 4, { order: 'revolving-door' });
    const ranges = splitSpace(sp, 5);
    checkSplit(ranges as ExactRange<number>[], 126, 5);
    const pieces: number[][] = [];
    for (const r of ranges) sp.forEach((c) => void pieces.push(Array.from(c)), r);
    expect(pieces).toEqual([...sp]);
  });

  it('bigint ranges for a space beyond 2^53', () => {
    const sp = combinations(100, 50);
    const ranges = splitSpace(sp, 7);
    checkSplit(ranges as ExactRange<bigint>[], sp.countBig(), 7);
  });
});

const SPACES: [string, Space][] = [
  ['combinations(13, 5) lex', combinations(13, 5)],
  ['combinations(13, 5) colex', combinations(13, 5, { order: 'colex' })],
  ['combinations(13, 5) revolving-door', combinations(13, 5, { order: 'revolving-door' })],
  ['combinationsUpTo(11, 0, 4) by size', combinationsUpTo(11, 0, 4)],
  [
    'combinationsUpTo(10, 1, 3) stage grouping',
    combinationsUpTo(10, 1, 3, { order: 'colex', grouping: 'stage' }),
  ],
];

/**
 * Permutation spaces: the single-thread runs always; the worker runs once spec.ts can rebuild them
 * (workers rebuild the space from its spec), skipped until then.
 */
const PERMUTATION_SPACES: [string, Space][] = [
  ['permutations(7) lex', permutations(7)],
  ['permutations(7) heap', permutations(7, { order: 'heap' })],
  ['permutations(7) plain-changes', permutations(7, { order: 'plain-changes' })],
  ['kPermutations(8, 3)', kPermutations(8, 3)],
  ['kPermutationsUpTo(6, 0, 3)', kPermutationsUpTo(6, 0, 3)],
];

function rebuildable(sp: Space): boolean {
  try {
    return spaceFromSpec(sp.spec).countBig() === sp.countBig();
  } catch {
    return false;
  }
}

describe('reduceRanges on any space (no spec needed)', () => {
  for (const [name, sp] of PERMUTATION_SPACES) {
    it(`${name}: chunked single-thread checksums and items equal the plain order`, async () => {
      const all = [...sp];
      for (const mode of ['item', 'block'] as const) {
        const r = await reduceRanges<Sum>({ space: sp, task: CHECKSUM, mode, chunks: 7, blockRows: 33 });
        expect(r.value).toEqual(expectedChecksum(all));
        r.results.forEach((x, i) => {
          const c = r.chunks[i] as ExactRange<bigint>;
          expect(x).toEqual(expectedChecksum(all.slice(Number(c.start), Number(c.end))));
        });
        const items = await reduceRanges<number[][]>({
          space: sp,
          task: COLLECT,
          mode,
          chunks: 4,
          blockRows: 33,
        });
        expect(items.value).toEqual(all);
      }
    });
  }
});

describe('parallelReduce with 2 workers = reduceRanges = the plain order', () => {
  let pool: ParallelPool;
  beforeAll(() => {
    pool = createPool({ workers: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });

  for (const [name, sp] of [...SPACES, ...PERMUTATION_SPACES]) {
    const test = rebuildable(sp) ? it : it.skip;
    test(`${name}: ordered checksum, item and block modes, chunks 1, 3, 7, 16`, async () => {
      const all = [...sp];
      const expected = expectedChecksum(all, 3);
      for (const mode of ['item', 'block'] as const) {
        for (const chunks of [1, 3, 7, 16]) {
          const opts = { space: sp, task: CHECKSUM, data: { mult: 3 }, mode, chunks, blockRows: 50 };
          const single = await reduceRanges<Sum>(opts);
          const par = await pool.reduce<Sum>(opts);
          expect(single.value).toEqual(expected);
          expect(par.value).toEqual(expected);
          expect(par.results).toEqual(single.results);
          expect(par.results).toHaveLength(chunks);
          expect(par.items).toBe(BigInt(all.length));
          expect(par.chunks).toEqual(splitRanks(BigInt(all.length), chunks));
          // Each partial is the checksum of its own slice of the order.
          par.results.forEach((r, i) => {
            const c = par.chunks[i] as ExactRange<bigint>;
            expect(r).toEqual(expectedChecksum(all.slice(Number(c.start), Number(c.end)), 3));
          });
        }
      }
    });

    test(`${name}: collected items in rank order equal the space's order`, async () => {
      const all = [...sp];
      for (const mode of ['item', 'block'] as const) {
        const par = await pool.reduce<number[][]>({
          space: sp.spec,
          task: COLLECT,
          mode,
          chunks: 5,
          blockRows: 7,
        });
        expect(par.value).toEqual(all);
      }
    });
  }

  it('chunks are clamped to the item count; an empty space is one empty chunk', async () => {
    const sp = combinations(5, 3);
    const par = await pool.reduce<Sum>({ space: sp, task: CHECKSUM, chunks: 64 });
    expect(par.results).toHaveLength(10);
    expect(par.value).toEqual(expectedChecksum([...sp]));
    const one = await pool.reduce<Sum>({ space: combinations(5, 0), task: CHECKSUM, chunks: 8 });
    expect(one.value).toEqual({ h: 0, n: 1 });
    const empty = await pool.reduce<Sum>({ space: combinationsUpTo(3, 1, 2).spec, task: CHECKSUM });
    expect(empty.value).toEqual(expectedChecksum([...combinationsUpTo(3, 1, 2)]));
  });

  it('default chunks = CHUNKS_PER_WORKER × workers; an explicit combine overrides the module', async () => {
    const sp = combinations(12, 4);
    const par = await pool.reduce<Sum>({
      space: sp,
      task: CHECKSUM,
      combine: (a, b) => ({ h: a.h ^ b.h, n: a.n + b.n }),
    });
    expect(par.results).toHaveLength(CHUNKS_PER_WORKER * 2);
    expect(par.value?.h).toBe(par.results.reduce((a, r) => a ^ r.h, 0));
  });

  it('bigint offsets reach the workers: each chunk starts at its exact rank', async () => {
    const sp = combinations(100, 50, { order: 'revolving-door' });
    const par = await pool.reduce<{ start: bigint; end: bigint; first: number[] }>({
      space: sp,
      task: fixture('first.mjs'),
      chunks: 9,
    });
    const ranges = splitRanks(sp.countBig(), 9);
    expect(par.items).toBe(9n);
    par.results.forEach((r, i) => {
      expect(r.start).toBe(ranges[i]?.start);
      expect(r.end).toBe(ranges[i]?.end);
      expect(r.first).toEqual(Array.from(sp.unrankBig(r.start)));
    });
  });

  it('onProgress reports every chunk and ends at the count', async () => {
    const seen: bigint[] = [];
    const sp = combinations(14, 6);
    await pool.reduce({ space: sp, task: CHECKSUM, chunks: 6, onProgress: (p) => void seen.push(p.items) });
    expect(seen).toHaveLength(6);
    expect(seen[5]).toBe(sp.countBig());
  });

  describe('errors', () => {
    const sp = combinations(20, 6);
    const bad = [1, 2, 3, 4, 5, 6];

    it('a throwing item rejects with the module and the chunk that holds the item', async () => {
      const task = fixture('throws.mjs');
      const chunks = splitRanks(sp.count(), 5);
      const r = sp.rank(bad);
      const i = chunks.findIndex((c) => c.start <= r && r < c.end);
      const where = `chunk ${i} (ranks [${chunks[i]?.start}, ${chunks[i]?.end}))`;
      for (const run of [reduceRanges, pool.reduce]) {
        const err = await run({ space: sp, task, chunks: 5, data: { bad } }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TaskError);
        expect((err as TaskError).message).toContain(task.href);
        expect((err as TaskError).message).toContain(`in item() on ${where}`);
        expect((err as TaskError).message).toContain('bad item 1,2,3,4,5,6');
        expect((err as TaskError).chunk?.index).toBe(i);
      }
    });

    it('a throwing init rejects naming init()', async () => {
      const err = await pool
        .reduce({ space: sp, task: fixture('throws.mjs'), chunks: 3, data: { failIn: 'init' } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TaskError);
      expect((err as Error).message).toMatch(
        /throws\.mjs failed in init\(\) on chunk \d \(ranks \[\d+, \d+\)\): init refused/,
      );
    });

    it('a missing export rejects with the export needed', async () => {
      for (const mode of ['item', 'block'] as const) {
        const err = await pool
          .reduce({ space: sp, task: fixture('missing.mjs'), mode })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TaskError);
        expect((err as Error).message).toContain('missing.mjs');
        expect((err as Error).message).toContain(`no exported function '${mode}'`);
        expect((err as Error).message).toMatch(/chunk \d+ \(ranks \[\d+, \d+\)\)/);
      }
    });

    it('a module that does not exist rejects', async () => {
      const task = fixture('no-such-task.mjs');
      await expect(pool.reduce({ space: sp, task })).rejects.toThrow(/no-such-task\.mjs could not be loaded/);
      // With an explicit combine the main thread does not load it: the workers report it per chunk.
      await expect(pool.reduce({ space: sp, task, combine: (a) => a })).rejects.toThrow(
        /no-such-task\.mjs could not be loaded.*\[chunk \d+ \(ranks/,
      );
    });

    it('an uncloneable result rejects', async () => {
      await expect(pool.reduce({ space: sp, task: fixture('uncloneable.mjs'), chunks: 2 })).rejects.toThrow(
        /uncloneable\.mjs failed on chunk \d \(ranks .*not structured-cloneable/,
      );
      await expect(reduceRanges({ space: sp, task: fixture('uncloneable.mjs') })).rejects.toThrow(
        /not structured-cloneable/,
      );
    });

    it('bad options and unrebuildable spaces reject', async () => {
      await expect(pool.reduce({ space: sp, task: CHECKSUM, chunks: 0 })).rejects.toThrow(RangeError);
      await expect(pool.reduce({ space: sp, task: CHECKSUM, mode: 'row' as 'item' })).rejects.toThrow(/mode/);
      await expect(pool.reduce({ space: { kind: 'nope' }, task: CHECKSUM })).rejects.toThrow(
        /cannot be rebuilt/,
      );
      expect(() => createPool({ workers: 0 })).toThrow(RangeError);
    });

    it('abort: an aborted signal rejects at once; aborting mid-run rejects with the reason', async () => {
      const ac = new AbortController();
      ac.abort();
      await expect(pool.reduce({ space: sp, task: CHECKSUM, signal: ac.signal })).rejects.toThrow(/abort/i);
      const big = combinations(40, 8); // 76.9 M items: far longer than the first chunk
      const mid = new AbortController();
      const reason = new Error('stop now');
      const p = pool.reduce({
        space: big,
        task: CHECKSUM,
        chunks: 400,
        signal: mid.signal,
        onProgress: () => mid.abort(reason),
      });
      await expect(p).rejects.toBe(reason);
    });

    it('the pool still works after failures', async () => {
      const par = await pool.reduce<Sum>({ space: sp, task: CHECKSUM, chunks: 5 });
      expect(par.value).toEqual(expectedChecksum([...sp]));
    });
  });
});

describe('parallelReduce with a temporary pool', () => {
  it('equals the single-thread run and closes its pool', async () => {
    const sp = combinations(16, 5, { order: 'colex' });
    const single = await reduceRanges<Sum>({ space: sp, task: CHECKSUM.href, chunks: 6 });
    const par = await parallelReduce<Sum>({ space: sp, task: CHECKSUM.href, chunks: 6, workers: 2 });
    expect(par.results).toEqual(single.results);
    expect(par.value).toEqual(expectedChecksum([...sp]));
  });
});
