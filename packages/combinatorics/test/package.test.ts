/**
 * Smoke test of the BUILT package, imported by its name as a user would (`exports` → dist), plus
 * type-level checks that the number/bigint switch is explicit in the types.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { HeapPermutations, Space } from '../src/index.js';
import { combinations, permutations } from '../src/index.js';

describe('@floret/combinatorics as installed', () => {
  it('resolves the root and ./parallel subpaths to dist and works end to end', async () => {
    const lib = await import('@floret/combinatorics');
    const par = await import('@floret/combinatorics/parallel');
    expect(fileURLToPath(import.meta.resolve('@floret/combinatorics'))).toMatch(/dist[\\/]index\.js$/);
    const space = lib.combinations(12, 4, { order: 'revolving-door' });
    const task = new URL('./fixtures/checksum.mjs', import.meta.url);
    const one = await par.reduceRanges({ space, task, chunks: 5 });
    const many = await par.parallelReduce({ space, task, chunks: 5, workers: 2 });
    expect(many.results).toEqual(one.results);
    expect(many.items).toBe(495n);
  });

  it('types: number methods return number, Big methods bigint; orders pick their class', () => {
    const s: Space = combinations(10, 3);
    expectTypeOf(s.count()).toEqualTypeOf<number>();
    expectTypeOf(s.countBig()).toEqualTypeOf<bigint>();
    expectTypeOf(s.rank([0, 1, 2])).toEqualTypeOf<number>();
    expectTypeOf(s.rankBig([0, 1, 2])).toEqualTypeOf<bigint>();
    expectTypeOf(s.unrankBig).parameter(0).toEqualTypeOf<bigint>();
    expectTypeOf(permutations(5, { order: 'heap' })).toEqualTypeOf<HeapPermutations>();
    expect(s.count()).toBe(120);
  });
});
