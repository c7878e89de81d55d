/**
 * @module _validate
 * Boundary checks with exact messages. Generators validate their parameters once, at
 * construction, so the hot loops need no checks.
 */

/** Largest n accepted by the generators: items are stored in Int32Array. */
export const MAX_N = 2 ** 31 - 1;

/** @throws RangeError unless `v` is an integer ≥ 0 (and ≤ MAX_N). */
export function assertNatural(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(v)}`);
  }
  if (v > MAX_N) throw new RangeError(`${name} = ${v} is too large (at most 2^31 − 1)`);
}

/** @throws RangeError unless 0 ≤ k ≤ n. */
export function assertKofN(n: number, k: number, what = 'k'): void {
  assertNatural('n', n);
  assertNatural(what, k);
  if (k > n) throw new RangeError(`${what} = ${k} is larger than n = ${n}; choose ${what} ≤ n`);
}

/**
 * Converts a rank to a safe integer number, checking `0 ≤ r < count`.
 * @throws RangeError naming the valid interval
 */
export function checkRank(r: number, count: number): void {
  if (!Number.isInteger(r) || r < 0 || r >= count) {
    throw new RangeError(`rank ${String(r)} is out of range: it must be an integer in [0, ${count})`);
  }
}

/** @throws RangeError unless `0 ≤ r < count` (bigint). */
export function checkRankBig(r: bigint, count: bigint): void {
  if (typeof r !== 'bigint' || r < 0n || r >= count) {
    throw new RangeError(`rank ${String(r)} is out of range: it must be in [0, ${count})`);
  }
}

/** @throws RangeError when the space is too large for `number` ranks. */
export function assertSmall(isBig: boolean, what: string, count: () => bigint): void {
  if (isBig) {
    throw new RangeError(
      `${what}: the space has ${count()} items, more than 2^53 − 1; use the bigint method (${what}Big)`,
    );
  }
}

/** @throws RangeError unless `item` is a strictly increasing k-tuple of integers in [0, n) */
export function assertCombination(item: ArrayLike<number>, n: number, k: number): void {
  if (item.length !== k) {
    throw new RangeError(`expected a combination of ${k} elements, got ${item.length}`);
  }
  let prev = -1;
  for (let i = 0; i < k; i++) {
    const v = item[i] as number;
    if (!Number.isInteger(v) || v <= prev || v >= n) {
      throw new RangeError(
        `not a ${k}-combination of 0..${n - 1}: elements must be strictly increasing integers in [0, ${n})`,
      );
    }
    prev = v;
  }
}
