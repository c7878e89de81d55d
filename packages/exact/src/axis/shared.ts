/**
 * @module axis/shared
 * The incumbent shared by the worker threads of a parallel axis fit (issue 6: "parallel,
 * deterministic"), and the fixed partition of the root's candidate splits into parts.
 *
 * The shared incumbent is a board in a SharedArrayBuffer: one 64-bit slot per part (its position in
 * the fixed queue order) holding the IEEE-754 bits of that part's best cost, written only by that
 * part (`Atomics.store`/`load` on a BigInt64Array: Atomics has no floating-point operations). A part
 * reads the board before each root candidate ({@link boardBudget}): it prunes at an EARLIER part's
 * cost but only strictly above a LATER part's, so the earliest part holding a tree of the optimal
 * cost c* always finds one, whatever the thread timing, and no part before it can. The caller
 * (src/fit.ts) re-solves that part with a fixed budget for the tree it returns.
 */

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

function bits(v: number): bigint {
  f64[0] = v;
  return i64[0] as bigint;
}

function value(b: bigint): number {
  i64[0] = b;
  return f64[0] as number;
}

/**
 * A fresh board of `parts` slots, one per part (its position in the queue order), all +∞.
 * @example readSlot(newBoard(3), 2) //=> Infinity
 */
export function newBoard(parts: number): BigInt64Array {
  const a = new BigInt64Array(new SharedArrayBuffer(8 * Math.max(1, parts)));
  const inf = bits(Number.POSITIVE_INFINITY);
  for (let i = 0; i < a.length; i++) Atomics.store(a, i, inf);
  return a;
}

/**
 * The cost part `i` has published (+∞ if none yet).
 * @example const b = newBoard(2); publishSlot(b, 1, 4); readSlot(b, 1) //=> 4
 */
export function readSlot(a: BigInt64Array, i: number): number {
  return value(Atomics.load(a, i));
}

/**
 * Part `i` publishes the cost of its best tree so far (only ever lowered: one writer per slot).
 * @example const b = newBoard(1); publishSlot(b, 0, 7); readSlot(b, 0) //=> 7
 */
export function publishSlot(a: BigInt64Array, i: number, v: number): void {
  if (v < readSlot(a, i)) Atomics.store(a, i, bits(v));
}

/**
 * Part `self`'s budget from the board (the part seeks trees strictly cheaper than it): an earlier
 * part's cost c counts as c (a tie there is not needed), a later part's as above(c) (a tie must still
 * be found here). So the earliest part that holds an optimal tree always finds one, whatever the
 * timing: every earlier part, and the greedy tree (`budget`), cost more than c*, every later one at
 * least c*.
 * @example const b = newBoard(3); publishSlot(b, 0, 5); publishSlot(b, 2, 4); boardBudget(b, 1, 9) > 4 //=> true
 */
export function boardBudget(a: BigInt64Array, self: number, budget: number): number {
  let b = budget;
  for (let j = 0; j < a.length; j++) {
    if (j === self) continue;
    const c = value(Atomics.load(a, j));
    const v = j < self ? c : above(c);
    if (v < b) b = v;
  }
  return b;
}

/**
 * A budget just above `x`: a search "strictly below above(x)" accepts trees of cost x (and costs
 * within 1e-9·max(1, x) of it, so sums of the same leaf costs in another order still tie).
 * @example above(5) > 5 //=> true
 */
export function above(x: number): number {
  return x + 1e-9 * Math.max(1, Math.abs(x));
}

/** One part of the root's candidate splits: the thresholds after distinct-value ranks [from, to) of a feature. */
export interface RootRange {
  readonly feature: number;
  readonly from: number;
  readonly to: number;
}

/** The number of parts the root is cut into, whatever the number of workers (determinism). */
export const ROOT_PARTS = 64;

/**
 * At least this many thresholds per part: each part evaluates its range's two outer neighbours as
 * well, which on few thresholds costs more than the parallelism gains (spesis, 105 thresholds, at
 * depth 4).
 */
export const MIN_CHUNK = 8;

/**
 * Cuts the root's thresholds (`distinct[f] − 1` per feature) into about {@link ROOT_PARTS}
 * contiguous ranges of equal length (at least {@link MIN_CHUNK}), none across features. A function of the data only, so every
 * worker count sees the same parts (contiguous ranges keep the bisection's neighbour bounds tight).
 * @example rootRanges([5, 3], 64, 1).length //=> 6
 */
export function rootRanges(
  distinct: readonly number[],
  target = ROOT_PARTS,
  minChunk = MIN_CHUNK,
): RootRange[] {
  let total = 0;
  for (const u of distinct) total += Math.max(0, u - 1);
  const chunk = Math.max(minChunk, Math.ceil(total / target));
  const out: RootRange[] = [];
  distinct.forEach((u, feature) => {
    for (let from = 0; from < u - 1; from += chunk)
      out.push({ feature, from, to: Math.min(u - 1, from + chunk) });
  });
  return out;
}
