import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  kPermutations,
  kPermutationsUpTo,
  type PermutationOrder,
  permutations,
} from '../src/permutations.js';
import type { Space } from '../src/space.js';

// ---------------------------------------------------------------------------------------------
// Independent brute-force definitions.

/** Lexicographic k-permutations by depth-first choice of the smallest unused element first. */
function bruteLex(n: number, k: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const used = new Array<boolean>(n).fill(false);
  const rec = (): void => {
    if (cur.length === k) {
      out.push(cur.slice());
      return;
    }
    for (let v = 0; v < n; v++) {
      if (used[v]) continue;
      used[v] = true;
      cur.push(v);
      rec();
      cur.pop();
      used[v] = false;
    }
  };
  rec();
  return out;
}

/** The textbook recursive Heap's algorithm (Heap 1963; as in Sedgewick 1977 / Wikipedia). */
function bruteHeap(n: number): number[][] {
  const a = Array.from({ length: n }, (_, i) => i);
  const out: number[][] = [];
  const gen = (k: number): void => {
    if (k <= 1) {
      out.push(a.slice());
      return;
    }
    gen(k - 1);
    for (let i = 0; i < k - 1; i++) {
      const j = k % 2 === 0 ? i : 0;
      const t = a[j] as number;
      a[j] = a[k - 1] as number;
      a[k - 1] = t;
      gen(k - 1);
    }
  };
  gen(n);
  return out;
}

/**
 * Johnson–Trotter with directed "mobile" integers: move the largest mobile element one step in its
 * direction, then reverse the direction of every larger element (Johnson 1963; Trotter 1962).
 */
function bruteSjt(n: number): number[][] {
  const a = Array.from({ length: n }, (_, i) => i);
  const dir = new Array<number>(n).fill(-1); // dir[v] of value v, all start leftwards
  const out: number[][] = [a.slice()];
  for (;;) {
    let best = -1;
    let at = -1;
    for (let p = 0; p < n; p++) {
      const v = a[p] as number;
      const q = p + (dir[v] as number);
      if (q >= 0 && q < n && (a[q] as number) < v && v > best) {
        best = v;
        at = p;
      }
    }
    if (best < 0) return out;
    const q = at + (dir[best] as number);
    a[at] = a[q] as number;
    a[q] = best;
    for (let v = best + 1; v < n; v++) dir[v] = -(dir[v] as number);
    out.push(a.slice());
  }
}

function factorial(n: number): bigint {
  let f = 1n;
  for (let i = 2n; i <= BigInt(n); i++) f *= i;
  return f;
}

/** Lex rank from its definition: Σ (unused elements below item[i]) · P(n−i−1, k−i−1). */
function bruteLexRank(item: number[], n: number): bigint {
  const k = item.length;
  let r = 0n;
  for (let i = 0; i < k; i++) {
    const below = (item[i] as number) - item.slice(0, i).filter((y) => y < (item[i] as number)).length;
    let w = 1n;
    for (let j = i + 1; j < k; j++) w *= BigInt(n - j);
    r += BigInt(below) * w;
  }
  return r;
}

function collect(space: Space, range?: { start?: number | bigint; end?: number | bigint }): number[][] {
  const out: number[][] = [];
  space.forEach((v) => {
    out.push(Array.from(v));
  }, range);
  return out;
}

function successorChain(space: Space): number[][] {
  const buf = new Int32Array(Math.max(1, space.maxWidth));
  let len = space.unrankBig(0n, buf).length;
  const out: number[][] = [];
  while (len >= 0) {
    out.push(Array.from(buf.subarray(0, len)));
    len = space.successor(buf, len);
  }
  return out;
}

function blockRows(space: Space, maxBytes?: number): number[][] {
  const out: number[][] = [];
  space.forEachBlock(
    (b) => {
      for (let r = 0; r < b.rows; r++) out.push(b.columns.map((c) => c[r] as number).slice(0, b.width));
    },
    maxBytes === undefined ? undefined : { maxBytes },
  );
  return out;
}

const ORDERS: PermutationOrder[] = ['lex', 'heap', 'plain-changes'];
const brute = (order: PermutationOrder, n: number): number[][] =>
  order === 'lex' ? bruteLex(n, n) : order === 'heap' ? bruteHeap(n) : bruteSjt(n);

// ---------------------------------------------------------------------------------------------

describe('known answers', () => {
  it('matches itertools.permutations listings (Python docs, itertools)', () => {
    // permutations('ABCD', 2) → AB AC AD BA BC BD CA CB CD DA DB DC
    const abcd = 'ABCD';
    const got = [...kPermutations(4, 2)].map((p) => p.map((i) => abcd[i]).join(''));
    expect(got.join(' ')).toBe('AB AC AD BA BC BD CA CB CD DA DB DC');
    // permutations(range(3)) → 012 021 102 120 201 210
    expect([...permutations(3)].map((p) => p.join(''))).toEqual(['012', '021', '102', '120', '201', '210']);
  });

  it("matches Heap's n = 3 sequence ABC BAC CAB ACB BCA CBA (Wikipedia, Heap's algorithm)", () => {
    const got = [...permutations(3, { order: 'heap' })].map((p) => p.map((i) => 'ABC'[i]).join(''));
    expect(got.join(' ')).toBe('ABC BAC CAB ACB BCA CBA');
  });

  it('matches plain changes for n = 3: 123 132 312 321 231 213 (Knuth TAOCP 7.2.1.2)', () => {
    const got = [...permutations(3, { order: 'plain-changes' })].map((p) => p.map((i) => i + 1).join(''));
    expect(got.join(' ')).toBe('123 132 312 321 231 213');
  });

  it('counts: 20! and P(16, 6)', () => {
    expect(permutations(20).countBig()).toBe(2432902008176640000n);
    expect(permutations(19, { order: 'heap' }).countBig()).toBe(121645100408832000n);
    expect(kPermutations(16, 6).count()).toBe(5765760);
    expect(kPermutationsUpTo(5, 0, 5).count()).toBe(1 + 5 + 20 + 60 + 120 + 120);
    expect(permutations(0).count()).toBe(1);
    expect(kPermutations(7, 0).count()).toBe(1);
  });
});

describe('exhaustive against brute force, every n ≤ 8', () => {
  for (const order of ORDERS) {
    it(`order ${order}: forEach = brute force, rank/unrank agree at every rank`, () => {
      for (let n = 0; n <= 8; n++) {
        const space = permutations(n, { order });
        const want = brute(order, n);
        const got = collect(space);
        expect(got).toEqual(want);
        expect(space.count()).toBe(want.length);
        const out = new Int32Array(Math.max(1, n));
        for (let r = 0; r < want.length; r++) {
          const item = want[r] as number[];
          expect(space.rank(item)).toBe(r);
          expect(Array.from(space.unrank(r, out))).toEqual(item);
          if (r % 97 === 0) expect(Array.from(space.unrankBig(BigInt(r)))).toEqual(item);
        }
      }
    });
  }

  it('k-permutations, every 0 ≤ k ≤ n ≤ 7, and rank from the definition', () => {
    for (let n = 0; n <= 7; n++) {
      for (let k = 0; k <= n; k++) {
        const space = kPermutations(n, k);
        const want = bruteLex(n, k);
        expect(collect(space)).toEqual(want);
        expect(successorChain(space)).toEqual(want);
        want.forEach((item, r) => {
          expect(space.rank(item)).toBe(r);
          expect(bruteLexRank(item, n)).toBe(BigInt(r));
          expect(Array.from(space.unrank(r))).toEqual(item);
        });
      }
    }
  });

  it('k-permutations with n much larger than k', () => {
    const space = kPermutations(40, 2);
    expect(collect(space)).toEqual(bruteLex(40, 2));
    expect(collect(kPermutations(9, 3))).toEqual(bruteLex(9, 3));
  });
});

describe('Gray properties', () => {
  it('each Heap step is a single transposition, reported by forEachDelta', () => {
    for (let n = 0; n <= 7; n++) {
      const items: number[][] = [];
      const swaps: [number, number][] = [];
      permutations(n, { order: 'heap' }).forEachDelta((p, i, j) => {
        items.push(Array.from(p));
        swaps.push([i, j]);
      });
      expect(items).toEqual(bruteHeap(n));
      expect(swaps[0]).toEqual([-1, -1]);
      for (let t = 1; t < items.length; t++) {
        const prev = items[t - 1] as number[];
        const cur = items[t] as number[];
        const diff = cur.flatMap((v, p) => (v === prev[p] ? [] : [p]));
        expect(diff).toEqual(swaps[t]);
        const [i, j] = diff as [number, number];
        expect([prev[i], prev[j]]).toEqual([cur[j], cur[i]]);
      }
    }
  });

  it('each plain-changes step swaps adjacent positions i, i+1, reported by forEachDelta', () => {
    for (let n = 0; n <= 7; n++) {
      const items: number[][] = [];
      const swaps: number[] = [];
      permutations(n, { order: 'plain-changes' }).forEachDelta((p, i) => {
        items.push(Array.from(p));
        swaps.push(i);
      });
      expect(items).toEqual(bruteSjt(n));
      expect(swaps[0]).toBe(-1);
      for (let t = 1; t < items.length; t++) {
        const prev = items[t - 1] as number[];
        const cur = items[t] as number[];
        const diff = cur.flatMap((v, p) => (v === prev[p] ? [] : [p]));
        const i = swaps[t] as number;
        expect(diff).toEqual([i, i + 1]);
        expect([prev[i], prev[i + 1]]).toEqual([cur[i + 1], cur[i]]);
      }
    }
  });

  it('forEachDelta honours ranges and early stop', () => {
    const heap = permutations(6, { order: 'heap' });
    const sjt = permutations(6, { order: 'plain-changes' });
    const all = bruteHeap(6);
    const seen: number[][] = [];
    expect(
      heap.forEachDelta(
        (p) => {
          seen.push(Array.from(p));
        },
        { start: 100, end: 260 },
      ),
    ).toBe(160);
    expect(seen).toEqual(all.slice(100, 260));
    const firsts: number[] = [];
    expect(
      sjt.forEachDelta(
        (_p, i) => {
          firsts.push(i);
          return firsts.length < 5;
        },
        { start: 7 },
      ),
    ).toBe(5);
    expect(firsts[0]).toBe(-1);
    expect(heap.forEachDelta(() => false)).toBe(1);
    expect(sjt.forEachDelta(() => undefined, { start: 3, end: 3 })).toBe(0);
  });
});

describe('derived APIs agree with forEach', () => {
  const spaces = (): [string, Space][] => [
    ...ORDERS.map((o): [string, Space] => [`permutations(5, ${o})`, permutations(5, { order: o })]),
    ['permutations(1, heap)', permutations(1, { order: 'heap' })],
    ['permutations(2, plain-changes)', permutations(2, { order: 'plain-changes' })],
    ['kPermutations(6, 3)', kPermutations(6, 3)],
    ['kPermutations(5, 5)', kPermutations(5, 5)],
    ['kPermutations(4, 0)', kPermutations(4, 0)],
    ['kPermutationsUpTo(4, 0, 4)', kPermutationsUpTo(4, 0, 4)],
    ['kPermutationsUpTo(6, 2, 3)', kPermutationsUpTo(6, 2, 3)],
    ['kPermutationsUpTo(3, 3, 3)', kPermutationsUpTo(3, 3, 3)],
  ];

  for (const [name, space] of spaces()) {
    it(`${name}: successor, iterables, blocks, ranks`, () => {
      const all = collect(space);
      expect(all.length).toBe(space.count());
      expect(successorChain(space)).toEqual(all);
      expect([...space]).toEqual(all);
      expect([...space.arrays()]).toEqual(all);
      expect([...space.views()].length).toBe(all.length);
      expect(Array.from(space.views({ start: 1 }), (v) => Array.from(v))).toEqual(all.slice(1));
      expect(blockRows(space)).toEqual(all);
      expect(blockRows(space, 64)).toEqual(all);
      all.forEach((item, r) => {
        expect(space.rank(item)).toBe(r);
        expect(Array.from(space.unrank(r))).toEqual(item);
        expect(Array.from(space.unrankBig(BigInt(r)))).toEqual(item);
      });
      // The kernel resumes from any rank.
      for (let s = 0; s < all.length; s++) {
        expect(collect(space, { start: s, end: Math.min(all.length, s + 9) })).toEqual(all.slice(s, s + 9));
      }
    });
  }

  it('forEach on a rank range is the slice of the full order (property)', () => {
    const cases: [Space, number[][]][] = [
      [permutations(7, { order: 'heap' }), bruteHeap(7)],
      [permutations(7, { order: 'plain-changes' }), bruteSjt(7)],
      [permutations(7), bruteLex(7, 7)],
      [kPermutations(8, 4), bruteLex(8, 4)],
      [kPermutationsUpTo(6, 1, 4), [1, 2, 3, 4].flatMap((k) => bruteLex(6, k))],
    ];
    for (const [space, all] of cases) {
      fc.assert(
        fc.property(fc.nat(all.length), fc.nat(all.length), (x, y) => {
          const [s, e] = x <= y ? [x, y] : [y, x];
          expect(collect(space, { start: s, end: e })).toEqual(all.slice(s, e));
          expect(collect(space, { start: BigInt(s), end: BigInt(e) })).toEqual(all.slice(s, e));
        }),
        { numRuns: 40 },
      );
    }
  });

  it('forEach stops early when the visitor returns false', () => {
    for (const space of [
      permutations(6, { order: 'heap' }),
      permutations(6, { order: 'plain-changes' }),
      permutations(6),
      kPermutations(7, 3),
      kPermutationsUpTo(5, 0, 3),
    ]) {
      const count = space.count();
      for (const stopAt of [1, 2, 3, 7, 31, 100, count - 5, count].filter((s) => s <= count)) {
        let seen = 0;
        const stopper = (): boolean => ++seen < stopAt;
        expect(space.forEach(stopper)).toBe(stopAt);
        expect(seen).toBe(stopAt);
        seen = 0;
        expect(space.forEach(stopper, { start: 5 })).toBe(Math.min(stopAt, count - 5));
      }
    }
  });

  it('k-permutations of several sizes are grouped by size, then lex', () => {
    const space = kPermutationsUpTo(5, 1, 3);
    const want = [1, 2, 3].flatMap((k) => bruteLex(5, k));
    expect(collect(space)).toEqual(want);
    expect([...kPermutationsUpTo(3, 0, 2)]).toEqual([[], [0], [1], [2], ...bruteLex(3, 2)]);
    // A range crossing the size boundary (5 + 20 = 25 items of sizes 1, 2).
    expect(collect(space, { start: 20, end: 30 })).toEqual(want.slice(20, 30));
  });
});

describe('bigint sizes (n! > 2^53 from n = 19)', () => {
  const TWO53 = 2n ** 53n;

  for (const order of ORDERS) {
    it(`order ${order}: rank(unrankBig(r)) = r around 2^53 for n = 19, 20; successor agrees`, () => {
      for (const n of [19, 20]) {
        const space = permutations(n, { order });
        expect(space.isBig).toBe(true);
        const rs = [0n, 1n, TWO53 - 2n, TWO53 - 1n, TWO53, TWO53 + 1n, TWO53 + 12345n, space.countBig() - 1n];
        for (const r of rs) {
          const item = Array.from(space.unrankBig(r));
          expect(new Set(item).size).toBe(n);
          expect(space.rankBig(item)).toBe(r);
          const buf = Int32Array.from(item);
          if (r + 1n < space.countBig()) {
            expect(space.successor(buf, n)).toBe(n);
            expect(Array.from(buf)).toEqual(Array.from(space.unrankBig(r + 1n)));
          } else {
            expect(space.successor(buf, n)).toBe(-1);
          }
        }
        // A range straddling 2^53 runs the kernel from a bigint rank.
        const got = collect(space, { start: TWO53 - 3n, end: TWO53 + 3n });
        expect(got).toEqual([-3n, -2n, -1n, 0n, 1n, 2n].map((d) => Array.from(space.unrankBig(TWO53 + d))));
        expect(() => space.count()).toThrow(RangeError);
        expect(() => space.unrank(0)).toThrow(/unrankBig/);
        expect(() => space.rank(item0(n))).toThrow(RangeError);
      }
    });
  }

  const item0 = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

  it('lex unrankBig on permutations(30) matches the factorial number system (property)', () => {
    const space = permutations(30);
    const count = factorial(30);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: count - 1n }), (r) => {
        const item = Array.from(space.unrankBig(r));
        expect(bruteLexRank(item, 30)).toBe(r);
        expect(space.rankBig(item)).toBe(r);
      }),
      { numRuns: 200 },
    );
    expect(Array.from(space.unrankBig(count - 1n))).toEqual(item0(30).reverse());
  });

  it('heap and plain-changes round-trip on n = 30 and n = 200 (property)', () => {
    for (const order of ['heap', 'plain-changes'] as const) {
      for (const n of [30, 200]) {
        const space = permutations(n, { order });
        const count = factorial(n);
        fc.assert(
          fc.property(fc.bigInt({ min: 0n, max: count - 1n }), (r) => {
            const item = space.unrankBig(r);
            expect(new Set(item).size).toBe(n);
            expect(space.rankBig(item)).toBe(r);
          }),
          { numRuns: 30 },
        );
      }
    }
  });

  it('number and bigint paths agree at the top of permutations(18) (18! < 2^53)', () => {
    for (const order of ORDERS) {
      const space = permutations(18, { order });
      expect(space.isBig).toBe(false);
      const c = space.count();
      for (const r of [c - 1, c - 2, c - 1000, 2 ** 52 + 1, 123456789]) {
        const a = Array.from(space.unrank(r));
        expect(a).toEqual(Array.from(space.unrankBig(BigInt(r))));
        expect(space.rank(a)).toBe(r);
      }
    }
  });

  it('k-permutations beyond 2^53: P(40, 12) and an up-to space', () => {
    const space = kPermutations(40, 12);
    expect(space.isBig).toBe(true);
    const kup = kPermutationsUpTo(40, 10, 12);
    for (const r of [TWO53 - 1n, TWO53, TWO53 + 1n, space.countBig() - 1n]) {
      const item = Array.from(space.unrankBig(r));
      expect(bruteLexRank(item, 40)).toBe(r);
      expect(space.rankBig(item)).toBe(r);
      expect(kup.rankBig(item)).toBe(kPermutations(40, 10).countBig() + kPermutations(40, 11).countBig() + r);
    }
    expect(collect(space, { start: TWO53 - 1n, end: TWO53 + 2n })).toEqual(
      [-1n, 0n, 1n].map((d) => Array.from(space.unrankBig(TWO53 + d))),
    );
  });
});

describe('validation', () => {
  it('rejects bad parameters with clear RangeErrors', () => {
    expect(() => kPermutations(3, 5)).toThrow(new RangeError('k = 5 is larger than n = 3; choose k ≤ n'));
    expect(() => kPermutations(-1, 0)).toThrow(RangeError);
    expect(() => kPermutations(3, 1.5)).toThrow(RangeError);
    expect(() => permutations(2.5)).toThrow(RangeError);
    expect(() => permutations(5000)).toThrow(/too large/);
    expect(() => kPermutations(2 ** 21, 2)).toThrow(/too large/);
    expect(() => permutations(3, { order: 'colex' as PermutationOrder })).toThrow(/unknown order 'colex'/);
    expect(() => kPermutations(3, 2, { order: 'heap' as 'lex' })).toThrow(/unknown order 'heap'/);
    expect(() => kPermutationsUpTo(4, 3, 2)).toThrow('kMin = 3 is larger than kMax = 2; choose kMin ≤ kMax');
    expect(() => kPermutationsUpTo(4, 0, 5)).toThrow('kMax = 5 is larger than n = 4; choose kMax ≤ n');
  });

  it('rank rejects non-items; unrank rejects bad ranks', () => {
    for (const space of [...ORDERS.map((o) => permutations(4, { order: o })), kPermutations(4, 4)]) {
      expect(() => space.rank([0, 1, 2])).toThrow(/expected 4 elements/);
      expect(() => space.rank([0, 1, 2, 2])).toThrow(/repeats/);
      expect(() => space.rank([0, 1, 2, 4])).toThrow(/\[0, 4\)/);
      expect(() => space.rank([0, 1, 2, 2.5])).toThrow(RangeError);
      expect(() => space.unrank(24)).toThrow(RangeError);
      expect(() => space.unrank(-1)).toThrow(RangeError);
      expect(() => space.unrankBig(24n)).toThrow(RangeError);
      expect(() => space.forEach(() => {}, { start: 3, end: 25 })).toThrow(RangeError);
    }
    expect(() => kPermutationsUpTo(4, 1, 2).rank([0, 1, 2])).toThrow(/outside \[1, 2\]/);
    expect(() => kPermutationsUpTo(4, 1, 2).rank([])).toThrow(RangeError);
  });

  it('spec describes each space', () => {
    expect(permutations(5).spec).toEqual({ kind: 'permutations', n: 5, order: 'lex' });
    expect(permutations(5, { order: 'heap' }).spec).toEqual({ kind: 'permutations', n: 5, order: 'heap' });
    expect(permutations(5, { order: 'plain-changes' }).spec).toEqual({
      kind: 'permutations',
      n: 5,
      order: 'plain-changes',
    });
    expect(kPermutations(6, 2).spec).toEqual({ kind: 'k-permutations', n: 6, k: 2, order: 'lex' });
    expect(kPermutationsUpTo(6, 1, 3).spec).toEqual({ kind: 'k-permutations-upto', n: 6, kMin: 1, kMax: 3 });
    expect(JSON.parse(JSON.stringify(kPermutations(6, 2).spec))).toEqual(kPermutations(6, 2).spec);
  });
});
