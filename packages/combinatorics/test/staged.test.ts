import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachStaged } from '../src/staged.js';
import { combinationsUpTo } from '../src/upto.js';

function rowsOf(
  run: (collect: (b: { width: number; rows: number; columns: readonly Int32Array[] }) => void) => number,
) {
  const out: number[][] = [];
  const n = run((b) => {
    for (let r = 0; r < b.rows; r++) out.push(b.columns.slice(0, b.width).map((c) => c[r] as number));
  });
  return { out, n };
}

describe('forEachStaged: the paper’s fold with a fused prefix filter', () => {
  it('with no filter it is exactly the stage order of combinationsUpTo (n ≤ 9, all ranges)', () => {
    for (let n = 0; n <= 9; n++)
      for (let a = 0; a <= n; a++)
        for (let b = a; b <= n; b++) {
          const { out, n: count } = rowsOf((c) => forEachStaged(n, a, b, {}, c));
          const want = [...combinationsUpTo(n, a, b, { order: 'colex', grouping: 'stage' })];
          expect(out).toEqual(want);
          expect(count).toBe(want.length);
        }
  });

  it('with a prefix-closed filter it emits exactly the accepted sets, in stage order, by row or by block', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 40 }),
        (n, kk, bound) => {
          const b = Math.min(n, kk);
          const a = Math.min(b, 1);
          const ok = (s: ArrayLike<number>): boolean => Array.from(s).reduce((p, q) => p + q, 0) <= bound;
          const want = [...combinationsUpTo(n, a, b, { order: 'colex', grouping: 'stage' })].filter((c) =>
            c.every((_, i) => ok(c.slice(0, i + 1))),
          );
          const byRow = rowsOf((c) => forEachStaged(n, a, b, { accept: ok }, c)).out;
          expect(byRow).toEqual(want);
          // The same filter, vectorised: one pass over the block's columns.
          const byBlock = rowsOf((c) =>
            forEachStaged(
              n,
              a,
              b,
              {
                filter: (blk, keep) => {
                  const sums = new Float64Array(blk.rows);
                  for (const col of blk.columns)
                    for (let r = 0; r < blk.rows; r++) sums[r] = (sums[r] as number) + (col[r] as number);
                  for (let r = 0; r < blk.rows; r++) if ((sums[r] as number) > bound) keep[r] = 0;
                },
              },
              c,
            ),
          ).out;
          expect(byBlock).toEqual(want);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never offers a candidate that extends a rejected set', () => {
    const rejected = new Set<string>();
    const offered: number[][] = [];
    forEachStaged(
      10,
      0,
      4,
      {
        accept: (p) => {
          const s = Array.from(p);
          offered.push(s);
          const ok = !(s.includes(2) && s.includes(5));
          if (!ok) rejected.add(s.join(','));
          return ok;
        },
      },
      () => {},
    );
    for (const s of offered) {
      for (let l = 1; l < s.length; l++) expect(rejected.has(s.slice(0, l).join(','))).toBe(false);
    }
    expect(rejected.size).toBeGreaterThan(0);
  });

  it('stops early, and refuses to outgrow maxBytes with a clear message', () => {
    let blocks = 0;
    forEachStaged(12, 2, 3, {}, () => ++blocks < 4);
    expect(blocks).toBe(4);
    expect(() => forEachStaged(40, 4, 4, { maxBytes: 1000 }, () => {})).toThrow(
      /maxBytes = 1000.*forEachPruned/,
    );
    expect(() => forEachStaged(4, 3, 2, {}, () => {})).toThrow(/kMin = 3 is larger than kMax = 2/);
  });
});
