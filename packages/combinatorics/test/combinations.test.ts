import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomial, binomialNumber } from '../src/binomial.js';
import { type CombinationOrder, combinations } from '../src/combinations.js';
import { spaceFromSpec } from '../src/spec.js';

const ORDERS: CombinationOrder[] = ['lex', 'colex', 'revolving-door'];

/** Independent brute force: every k-subset of [n] from the 2^n bitmasks, as sorted arrays. */
function allSubsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < 1 << n; m++) {
    const s: number[] = [];
    for (let i = 0; i < n; i++) if (m & (1 << i)) s.push(i);
    if (s.length === k) out.push(s);
  }
  return out;
}

/** Definition of lex order: compare element by element. */
function lexCmp(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}
/** Definition of colex order: compare from the largest element down. */
function colexCmp(a: number[], b: number[]): number {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}
/** Definition of the revolving-door list: R(n,k) = R(n−1,k), reverse(R(n−1,k−1))·(n−1). */
function revolvingDoor(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n === k) return [Array.from({ length: k }, (_, i) => i)];
  const a = revolvingDoor(n - 1, k);
  const b = revolvingDoor(n - 1, k - 1)
    .reverse()
    .map((c) => [...c, n - 1]);
  return [...a, ...b];
}

/**
 * Knuth's Algorithm R (TAOCP Vol. 4A, 7.2.1.3), written out step by step from the book with
 * 1-based c_1 < … < c_t and the sentinel c_{t+1} = n, for t ≥ 2; independent of the library's kernel.
 */
function algorithmR(n: number, t: number): number[][] {
  const c: number[] = [0];
  for (let j = 1; j <= t; j++) c[j] = j - 1;
  c[t + 1] = n;
  const out: number[][] = [];
  const at = (j: number): number => c[j] as number;
  let step = 'R2';
  let j = 0;
  for (;;) {
    switch (step) {
      case 'R2':
        out.push(c.slice(1, t + 1));
        step = 'R3';
        break;
      case 'R3':
        if (t % 2 === 1) {
          if (at(1) + 1 < at(2)) {
            c[1] = at(1) + 1;
            step = 'R2';
          } else {
            j = 2;
            step = 'R4';
          }
        } else if (at(1) > 0) {
          c[1] = at(1) - 1;
          step = 'R2';
        } else {
          j = 2;
          step = 'R5';
        }
        break;
      case 'R4':
        if (at(j) >= j) {
          c[j] = at(j - 1);
          c[j - 1] = j - 2;
          step = 'R2';
        } else {
          j++;
          step = 'R5';
        }
        break;
      case 'R5':
        if (j > t) return out; // c_{t+1} = n cannot grow: done
        if (at(j) + 1 < at(j + 1)) {
          c[j - 1] = at(j);
          c[j] = at(j) + 1;
          step = 'R2';
        } else {
          j++;
          step = j <= t ? 'R4' : 'R6';
        }
        break;
      default:
        return out;
    }
  }
}

function expected(n: number, k: number, order: CombinationOrder): number[][] {
  const s = allSubsets(n, k);
  if (order === 'lex') return s.sort(lexCmp);
  if (order === 'colex') return s.sort(colexCmp);
  return revolvingDoor(n, k);
}

function collect(n: number, k: number, order: CombinationOrder): number[][] {
  const out: number[][] = [];
  combinations(n, k, { order }).forEach((c) => {
    out.push(Array.from(c));
  });
  return out;
}

describe('combinations: exhaustive against brute force, every n ≤ 12 and every k', () => {
  for (const order of ORDERS) {
    it(`forEach in ${order} order equals the definition`, () => {
      for (let n = 0; n <= 12; n++) {
        for (let k = 0; k <= n; k++) expect(collect(n, k, order)).toEqual(expected(n, k, order));
      }
    });
  }

  it('revolving door equals Knuth Algorithm R item for item (2 ≤ t < n ≤ 12)', () => {
    for (let n = 3; n <= 12; n++) {
      for (let t = 2; t < n; t++) expect(collect(n, t, 'revolving-door')).toEqual(algorithmR(n, t));
    }
  });

  it('revolving door: each step one element out and one in, and the deltas say which', () => {
    for (let n = 1; n <= 12; n++) {
      for (let k = 1; k <= n; k++) {
        let prev: number[] | null = null;
        combinations(n, k, { order: 'revolving-door' }).forEachDelta((c, out, into) => {
          const cur = Array.from(c);
          if (prev === null) {
            expect([out, into]).toEqual([-1, -1]);
          } else {
            const gone = prev.filter((x) => !cur.includes(x));
            const came = cur.filter((x) => !(prev as number[]).includes(x));
            expect(gone).toEqual([out]);
            expect(came).toEqual([into]);
          }
          prev = cur;
        });
      }
    }
  });

  it('the research note example: R(5,2) swaps (0→2)(1→0)(0→3)(2→1)(1→0)(0→4)(3→2)(2→1)(1→0)', () => {
    const swaps: string[] = [];
    combinations(5, 2, { order: 'revolving-door' }).forEachDelta((_c, o, i) => {
      if (o >= 0) swaps.push(`${o}>${i}`);
    });
    expect(swaps.join(' ')).toBe('0>2 1>0 0>3 2>1 1>0 0>4 3>2 2>1 1>0');
  });

  for (const order of ORDERS) {
    it(`${order}: rank, unrank, successor, ranges, blocks and iterables agree with forEach (n ≤ 10)`, () => {
      for (let n = 0; n <= 10; n++) {
        for (let k = 0; k <= n; k++) {
          const sp = combinations(n, k, { order });
          const all = collect(n, k, order);
          expect(sp.count()).toBe(all.length);
          all.forEach((c, r) => {
            expect(sp.rank(c)).toBe(r);
            expect(sp.rankBig(c)).toBe(BigInt(r));
            expect(Array.from(sp.unrank(r))).toEqual(c);
            expect(Array.from(sp.unrankBig(BigInt(r)))).toEqual(c);
          });
          // successor chain
          const buf = new Int32Array(Math.max(1, k));
          buf.set(all[0] as number[]);
          for (let r = 1; r < all.length; r++) {
            expect(sp.successor(buf, k)).toBe(k);
            expect(Array.from(buf.subarray(0, k))).toEqual(all[r]);
          }
          expect(sp.successor(buf, k)).toBe(-1);
          // iterables
          expect([...sp]).toEqual(all);
          expect(Array.from(sp.views(), (v) => Array.from(v))).toEqual(all);
          // blocks, with a tiny memory cap and with the default
          for (const maxBytes of [16, 256, undefined]) {
            const rows: number[][] = [];
            sp.forEachBlock(
              (b) => {
                expect(b.width).toBe(k);
                for (let r = 0; r < b.rows; r++) rows.push(b.columns.map((col) => col[r] as number));
              },
              maxBytes === undefined ? undefined : { maxBytes },
            );
            expect(rows).toEqual(all);
          }
          // every range [s, e) is the slice
          for (let s = 0; s <= all.length; s += Math.max(1, Math.floor(all.length / 5))) {
            for (const e of [s, Math.min(all.length, s + 1), Math.min(all.length, s + 7), all.length]) {
              const got: number[][] = [];
              const visited = sp.forEach((c) => void got.push(Array.from(c)), { start: s, end: e });
              expect(visited).toBe(e - s);
              expect(got).toEqual(all.slice(s, e));
            }
          }
        }
      }
    });
  }

  it('forEach and forEachDelta stop early when the visitor returns false', () => {
    for (const order of ORDERS) {
      let seen = 0;
      const n = combinations(12, 5, { order }).forEach(() => ++seen < 37);
      expect([n, seen]).toEqual([37, 37]);
    }
    let d = 0;
    expect(combinations(12, 5, { order: 'revolving-door' }).forEachDelta(() => ++d < 11)).toBe(11);
  });

  it('forEachBlock stops early when the visitor returns false', () => {
    let blocks = 0;
    combinations(20, 4).forEachBlock(() => ++blocks < 3, { maxBytes: 4096 });
    expect(blocks).toBe(3);
  });
});

describe('combinations: counts, big ranks and validation', () => {
  it('C(100,50) exactly (= 100891344545564193334812497256, OEIS A000984 at n = 50)', () => {
    expect(binomial(100, 50)).toBe(100891344545564193334812497256n);
    expect(combinations(100, 50).countBig()).toBe(100891344545564193334812497256n);
    expect(combinations(100, 50).isBig).toBe(true);
    expect(() => combinations(100, 50).count()).toThrow(/countBig|bigint/);
  });

  it('counts match the multiplicative binomial for n ≤ 60 (number path below 2^53)', () => {
    for (let n = 0; n <= 60; n++) {
      for (let k = 0; k <= n; k++) {
        const b = binomial(n, k);
        expect(combinations(n, k).countBig()).toBe(b);
        if (b <= BigInt(Number.MAX_SAFE_INTEGER)) expect(binomialNumber(n, k)).toBe(Number(b));
      }
    }
  });

  it('rank(unrank(r)) = r around 2^53 and near the end of C(100,50), every order', () => {
    const two53 = 2n ** 53n;
    for (const order of ORDERS) {
      const sp = combinations(100, 50, { order });
      const c = sp.countBig();
      for (const r of [0n, 1n, two53 - 2n, two53 - 1n, two53, two53 + 1n, c / 2n, c - 2n, c - 1n]) {
        expect(sp.rankBig(sp.unrankBig(r))).toBe(r);
      }
    }
  });

  it('a space just below and just above 2^53 switches from number to bigint', () => {
    // C(57, 28) ≈ 1.9e16 > 2^53; C(55, 27) ≈ 3.8e15 < 2^53.
    expect(combinations(55, 27).isBig).toBe(false);
    expect(combinations(57, 28).isBig).toBe(true);
    const small = combinations(55, 27, { order: 'revolving-door' });
    const last = small.count() - 1;
    expect(small.rank(small.unrank(last))).toBe(last);
    expect(() => combinations(57, 28).unrank(0)).toThrow(RangeError);
  });

  it('property: rank(unrank(r)) = r and successor(unrank(r)) = unrank(r+1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 0, max: 70 }),
        fc.constantFrom(...ORDERS),
        fc.bigInt({ min: 0n, max: 2n ** 70n }),
        (n, kk, order, rr) => {
          const k = kk % (n + 1);
          const sp = combinations(n, k, { order });
          const count = sp.countBig();
          const r = rr % count;
          const item = sp.unrankBig(r);
          expect(sp.rankBig(item)).toBe(r);
          const buf = new Int32Array(Math.max(1, k));
          buf.set(item);
          const l = sp.successor(buf, k);
          if (r + 1n < count) {
            expect(l).toBe(k);
            expect(Array.from(buf.subarray(0, k))).toEqual(Array.from(sp.unrankBig(r + 1n)));
          } else {
            expect(l).toBe(-1);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('large ground sets: C(10^6, 3) and C(10^5, 12) rank and unrank without tables proportional to n', () => {
    for (const [n, k] of [
      [1_000_000, 3],
      [100_000, 12],
      [3_000, 50],
    ] as const) {
      for (const order of ORDERS) {
        const sp = combinations(n, k, { order });
        expect(sp.countBig()).toBe(binomial(n, k));
        const c = sp.countBig();
        for (const r of [0n, 1n, c / 3n, c / 2n + 12345n, c - 2n, c - 1n]) {
          const item = sp.unrankBig(r);
          expect(sp.rankBig(item)).toBe(r);
          if (!sp.isBig) {
            expect(Array.from(sp.unrank(Number(r)))).toEqual(Array.from(item));
            expect(sp.rank(item)).toBe(Number(r));
          }
        }
        // The last item of lex and colex is the k largest elements.
        if (order !== 'revolving-door') {
          expect(Array.from(sp.unrankBig(c - 1n))).toEqual(Array.from({ length: k }, (_, i) => n - k + i));
        }
      }
    }
  });

  it('rejects impossible parameters and non-items with a clear RangeError', () => {
    expect(() => combinations(3, 5)).toThrow(/k = 5 is larger than n = 3/);
    expect(() => combinations(-1, 0)).toThrow(/non-negative integer/);
    expect(() => combinations(4.5, 2)).toThrow(/non-negative integer/);
    expect(() => combinations(5, 2, { order: 'gray' as CombinationOrder })).toThrow(/unknown order 'gray'/);
    const sp = combinations(5, 2);
    expect(() => sp.rank([2, 1])).toThrow(/strictly increasing/);
    expect(() => sp.rank([0, 5])).toThrow(/strictly increasing/);
    expect(() => sp.rank([0])).toThrow(/2 elements/);
    expect(() => sp.unrank(10)).toThrow(/\[0, 10\)/);
    expect(() => sp.unrank(-1)).toThrow(/out of range/);
    expect(() => sp.unrank(1.5)).toThrow(/out of range/);
    expect(() => sp.forEach(() => {}, { start: 3, end: 11 })).toThrow(/not inside/);
    expect(() => combinations(5, 2).forEachDelta(() => {})).toThrow(/revolving-door/);
  });

  it('spaceFromSpec rebuilds the same space', () => {
    for (const order of ORDERS) {
      const sp = combinations(9, 4, { order });
      const again = spaceFromSpec(JSON.parse(JSON.stringify(sp.spec)));
      expect([...again]).toEqual([...sp]);
    }
    expect(() => spaceFromSpec({ kind: 'nope' })).toThrow(/unknown space kind/);
  });

  it('regression checksums of the research note (§3 item 6): sums of all elements', () => {
    const sum = (n: number, k: number, order: CombinationOrder): number => {
      let s = 0;
      combinations(n, k, { order }).forEach((c) => {
        for (let i = 0; i < c.length; i++) s += c[i] as number;
      });
      return s;
    };
    // Independent closed form: each element appears in C(n−1, k−1) combinations, so the total is
    // C(n−1,k−1)·n(n−1)/2.
    for (const order of ORDERS) {
      expect(sum(200, 3, order)).toBe(392_049_900);
      expect(binomialNumber(199, 2) * ((200 * 199) / 2)).toBe(392_049_900);
      expect(sum(30, 8, order)).toBe(678_939_300);
    }
  });
});

describe('forEachPruned: prefix-closed pruning', () => {
  it('visits exactly the items whose every prefix is accepted, in lex order, and never extends a rejected prefix', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 0, max: 60 }),
        (n, kk, bound) => {
          const k = kk % (n + 1);
          // Prefix-closed: the sum of chosen elements at most `bound` (sums only grow).
          const ok = (p: ArrayLike<number>): boolean => Array.from(p).reduce((a, b) => a + b, 0) <= bound;
          const got: number[][] = [];
          const offered: number[][] = [];
          combinations(n, k).forEachPruned(
            (p) => {
              offered.push(Array.from(p));
              return ok(p);
            },
            (c) => void got.push(Array.from(c)),
          );
          const want = allSubsets(n, k)
            .filter((c) => ok(c))
            .sort(lexCmp);
          expect(got).toEqual(want);
          // No offered prefix has a rejected proper prefix.
          for (const p of offered) for (let l = 1; l < p.length; l++) expect(ok(p.slice(0, l))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
