/**
 * @module parallel/split
 * Exact rank-range splitting: cuts the ranks [0, count) of any space into contiguous, balanced
 * intervals, the "rank-range split" of the parallel scheme (research note combgen.md §2.5, item 2;
 * He & Little, arXiv:2507.03980, communication-free parallel execution). Each worker unranks its
 * interval's first item once, then steps with the successor kernel, so no worker talks to another
 * and the concatenation of the workers' outputs in interval order is the sequential order.
 *
 * Balance: with count = q·parts + r (0 ≤ r < parts), the first r intervals hold q + 1 ranks and the
 * rest q, so sizes differ by at most one. Arithmetic is exact in `bigint`; `number` counts are only
 * accepted when they are safe integers, so every boundary is exact too.
 */
import type { Space } from '../space.js';

/** A half-open rank interval `[start, end)` with both ends present, in `number` or `bigint`. */
export interface ExactRange<T extends number | bigint = number | bigint> {
  readonly start: T;
  readonly end: T;
}

function assertParts(parts: number): void {
  if (!Number.isSafeInteger(parts) || parts < 1) {
    throw new RangeError(`parts must be a positive integer, got ${String(parts)}`);
  }
}

/**
 * Splits the ranks `[0, count)` into `parts` contiguous intervals whose sizes differ by at most
 * one, larger ones first. Exactly `parts` intervals are returned; when `parts > count` the last
 * ones are empty. The type of the bounds follows the type of `count`.
 * @param count number of ranks: a safe non-negative integer `number`, or any non-negative `bigint`
 * @param parts number of intervals (a positive integer)
 * @returns intervals in rank order: the first starts at 0, each starts where the previous ends, the
 * last ends at `count`
 * @throws RangeError when `count` is negative or not a safe integer, or `parts` is not a positive
 * integer
 * @example splitRanks(10, 3) //=> [{start: 0, end: 4}, {start: 4, end: 7}, {start: 7, end: 10}]
 * @example splitRanks(10n ** 30n, 2)[1].start //=> 500000000000000000000000000000n
 */
export function splitRanks(count: number, parts: number): ExactRange<number>[];
export function splitRanks(count: bigint, parts: number): ExactRange<bigint>[];
export function splitRanks(
  count: number | bigint,
  parts: number,
): ExactRange<number>[] | ExactRange<bigint>[];
export function splitRanks(
  count: number | bigint,
  parts: number,
): ExactRange<number>[] | ExactRange<bigint>[] {
  assertParts(parts);
  if (typeof count === 'bigint') {
    if (count < 0n) throw new RangeError(`count must be non-negative, got ${count}`);
    const p = BigInt(parts);
    const q = count / p;
    const r = count % p;
    const out: ExactRange<bigint>[] = [];
    let start = 0n;
    for (let i = 0n; i < p; i++) {
      const end = start + q + (i < r ? 1n : 0n);
      out.push({ start, end });
      start = end;
    }
    return out;
  }
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(
      `count must be a non-negative safe integer, got ${String(count)} (pass a bigint for larger counts)`,
    );
  }
  const q = Math.floor(count / parts);
  const r = count - q * parts;
  const out: ExactRange<number>[] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const end = start + q + (i < r ? 1 : 0);
    out.push({ start, end });
    start = end;
  }
  return out;
}

/**
 * Splits a space's ranks into `parts` balanced contiguous intervals (see {@link splitRanks}):
 * `number` bounds when the space fits in doubles, `bigint` bounds when `space.isBig`. Each interval
 * can be passed as the range of `forEach`, `views` or `arrays`.
 * @param space any space of this package
 * @param parts number of intervals (a positive integer)
 * @returns `parts` intervals covering `[0, space.countBig())` in order
 * @throws RangeError when `parts` is not a positive integer
 * @example
 * for (const range of splitSpace(combinations(30, 8), 4)) combinations(30, 8).forEach(visit, range);
 */
export function splitSpace(space: Space, parts: number): ExactRange<number>[] | ExactRange<bigint>[] {
  return space.isBig ? splitRanks(space.countBig(), parts) : splitRanks(space.count(), parts);
}
