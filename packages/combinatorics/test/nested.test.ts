import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomial } from '../src/binomial.js';
import {
  type NestedCombinationSpace,
  type NestedPermutationSpace,
  nestedCombinations,
  nestedPermutationCombinations,
} from '../src/nested.js';

/** Every d-subset of [n] from the 2^n bitmasks, sorted in colex order (compare from the top). */
function innerObjects(n: number, d: number): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < 1 << n; m++) {
    const s: number[] = [];
    for (let i = 0; i < n; i++) if (m & (1 << i)) s.push(i);
    if (s.length === d) out.push(s);
  }
  return out.sort((a, b) => {
    for (let i = d - 1; i >= 0; i--) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
    return 0;
  });
}

/** All k-subsets of [N] as ascending index lists (any order). */
function subsetsOf(N: number, k: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]): void => {
    if (acc.length === k) {
      out.push([...acc]);
      return;
    }
    for (let x = start; x < N; x++) rec(x + 1, [...acc, x]);
  };
  rec(0, []);
  return out;
}

/** All k-permutations of [N] (any order). */
function tuplesOf(N: number, k: number): number[][] {
  const out: number[][] = [];
  const rec = (acc: number[]): void => {
    if (acc.length === k) {
      out.push([...acc]);
      return;
    }
    for (let x = 0; x < N; x++) if (!acc.includes(x)) rec([...acc, x]);
  };
  rec([]);
  return out;
}

const colexCmp = (a: number[], b: number[]): number => {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
};
const lexCmp = (a: number[], b: number[]): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
};

/** The definition: k-subsets of inner indices in colex order, rows flattened. */
function bruteCombinations(n: number, d: number, k: number): { items: number[][]; ranks: number[][] } {
  const inner = innerObjects(n, d);
  const sets = subsetsOf(inner.length, k).sort(colexCmp);
  return { items: sets.map((s) => s.flatMap((i) => inner[i] as number[])), ranks: sets };
}

/** The definition: k-tuples of distinct inner indices, by set (colex) then tuple (lex). */
function brutePermutations(n: number, d: number, k: number): { items: number[][]; ranks: number[][] } {
  const inner = innerObjects(n, d);
  const tuples = tuplesOf(inner.length, k).sort((a, b) => {
    const c = colexCmp(
      [...a].sort((x, y) => x - y),
      [...b].sort((x, y) => x - y),
    );
    return c !== 0 ? c : lexCmp(a, b);
  });
  return { items: tuples.map((s) => s.flatMap((i) => inner[i] as number[])), ranks: tuples };
}

type Nested = NestedCombinationSpace | NestedPermutationSpace;

function collect(space: Nested): number[][] {
  const out: number[][] = [];
  space.forEach((x) => void out.push(Array.from(x)));
  return out;
}

/** Checks the whole Space contract of a small nested space against its brute-force list. */
function checkContract(s: Nested, items: number[][], ranks: number[][]): void {
  const w = s.maxWidth;
  expect(s.count()).toBe(items.length);
  expect(collect(s)).toEqual(items);
  // ranks, unrank, inner ranks
  items.forEach((item, r) => {
    expect(s.rank(item)).toBe(r);
    expect(s.rankBig(item)).toBe(BigInt(r));
    expect(Array.from(s.unrank(r))).toEqual(item);
    expect(Array.from(s.unrankBig(BigInt(r)))).toEqual(item);
    expect(s.innerRanks(item)).toEqual(ranks[r]);
    expect(s.innerRanksBig(item)).toEqual((ranks[r] as number[]).map(BigInt));
  });
  // visitor with ranks
  const seen: number[][] = [];
  const seenRanks: number[][] = [];
  s.forEachWithRanks((item, rk) => {
    seen.push(Array.from(item));
    seenRanks.push(Array.from(rk.subarray(0, s.k)));
  });
  expect(seen).toEqual(items);
  expect(seenRanks).toEqual(ranks);
  // successor chain
  if (items.length > 0) {
    const buf = new Int32Array(Math.max(1, w));
    buf.set(items[0] as number[]);
    const chain = [Array.from(buf.subarray(0, w))];
    while (s.successor(buf, w) >= 0) chain.push(Array.from(buf.subarray(0, w)));
    expect(chain).toEqual(items);
  }
  // ranges = slices (kernel started mid-way), iterables, blocks
  const L = items.length;
  for (const [a, b] of [
    [0, L],
    [1, L],
    [Math.floor(L / 3), Math.floor((2 * L) / 3)],
    [L - 1, L],
    [L, L],
  ] as const) {
    if (a < 0 || a > b) continue;
    const got: number[][] = [];
    s.forEach((x) => void got.push(Array.from(x)), { start: a, end: b });
    expect(got).toEqual(items.slice(a, b));
    expect([...s.arrays({ start: a, end: b })]).toEqual(items.slice(a, b));
    const gotR: number[][] = [];
    s.forEachWithRanks((_x, rk) => void gotR.push(Array.from(rk.subarray(0, s.k))), { start: a, end: b });
    expect(gotR).toEqual(ranks.slice(a, b));
  }
  expect([...s]).toEqual(items);
  expect([...s.views()].length).toBe(L);
  // blocks: row by row (tiny cap), blocked layout with many flushes, blocked layout in one go
  for (const maxBytes of [64, 2048, 1 << 20]) {
    const rows: number[][] = [];
    const total = s.forEachBlock(
      (blk) => {
        expect(blk.width).toBe(w);
        expect(blk.rows).toBeGreaterThan(0);
        for (let r = 0; r < blk.rows; r++) rows.push(blk.columns.map((c) => c[r] as number));
      },
      { maxBytes },
    );
    expect(rows).toEqual(items);
    expect(total).toBe(L);
  }
}

describe('nestedCombinations', () => {
  it('equals the brute-force definition for n ≤ 7, d ≤ 3, k ≤ 3 (the whole contract)', () => {
    for (let n = 0; n <= 7; n++) {
      for (let d = 0; d <= Math.min(3, n); d++) {
        const N = Number(binomial(n, d));
        for (let k = 0; k <= Math.min(3, N); k++) {
          const { items, ranks } = bruteCombinations(n, d, k);
          checkContract(nestedCombinations(n, d, k), items, ranks);
        }
      }
    }
  });

  it('counts: n = 6, d = 2, k = 2 gives 105 = C(15, 2) (combgen.md §2.8), and C(C(n,d),k) in general', () => {
    expect(nestedCombinations(6, 2, 2).count()).toBe(105);
    expect(nestedCombinations(6, 2, 2).countBig()).toBe(binomial(15, 2));
    expect(nestedCombinations(20, 3, 3).countBig()).toBe(binomial(1140, 3));
    expect(nestedCombinations(40, 4, 4).countBig()).toBe(binomial(91390, 4));
  });

  it('forEachBlock stops early and tiles larger spaces (blocked layout)', () => {
    const s = nestedCombinations(9, 2, 3); // 36 inner objects, 7140 items
    const items = collect(s);
    let calls = 0;
    const seen = s.forEachBlock(
      (b) => {
        calls++;
        expect(b.rows).toBeLessThanOrEqual(Math.floor(4096 / 2 / 24));
        return calls < 4;
      },
      { maxBytes: 4096 },
    );
    expect(calls).toBe(4);
    expect(seen).toBe(4 * Math.floor(4096 / 2 / 24));
    const rows: number[][] = [];
    s.forEachBlock((b) => {
      for (let r = 0; r < b.rows; r++) rows.push(b.columns.map((c) => c[r] as number));
    });
    expect(rows).toEqual(items);
  });

  it('the first items: rows advance in colex, the earlier rows reset', () => {
    expect([...nestedCombinations(3, 2, 2)]).toEqual([
      [0, 1, 0, 2],
      [0, 1, 1, 2],
      [0, 2, 1, 2],
    ]);
  });

  it('stage ranges partition the space, follow the Deep-ICE per-stage formula and group by the largest point', () => {
    for (let n = 0; n <= 7; n++) {
      for (let d = 0; d <= Math.min(3, n); d++) {
        const N = Number(binomial(n, d));
        for (let k = 0; k <= Math.min(3, N); k++) {
          const s = nestedCombinations(n, d, k);
          const items = collect(s);
          const stages = s.stageRanges();
          let at = 0n;
          for (const st of stages) {
            expect(st.startBig).toBe(at);
            expect(st.countBig > 0n).toBe(true);
            expect(st.countBig).toBe(st.endBig - st.startBig);
            if (st.stage >= 0) {
              const n1 = binomial(st.stage, d);
              const n2 = binomial(st.stage + 1, d);
              expect(st.innerStartBig).toBe(n1);
              expect(st.innerEndBig).toBe(n2);
              let f = 0n;
              for (let i = 0; i < k; i++) f += binomial(Number(n1), i) * binomial(Number(n2 - n1), k - i);
              expect(st.countBig).toBe(f);
            }
            // every item of stage x has maximum point x (k = 0 or d = 0: stage −1, no points)
            for (const item of items.slice(st.start, st.end)) {
              expect(item.length === 0 ? -1 : Math.max(...item)).toBe(st.stage);
            }
            at = st.endBig;
          }
          expect(at).toBe(s.countBig());
        }
      }
    }
  });

  it('rank/unrank round trips and successor at bigint sizes', () => {
    // C(30,5) = 142506 inner objects, C(142506, 4) ≈ 1.7e19 items
    const s = nestedCombinations(30, 5, 4);
    expect(s.isBig).toBe(true);
    expect(() => s.count()).toThrow(RangeError);
    const total = s.countBig();
    expect(total).toBe(binomial(142506, 4));
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: total - 2n }), (r) => {
        const item = s.unrankBig(r);
        expect(s.rankBig(item)).toBe(r);
        const buf = Int32Array.from(item);
        expect(s.successor(buf, 20)).toBe(20);
        expect(s.rankBig(buf)).toBe(r + 1n);
        const rk = s.innerRanks(item);
        for (let i = 1; i < 4; i++) expect(rk[i] as number).toBeGreaterThan(rk[i - 1] as number);
      }),
      { numRuns: 50 },
    );
    // a range near the end visits consecutive ranks, with the kernel's inner ranks
    const got: bigint[] = [];
    s.forEachWithRanks(
      (x, rk) => {
        got.push(s.rankBig(x));
        expect(Array.from(rk.subarray(0, 4))).toEqual(s.innerRanks(x));
      },
      { start: total - 300n, end: total },
    );
    expect(got).toEqual([...Array(300).keys()].map((i) => total - 300n + BigInt(i)));
    expect(s.successor(Int32Array.from(s.unrankBig(total - 1n)), 20)).toBe(-1);
    // stages at bigint size still tile the count
    const st = s.stageRanges();
    expect(st[st.length - 1]?.endBig).toBe(total);
  });

  it('works when the inner count itself exceeds 2^53 (row-comparison successor)', () => {
    // C(100, 20) ≈ 5.4e20 inner objects
    const s = nestedCombinations(100, 20, 2);
    expect(s.innerCountBig).toBe(binomial(100, 20));
    const start = s.countBig() / 3n;
    const got: bigint[] = [];
    s.forEach((x) => void got.push(s.rankBig(x)), { start, end: start + 40n });
    expect(got).toEqual([...Array(40).keys()].map((i) => start + BigInt(i)));
    const item = s.unrankBig(start);
    expect(() => s.innerRanks(item)).toThrow(RangeError);
    expect(() => s.forEachWithRanks(() => {})).toThrow(RangeError);
    const rb = s.innerRanksBig(item);
    expect((rb[0] as bigint) < (rb[1] as bigint)).toBe(true);
  });

  it('rejects bad parameters and non-items', () => {
    expect(() => nestedCombinations(3, 4, 1)).toThrow(RangeError);
    expect(() => nestedCombinations(4, 2, 7)).toThrow(/inner objects/);
    expect(() => nestedCombinations(4, -1, 1)).toThrow(RangeError);
    const s = nestedCombinations(5, 2, 2);
    expect(() => s.rank([0, 1, 0, 1])).toThrow(RangeError); // same inner object twice
    expect(() => s.rank([0, 2, 0, 1])).toThrow(RangeError); // rows not ascending by inner rank
    expect(() => s.rank([1, 0, 0, 2])).toThrow(RangeError); // a row not increasing
    expect(() => s.rank([0, 1, 0, 5])).toThrow(RangeError); // point out of range
    expect(() => s.rank([0, 1, 0])).toThrow(RangeError);
    expect(() => s.unrank(45)).toThrow(RangeError);
    expect(s.spec).toEqual({ kind: 'nested-combinations', n: 5, d: 2, k: 2 });
  });
});

describe('nestedPermutationCombinations', () => {
  it('equals the brute-force definition for n ≤ 7, d ≤ 3, k ≤ 3 (the whole contract)', () => {
    for (let n = 0; n <= 7; n++) {
      for (let d = 0; d <= Math.min(3, n); d++) {
        const N = Number(binomial(n, d));
        for (let k = 0; k <= Math.min(3, N); k++) {
          if (N > 20 && k === 3) continue; // covered by the cheaper spot checks below
          const { items, ranks } = brutePermutations(n, d, k);
          checkContract(nestedPermutationCombinations(n, d, k), items, ranks);
        }
      }
    }
  });

  it('the largest small cases agree on the order (n = 7, d = 3, k = 3: 35·34·33 tuples)', () => {
    for (const [n, d] of [
      [7, 3],
      [7, 2],
      [6, 3],
    ] as const) {
      const s = nestedPermutationCombinations(n, d, 3);
      const { items } = brutePermutations(n, d, 3);
      expect(collect(s)).toEqual(items);
      for (let r = 0; r < items.length; r += 97) {
        expect(s.rank(items[r] as number[])).toBe(r);
        expect(Array.from(s.unrank(r))).toEqual(items[r]);
      }
    }
  });

  it('counts C(C(n,d),k)·k! and stage ranges scale by k!', () => {
    const s = nestedPermutationCombinations(6, 2, 3);
    expect(s.countBig()).toBe(binomial(15, 3) * 6n);
    const c = nestedCombinations(6, 2, 3);
    const ps = s.stageRanges();
    const cs = c.stageRanges();
    expect(ps.map((x) => x.stage)).toEqual(cs.map((x) => x.stage));
    ps.forEach((x, i) => {
      expect(x.startBig).toBe((cs[i]?.startBig as bigint) * 6n);
      expect(x.countBig).toBe((cs[i]?.countBig as bigint) * 6n);
    });
    const items = collect(s);
    for (const st of ps) {
      for (const item of items.slice(st.start, st.end)) expect(Math.max(...item)).toBe(st.stage);
    }
  });

  it('rank/unrank round trips and successor at bigint sizes', () => {
    const s = nestedPermutationCombinations(30, 5, 4);
    const total = s.countBig();
    expect(total).toBe(binomial(142506, 4) * 24n);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: total - 2n }), (r) => {
        const item = s.unrankBig(r);
        expect(s.rankBig(item)).toBe(r);
        const buf = Int32Array.from(item);
        expect(s.successor(buf, 20)).toBe(20);
        expect(s.rankBig(buf)).toBe(r + 1n);
      }),
      { numRuns: 50 },
    );
    const got: bigint[] = [];
    s.forEach((x) => void got.push(s.rankBig(x)), { start: total - 100n, end: total });
    expect(got).toEqual([...Array(100).keys()].map((i) => total - 100n + BigInt(i)));
    // inner count above 2^53: the row-comparison successor
    const h = nestedPermutationCombinations(100, 20, 3);
    const start = h.countBig() / 5n + 3n;
    const hs: bigint[] = [];
    h.forEach((x) => void hs.push(h.rankBig(x)), { start, end: start + 30n });
    expect(hs).toEqual([...Array(30).keys()].map((i) => start + BigInt(i)));
  });

  it('rejects non-items', () => {
    const s = nestedPermutationCombinations(5, 2, 2);
    expect(s.rank([0, 2, 0, 1])).toBe(1); // tuples may list objects in any order
    expect(() => s.rank([0, 1, 0, 1])).toThrow(RangeError); // repeated object
    expect(() => s.rank([0, 1, 1])).toThrow(RangeError);
    expect(s.spec).toEqual({ kind: 'nested-permutation-combinations', n: 5, d: 2, k: 2 });
  });
});
