import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomial } from '../src/binomial.js';
import type { CombinationOrder } from '../src/combinations.js';
import { spaceFromSpec } from '../src/spec.js';
import { combinationsUpTo } from '../src/upto.js';

/** Brute force: all subsets of [n] with size in [a, b], as sorted arrays (bitmask order). */
function subsets(n: number, a: number, b: number): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < 1 << n; m++) {
    const s: number[] = [];
    for (let i = 0; i < n; i++) if (m & (1 << i)) s.push(i);
    if (s.length >= a && s.length <= b) out.push(s);
  }
  return out;
}
const colex = (x: number[], y: number[]): number => {
  for (let i = x.length - 1; i >= 0; i--) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return 0;
};
const lex = (x: number[], y: number[]): number => {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return 0;
};

/**
 * The paper's one-pass fold, written directly from its definition (combgen.md §2.2): levels
 * L0..LK, folding over x = 0..n−1; at stage x level t gains L(t−1) with x appended, emitted for t
 * from high to low. Sizes outside [a, b] are generated but not emitted.
 */
function paperFold(n: number, a: number, b: number): number[][] {
  const levels: number[][][] = [[[]]];
  for (let t = 1; t <= b; t++) levels.push([]);
  const out: number[][] = a === 0 ? [[]] : [];
  for (let x = 0; x < n; x++) {
    const fresh: number[][][] = [];
    for (let t = b; t >= 1; t--) fresh[t] = (levels[t - 1] as number[][]).map((c) => [...c, x]);
    for (let t = b; t >= 1; t--) {
      if (t >= a) out.push(...(fresh[t] as number[][]));
      (levels[t] as number[][]).push(...(fresh[t] as number[][]));
    }
  }
  return out;
}

describe('combinationsUpTo', () => {
  it('size grouping: sizes ascending, each in its order, for every n ≤ 10 and range', () => {
    for (const order of ['lex', 'colex', 'revolving-door'] as CombinationOrder[]) {
      for (let n = 0; n <= 9; n++) {
        for (let a = 0; a <= n; a++) {
          for (let b = a; b <= n; b++) {
            const sp = combinationsUpTo(n, a, b, { order });
            const got = [...sp];
            const want = subsets(n, a, b);
            expect(got.length).toBe(want.length);
            expect(sp.count()).toBe(want.length);
            // sizes ascending
            for (let i = 1; i < got.length; i++) {
              expect((got[i] as number[]).length).toBeGreaterThanOrEqual((got[i - 1] as number[]).length);
            }
            if (order !== 'revolving-door') {
              const cmp = order === 'lex' ? lex : colex;
              const bySize = want.sort((x, y) => x.length - y.length || cmp(x, y));
              expect(got).toEqual(bySize);
            }
          }
        }
      }
    }
  });

  it('stage grouping equals the paper’s one-pass fold exactly (n ≤ 10, every [kMin, kMax])', () => {
    for (let n = 0; n <= 10; n++) {
      for (let a = 0; a <= n; a++) {
        for (let b = a; b <= n; b++) {
          const sp = combinationsUpTo(n, a, b, { order: 'colex', grouping: 'stage' });
          expect([...sp]).toEqual(paperFold(n, a, b));
        }
      }
    }
  });

  it('research note example: n = 4, K = 3, all levels, in fold order', () => {
    const got = [...combinationsUpTo(4, 0, 3, { order: 'colex', grouping: 'stage' })].map((c) => c.join(''));
    expect(got.join(' ')).toBe(' 0 01 1 012 02 12 2 013 023 123 03 13 23 3');
  });

  it('rank/unrank/successor/ranges/blocks agree with forEach, both groupings', () => {
    const cases: [number, number, number, CombinationOrder, 'size' | 'stage'][] = [];
    for (let n = 0; n <= 8; n++)
      for (let a = 0; a <= Math.min(n, 3); a++)
        for (let b = a; b <= n; b += 2) {
          cases.push(
            [n, a, b, 'lex', 'size'],
            [n, a, b, 'revolving-door', 'size'],
            [n, a, b, 'colex', 'stage'],
          );
        }
    for (const [n, a, b, order, grouping] of cases) {
      const sp = combinationsUpTo(n, a, b, { order, grouping });
      const all: number[][] = [];
      sp.forEach((c) => void all.push(Array.from(c)));
      all.forEach((c, r) => {
        expect(sp.rank(c)).toBe(r);
        expect(Array.from(sp.unrank(r))).toEqual(c);
      });
      const buf = new Int32Array(Math.max(1, b));
      if (all.length > 0) {
        buf.set(all[0] as number[]);
        let len = (all[0] as number[]).length;
        for (let r = 1; r < all.length; r++) {
          len = sp.successor(buf, len);
          expect(Array.from(buf.subarray(0, len))).toEqual(all[r]);
        }
        expect(sp.successor(buf, len)).toBe(-1);
      }
      const rows: number[][] = [];
      sp.forEachBlock(
        (blk) => {
          for (let r = 0; r < blk.rows; r++)
            rows.push(blk.columns.slice(0, blk.width).map((col) => col[r] as number));
        },
        { maxBytes: 64 },
      );
      expect(rows).toEqual(all);
      const mid = Math.floor(all.length / 3);
      const part: number[][] = [];
      sp.forEach((c) => void part.push(Array.from(c)), { start: mid, end: all.length - 1 });
      expect(part).toEqual(all.slice(mid, all.length - 1));
      expect([...spaceFromSpec(sp.spec)]).toEqual(all);
    }
  });

  it('count of all sizes ≤ 5 of n = 60 is 5,985,198 (Σ C(60,k), research note §3 item 1)', () => {
    const sp = combinationsUpTo(60, 0, 5);
    let want = 0n;
    for (let k = 0; k <= 5; k++) want += binomial(60, k);
    expect(sp.countBig()).toBe(want);
    expect(sp.count()).toBe(5_985_198);
  });

  it('stageRange(x) delimits exactly the items whose maximum is x', () => {
    const sp = combinationsUpTo(9, 1, 4, { order: 'colex', grouping: 'stage' });
    for (let x = 0; x < 9; x++) {
      const { start, end } = sp.stageRange(x);
      sp.forEach(
        (c) => {
          expect(c[c.length - 1]).toBe(x);
        },
        { start, end },
      );
    }
  });

  it('property: rank(unrank(r)) = r for big spaces (bigint)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 120 }),
        fc.integer({ min: 0, max: 30 }),
        fc.bigInt({ min: 0n, max: 2n ** 90n }),
        (n, b, rr) => {
          for (const grouping of ['size', 'stage'] as const) {
            const sp = combinationsUpTo(n, 0, b, { order: 'colex', grouping });
            const r = rr % sp.countBig();
            expect(sp.rankBig(sp.unrankBig(r))).toBe(r);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('forEachPruned enumerates all sizes in [kMin, kMax] depth-first, skipping rejected prefixes', () => {
    const sp = combinationsUpTo(8, 2, 4);
    const got: string[] = [];
    sp.forEachPruned(
      (p) => !p.includes(3),
      (c) => void got.push(Array.from(c).join(',')),
    );
    const want = subsets(8, 2, 4)
      .filter((c) => !c.includes(3))
      .sort(lex)
      .map((c) => c.join(','));
    expect(got).toEqual(want);
  });

  it('rejects impossible ranges and mismatched options', () => {
    expect(() => combinationsUpTo(5, 3, 2)).toThrow(/kMin = 3 is larger than kMax = 2/);
    expect(() => combinationsUpTo(5, 0, 6)).toThrow(/kMax = 6 is larger than n = 5/);
    expect(() => combinationsUpTo(5, 0, 2, { grouping: 'stage' })).toThrow(/colex/);
    expect(() => combinationsUpTo(5, 1, 2).rank([0, 1, 2])).toThrow(/size 3 is not in this space/);
  });
});
