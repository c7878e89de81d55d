/**
 * @module pruned-permutations
 * Depth-first enumeration of k-permutations (ordered tuples of distinct elements of {0, …, n−1})
 * with a prefix-closed predicate: a rejected prefix is never extended, so none of the tuples that
 * start with it is generated. This is the pruning of He & Little (arXiv:2507.03980, "a recursive
 * structure compatible with pruning"; research note combgen.md §2.6) applied to K-permutations, the
 * objects that proper decision trees correspond to (arXiv:2503.01455): an exact tree search rejects
 * a partial sequence of splitting rules (depth, leaf size, feasibility, a bound against the
 * incumbent) and skips every tree that extends it.
 *
 * Order: lexicographic (itertools.permutations order) restricted to the accepted tuples, all sizes
 * in [kMin, kMax] interleaved depth-first (a tuple right after its accepted prefix). Memory O(n).
 */
import { assertKofN, assertNatural } from './_validate.js';
import type { PrefixPredicate } from './combinations.js';
import type { Visitor } from './space.js';

/**
 * Visits the k-permutations of {0, …, n−1}, kMin ≤ k ≤ kMax, whose every prefix `accept` accepts.
 * `accept(prefix)` sees each candidate prefix once, when its last element is appended (the prefix
 * view is reused: copy it to keep it). Return false from `visit` to stop.
 * @returns the number of tuples visited
 * @throws RangeError unless 0 ≤ kMin ≤ kMax ≤ n
 * @example
 * // ordered pairs (a, b) of 0..4 with a < 2: accept rejects [2], [3], [4] and skips their pairs
 * forEachPrunedPermutation(5, 2, 2, (p) => p[0] < 2, (t) => { … }) //=> 8
 */
export function forEachPrunedPermutation(
  n: number,
  kMin: number,
  kMax: number,
  accept: PrefixPredicate,
  visit: Visitor,
): number {
  assertNatural('kMin', kMin);
  assertKofN(n, kMax, 'kMax');
  if (kMin > kMax) throw new RangeError(`kMin = ${kMin} is larger than kMax = ${kMax}; choose kMin ≤ kMax`);
  const c = new Int32Array(Math.max(1, kMax));
  const used = new Uint8Array(n);
  const views: Int32Array[] = [];
  for (let w = 0; w <= kMax; w++) views.push(c.subarray(0, w));
  let visited = 0;
  if (kMin === 0) {
    visited++;
    if (visit(views[0] as Int32Array) === false) return visited;
  }
  if (kMax === 0 || n === 0) return visited;
  // c[depth−1] is the element tried at that depth; used[] marks the elements of the prefix before it.
  let depth = 1;
  c[0] = -1;
  for (;;) {
    const d1 = depth - 1;
    let x = (c[d1] as number) + 1;
    while (x < n && used[x] === 1) x++;
    if (x >= n) {
      depth--;
      if (depth === 0) return visited;
      used[c[depth - 1] as number] = 0;
      continue;
    }
    c[d1] = x;
    const v = views[depth] as Int32Array;
    if (!accept(v)) continue;
    if (depth >= kMin) {
      visited++;
      if (visit(v) === false) return visited;
    }
    if (depth < kMax) {
      used[x] = 1;
      depth++;
      c[depth - 1] = -1;
    }
  }
}
