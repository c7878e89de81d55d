import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomial } from '../src/binomial.js';
import {
  type ConvolutionBlock,
  convolutionBlocks,
  convolutionSpace,
  type SplitTree,
  splitTree,
  writeBlock,
} from '../src/convolution.js';

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
const lexCmp = (a: number[], b: number[]): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
};
const colexCmp = (a: number[], b: number[]): number => {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
};

/**
 * The definition of the order, on plain lists: a leaf of size s over [base, base+s) lists its
 * i-subsets in colex order; an internal node lists, for j = 0, 1, … (elements from the right part),
 * for each v of the right part's j-list, for each u of the left part's (i−j)-list, u ++ v.
 */
function reference(tree: SplitTree, base: number, i: number): number[][] {
  if (typeof tree === 'number') {
    return allSubsets(tree, i)
      .sort(colexCmp)
      .map((c) => c.map((x) => x + base));
  }
  const size = (t: SplitTree): number => (typeof t === 'number' ? t : size(t[0]) + size(t[1]));
  const a = size(tree[0]);
  const out: number[][] = [];
  for (let j = 0; j <= i; j++) {
    const A = reference(tree[0], base, i - j);
    const B = reference(tree[1], base + a, j);
    for (const v of B) for (const u of A) out.push([...u, ...v]);
  }
  return out;
}

/** A random split tree over n elements (leaves of size 0..3 allowed). */
function randomTree(n: number, rnd: () => number): SplitTree {
  if (n <= 3 && rnd() < 0.4) return n;
  if (n <= 1 && rnd() < 0.8) return n;
  const a = Math.floor(rnd() * (n + 1));
  return [randomTree(a, rnd), randomTree(n - a, rnd)];
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function collect(space: { forEach(v: (x: Int32Array) => unknown): number }): number[][] {
  const out: number[][] = [];
  space.forEach((x) => {
    out.push(Array.from(x));
  });
  return out;
}

describe('convolutionSpace order', () => {
  it('reproduces the research note example verbatim (n = 6, k = 2, split {0,1,2}|{3,4,5})', () => {
    // combgen.md §2.4: `01 02 12 | 03 13 23 04 14 24 05 15 25 | 34 35 45`.
    const s = convolutionSpace(6, 2);
    expect(
      collect(s)
        .map((c) => c.join(''))
        .join(' '),
    ).toBe('01 02 12 03 13 23 04 14 24 05 15 25 34 35 45');
    expect([...convolutionSpace(6, 2, { tree: [3, 3] }).arrays()]).toEqual(collect(s));
  });

  it('matches the list definition for named shapes, leaf sizes and explicit trees', () => {
    for (let n = 0; n <= 8; n++) {
      for (let k = 0; k <= n; k++) {
        for (const shape of ['balanced', 'snoc', 'cons'] as const) {
          for (const leafSize of [1, 2, 3]) {
            const s = convolutionSpace(n, k, { tree: shape, leafSize });
            expect(collect(s)).toEqual(reference(splitTree(shape, n, leafSize), 0, k));
          }
        }
      }
    }
  });

  it('matches the list definition for random split trees (including empty leaves)', () => {
    const rnd = lcg(7);
    for (let trial = 0; trial < 120; trial++) {
      const n = Math.floor(rnd() * 9);
      const k = Math.floor(rnd() * (n + 1));
      const tree = randomTree(n, rnd);
      const s = convolutionSpace(n, k, { tree });
      expect(collect(s)).toEqual(reference(tree, 0, k));
    }
  });

  it('repeated snoc (split at s−1) is colex, repeated cons (split at 1) is lex', () => {
    const snocTree = (n: number): SplitTree => {
      let t: SplitTree = Math.min(n, 1);
      for (let s = 2; s <= n; s++) t = [t, 1];
      return t;
    };
    const consTree = (n: number): SplitTree => {
      let t: SplitTree = Math.min(n, 1);
      for (let s = 2; s <= n; s++) t = [1, t];
      return t;
    };
    for (let n = 0; n <= 9; n++) {
      for (let k = 0; k <= n; k++) {
        const colex = allSubsets(n, k).sort(colexCmp);
        const lex = allSubsets(n, k).sort(lexCmp);
        expect(collect(convolutionSpace(n, k, { tree: snocTree(n) }))).toEqual(colex);
        expect(collect(convolutionSpace(n, k, { tree: 'snoc' }))).toEqual(colex);
        expect(collect(convolutionSpace(n, k, { tree: consTree(n) }))).toEqual(lex);
        // A single leaf is colex by definition.
        expect(collect(convolutionSpace(n, k, { tree: n }))).toEqual(colex);
      }
    }
  });

  it('every split tree yields every k-subset exactly once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer(),
        (n, kk, seed) => {
          const k = kk % (n + 1);
          const tree = randomTree(n, lcg(seed));
          const got = collect(convolutionSpace(n, k, { tree }));
          expect(got.length).toBe(Number(binomial(n, k)));
          expect(new Set(got.map((c) => c.join(','))).size).toBe(got.length);
          expect([...got].sort(lexCmp)).toEqual(allSubsets(n, k).sort(lexCmp));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('convolutionSpace contract', () => {
  const cases: [number, number, SplitTree | 'balanced' | 'snoc' | 'cons', number][] = [
    [7, 3, 'balanced', 1],
    [9, 4, 'balanced', 2],
    [8, 3, 'cons', 1],
    [
      8,
      5,
      [
        [2, [1, 0]],
        [3, 2],
      ],
      1,
    ],
    [5, 0, 'balanced', 1],
    [6, 6, 'snoc', 1],
    [0, 0, 'balanced', 1],
  ];

  it('rank/unrank round trip, successor chain, ranges, iterables and blocks agree with forEach', () => {
    for (const [n, k, tree, leafSize] of cases) {
      const s = convolutionSpace(n, k, { tree, leafSize });
      const all = collect(s);
      expect(s.count()).toBe(all.length);
      all.forEach((c, r) => {
        expect(s.rank(c)).toBe(r);
        expect(Array.from(s.unrank(r))).toEqual(c);
        expect(s.rankBig(c)).toBe(BigInt(r));
        expect(Array.from(s.unrankBig(BigInt(r)))).toEqual(c);
      });
      // successor chain from the first item
      if (all.length > 0) {
        const buf = new Int32Array(Math.max(1, k));
        buf.set(all[0] as number[]);
        const chain = [Array.from(buf.subarray(0, k))];
        while (s.successor(buf, k) >= 0) chain.push(Array.from(buf.subarray(0, k)));
        expect(chain).toEqual(all);
      }
      // ranges = slices
      for (let a = 0; a <= all.length; a += 3) {
        for (let b = a; b <= all.length; b += 5) {
          const got: number[][] = [];
          s.forEach((x) => void got.push(Array.from(x)), { start: a, end: b });
          expect(got).toEqual(all.slice(a, b));
          expect([...s.arrays({ start: BigInt(a), end: BigInt(b) })]).toEqual(all.slice(a, b));
        }
      }
      expect([...s]).toEqual(all);
      expect([...s.views()].length).toBe(all.length);
      // blocks under several caps (tiny caps force streaming and many flushes)
      for (const maxBytes of [4, 40, 200, 4096, 1 << 20]) {
        const rows: number[][] = [];
        const total = s.forEachBlock(
          (b) => {
            expect(b.width).toBe(k);
            for (let r = 0; r < b.rows; r++) rows.push(b.columns.map((c) => c[r] as number));
          },
          { maxBytes },
        );
        expect(total).toBe(all.length);
        expect(rows).toEqual(all);
      }
    }
  });

  it('long runs (the block-backed visitor kernel) match the definition, from any start, and stop early', () => {
    const rnd = lcg(11);
    const trees: [number, number, SplitTree][] = [
      [14, 6, splitTree('balanced', 14)],
      [16, 5, splitTree('cons', 16)],
      [15, 7, randomTree(15, rnd)],
      [17, 5, randomTree(17, rnd)],
    ];
    for (const [n, k, tree] of trees) {
      const s = convolutionSpace(n, k, { tree });
      const all = reference(tree, 0, k);
      expect(collect(s)).toEqual(all);
      for (const [a, b] of [
        [1, all.length],
        [333, all.length - 17],
        [all.length - 2100, all.length],
      ] as const) {
        const got: number[][] = [];
        expect(s.forEach((x) => void got.push(Array.from(x)), { start: a, end: b })).toBe(b - a);
        expect(got).toEqual(all.slice(a, b));
      }
      let seen = 0;
      const stopAt = (): boolean => ++seen < 2500;
      expect(s.forEach(stopAt, { start: 5 })).toBe(2500);
    }
  });

  it('forEachBlock and forEach stop early', () => {
    const s = convolutionSpace(12, 4);
    let blocks = 0;
    const seen = s.forEachBlock(
      () => {
        blocks++;
        return blocks < 3;
      },
      { maxBytes: 400 },
    );
    expect(blocks).toBe(3);
    expect(seen).toBe(3 * 12); // output columns get half of maxBytes: ⌊200 / (4·4)⌋ = 12 rows per block
    let count = 0;
    const firstTen = (): boolean => ++count < 10;
    expect(s.forEach(firstTen)).toBe(10);
    expect(count).toBe(10);
  });

  it('is exact for bigint sizes (C(100, 50))', () => {
    const s = convolutionSpace(100, 50);
    expect(s.isBig).toBe(true);
    expect(s.countBig()).toBe(100891344545564193334812497256n);
    expect(() => s.count()).toThrow(RangeError);
    const N = s.countBig();
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: N - 2n }), (r) => {
        const c = s.unrankBig(r);
        expect(s.rankBig(c)).toBe(r);
        const buf = Int32Array.from(c);
        expect(s.successor(buf, 50)).toBe(50);
        expect(s.rankBig(buf)).toBe(r + 1n);
      }),
      { numRuns: 60 },
    );
    // first and last items: the 50 smallest and the 50 largest elements
    expect(Array.from(s.unrankBig(0n))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(s.unrankBig(N - 1n))).toEqual(Array.from({ length: 50 }, (_, i) => 50 + i));
    expect(s.successor(Int32Array.from(s.unrankBig(N - 1n)), 50)).toBe(-1);
    // a bigint range near the end, against unrank
    const got: bigint[] = [];
    s.forEach((x) => void got.push(s.rankBig(x)), { start: N - 7n, end: N });
    expect(got).toEqual([...Array(7).keys()].map((i) => N - 7n + BigInt(i)));
  });

  it('spec rebuilds the same space', () => {
    const s = convolutionSpace(9, 3, {
      tree: [
        [4, 1],
        [2, 2],
      ],
    });
    const t = convolutionSpace(s.spec.n, s.spec.k, { tree: s.spec.tree, leafSize: s.spec.leafSize });
    expect(collect(t)).toEqual(collect(s));
    expect(JSON.parse(JSON.stringify(s.spec))).toEqual(s.spec);
    expect(convolutionSpace(9, 3).spec).toEqual({
      kind: 'convolution',
      n: 9,
      k: 3,
      tree: 'balanced',
      leafSize: 1,
    });
  });

  it('rejects bad parameters and non-items', () => {
    expect(() => convolutionSpace(3, 4)).toThrow(RangeError);
    expect(() => convolutionSpace(5, 2, { tree: [2, 2] })).toThrow(/covers 4/);
    expect(() => convolutionSpace(5, 2, { tree: [2, [1]] as unknown as SplitTree })).toThrow(RangeError);
    expect(() => convolutionSpace(5, 2, { tree: 'zigzag' as 'snoc' })).toThrow(/unknown split shape/);
    expect(() => convolutionSpace(5, 2, { leafSize: 0 })).toThrow(RangeError);
    const s = convolutionSpace(5, 2);
    expect(() => s.rank([2, 1])).toThrow(RangeError);
    expect(() => s.rank([1, 5])).toThrow(RangeError);
    expect(() => s.rank([1])).toThrow(RangeError);
    expect(() => s.unrank(10)).toThrow(RangeError);
    expect(() => convolutionBlocks(5, 2, 6)).toThrow(RangeError);
  });
});

describe('convolution blocks', () => {
  it('offsets are prefix sums, sizes follow Vandermonde, the blocks tile the order', () => {
    for (let n = 0; n <= 9; n++) {
      for (let k = 0; k <= n; k++) {
        for (let split = 0; split <= n; split++) {
          const blocks = convolutionBlocks(n, k, split);
          const all = collect(convolutionSpace(n, k, { tree: [split, n - split] }));
          let off = 0n;
          for (const b of blocks) {
            expect(b.offsetBig).toBe(off);
            expect(b.offset).toBe(Number(off));
            expect(b.leftSize + b.rightSize).toBe(k);
            expect(b.countBig).toBe(binomial(split, b.leftSize) * binomial(n - split, b.rightSize));
            expect(b.countBig > 0n).toBe(true);
            // every item of the block has leftSize elements below split
            for (const c of all.slice(b.offset, b.offset + b.count)) {
              expect(c.filter((x) => x < split).length).toBe(b.leftSize);
            }
            off += b.countBig;
          }
          expect(off).toBe(binomial(n, k)); // Vandermonde: Σ_j C(split, k−j)·C(n−split, j) = C(n, k)
          expect([...all].sort(lexCmp)).toEqual(allSubsets(n, k).sort(lexCmp));
          // block order: rightSize increasing
          expect(blocks.map((b) => b.rightSize)).toEqual(
            [...blocks.map((b) => b.rightSize)].sort((x, y) => x - y),
          );
        }
      }
    }
  });

  it('the n = 6, k = 2, split 3 blocks', () => {
    expect(convolutionBlocks(6, 2, 3).map((b) => [b.leftSize, b.rightSize, b.offset, b.count])).toEqual([
      [2, 0, 0, 3],
      [1, 1, 3, 9],
      [0, 2, 12, 3],
    ]);
  });

  it('writeBlock fills disjoint slices of shared columns, in any order, equal to forEach', () => {
    for (const [n, k, split] of [
      [10, 4, 5],
      [9, 3, 2],
      [8, 8, 4],
      [7, 0, 3],
      [12, 5, 0],
    ] as const) {
      const blocks = convolutionBlocks(n, k, split);
      const total = Number(binomial(n, k));
      const cols = Array.from({ length: k }, () => new Int32Array(new SharedArrayBuffer(4 * total)).fill(-1));
      for (const b of [...blocks].reverse()) expect(writeBlock(b, cols, b.offset)).toBe(b.count);
      const all = collect(convolutionSpace(n, k, { tree: [split, n - split] }));
      const rows = Array.from({ length: total }, (_, r) => cols.map((c) => c[r] as number));
      expect(rows).toEqual(all);
    }
  });

  it('writeBlock slices (worker-sized ranges inside a block) and writeRows ranges', () => {
    const s = convolutionSpace(11, 4);
    const all = collect(s);
    for (const b of s.blocks()) {
      const cols = Array.from({ length: 4 }, () => new Int32Array(b.count + 3));
      // three workers, uneven cuts, small memory cap so the writer streams and materialises
      const cuts = [0, Math.floor(b.count / 3), Math.floor((2 * b.count) / 3) + 1, b.count].map((x) =>
        Math.min(x, b.count),
      );
      for (let w = 0; w < 3; w++) {
        const start = cuts[w] as number;
        const end = Math.max(start, cuts[w + 1] as number);
        expect(s.writeBlock(b, cols, 3 + start, { start, end }, { maxBytes: 256 })).toBe(end - start);
      }
      const rows = Array.from({ length: b.count }, (_, r) => cols.map((c) => c[3 + r] as number));
      expect(rows).toEqual(all.slice(b.offset, b.offset + b.count));
    }
    fc.assert(
      fc.property(
        fc.nat(all.length),
        fc.nat(all.length),
        fc.integer({ min: 16, max: 1 << 16 }),
        (x, y, maxBytes) => {
          const [a, b] = x <= y ? [x, y] : [y, x];
          const cols = Array.from({ length: 4 }, () => new Int32Array(b - a));
          expect(s.writeRows(cols, 0, { start: a, end: b }, { maxBytes })).toBe(b - a);
          const rows = Array.from({ length: b - a }, (_, r) => cols.map((c) => c[r] as number));
          expect(rows).toEqual(all.slice(a, b));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('blocks of a balanced space, and bigint offsets', () => {
    const s = convolutionSpace(100, 50);
    const blocks = s.blocks();
    expect(blocks.reduce((t, b) => t + b.countBig, 0n)).toBe(s.countBig());
    const mid = blocks.find((b) => b.leftSize === 25) as ConvolutionBlock;
    expect(mid.countBig).toBe(binomial(50, 25) ** 2n);
    expect(mid.offset).toBe(Number.POSITIVE_INFINITY);
    expect(blocks[0]?.count).toBe(1); // C(50,50)·C(50,0)
    // a worker's slice deep inside a bigint-sized block
    const cols = Array.from({ length: 50 }, () => new Int32Array(5));
    const start = mid.countBig / 2n;
    s.writeBlock(mid, cols, 0, { start, end: start + 5n });
    for (let r = 0; r < 5; r++) {
      const item = cols.map((c) => c[r] as number);
      expect(s.rankBig(item)).toBe(mid.offsetBig + start + BigInt(r));
    }
  });

  it('rejects foreign blocks and short columns', () => {
    const b = convolutionBlocks(6, 2, 3)[1] as ConvolutionBlock;
    expect(() =>
      convolutionSpace(6, 2, { tree: [2, 4] }).writeBlock(b, [new Int32Array(9), new Int32Array(9)], 0),
    ).toThrow(/does not belong/);
    expect(() => writeBlock(b, [new Int32Array(9)], 0)).toThrow(/columns/);
    expect(() => writeBlock(b, [new Int32Array(9), new Int32Array(8)], 0)).toThrow(/too short/);
    expect(() => writeBlock(b, [new Int32Array(9), new Int32Array(9)], 0, { start: 0, end: 10 })).toThrow(
      RangeError,
    );
  });
});
