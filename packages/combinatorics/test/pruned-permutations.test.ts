import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kPermutationsUpTo } from '../src/permutations.js';
import { forEachPrunedPermutation } from '../src/pruned-permutations.js';

describe('forEachPrunedPermutation', () => {
  it('with an always-true predicate it lists every k-permutation, kMin..kMax, depth-first lex', () => {
    for (let n = 0; n <= 6; n++) {
      for (let a = 0; a <= n; a++) {
        for (let b = a; b <= n; b++) {
          const got: number[][] = [];
          const count = forEachPrunedPermutation(
            n,
            a,
            b,
            () => true,
            (t) => void got.push(Array.from(t)),
          );
          // Depth-first lex order = the size-grouped lex order sorted lexicographically with prefixes first.
          const want = [...kPermutationsUpTo(n, a, b)].sort((x, y) => {
            for (let i = 0; i < Math.min(x.length, y.length); i++)
              if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
            return x.length - y.length;
          });
          expect(got).toEqual(want);
          expect(count).toBe(want.length);
        }
      }
    }
  });

  it('property: the output is exactly the tuples whose every prefix is accepted, and rejected prefixes are never extended', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 20 }),
        (n, x, y, bound) => {
          const kMax = Math.min(n, Math.max(x, y));
          const kMin = Math.min(kMax, Math.min(x, y));
          // Prefix-closed: a weighted sum that only grows as elements are appended.
          const ok = (p: ArrayLike<number>): boolean => {
            let s = 0;
            for (let i = 0; i < p.length; i++) s += ((p[i] as number) + 1) * (i + 1);
            return s <= bound;
          };
          const offered: number[][] = [];
          const got: number[][] = [];
          forEachPrunedPermutation(
            n,
            kMin,
            kMax,
            (p) => {
              offered.push(Array.from(p));
              return ok(p);
            },
            (t) => void got.push(Array.from(t)),
          );
          const all: number[][] = [];
          forEachPrunedPermutation(
            n,
            kMin,
            kMax,
            () => true,
            (t) => void all.push(Array.from(t)),
          );
          const want = all.filter((t) => t.every((_, i) => ok(t.slice(0, i + 1))));
          expect(got).toEqual(want);
          for (const p of offered) for (let l = 1; l < p.length; l++) expect(ok(p.slice(0, l))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the documented example: ordered pairs of 0..4 starting below 2', () => {
    const got: string[] = [];
    const n = forEachPrunedPermutation(
      5,
      2,
      2,
      (p) => (p[0] as number) < 2,
      (t) => void got.push(Array.from(t).join('')),
    );
    expect(n).toBe(8);
    expect(got).toEqual(['01', '02', '03', '04', '10', '12', '13', '14']);
  });

  it('stops early and validates its sizes', () => {
    let seen = 0;
    expect(
      forEachPrunedPermutation(
        6,
        3,
        3,
        () => true,
        () => ++seen < 10,
      ),
    ).toBe(10);
    expect(() =>
      forEachPrunedPermutation(
        3,
        0,
        4,
        () => true,
        () => {},
      ),
    ).toThrow(/kMax = 4 is larger than n = 3/);
    expect(() =>
      forEachPrunedPermutation(
        5,
        3,
        2,
        () => true,
        () => {},
      ),
    ).toThrow(/kMin = 3 is larger than kMax = 2/);
  });
});
