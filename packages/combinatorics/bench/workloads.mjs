/**
 * @module bench/workloads
 * The workloads of the side-by-side benchmark and, for each, which implementations run it: ours
 * (`floret`, the built `@floret/combinatorics`), the npm peers (js-combinatorics 2.1.4,
 * combinatorial-generators 1.1.2), CPython's itertools and the C reference generators of
 * `peers/lex.c` (Knuth TAOCP 7.2.1.3 Algorithms L and R, Heap's method, lex k-permutations).
 *
 * Every implementation of a workload runs the same consumer (the sum of each item's elements; the
 * first element for full permutations), so their checksums must agree; `reference.mjs` computes the
 * expected value independently. Targets are the performance goals P1–P9 of the research note
 * (/work/shared/research/combgen.md §5.2).
 */

/**
 * @typedef {object} Impl
 * @property {string} id        implementation id (`case.mjs` dispatches on it)
 * @property {'node'|'python'|'c'} runner  how the child process is started
 * @property {string} label     what the table shows
 * @property {string} [algo]    C algorithm (`lex`, `colex`, `revdoor`, `heap`, `kperm`)
 * @property {number} [cap]     items (or calls) timed per pass, for slow peers; default all
 * @property {number} [rounds]  at most this many rounds (slow peers)
 */

/**
 * @typedef {object} Workload
 * @property {string} id
 * @property {string} title
 * @property {'comb'|'block'|'delta'|'upto'|'iter'|'unrank'|'perm'|'kperm'} kind
 * @property {number} n
 * @property {number} k          size (for `upto`: the largest size; the smallest is 0)
 * @property {string} order      our order ('lex', 'colex', 'revolving-door', 'heap')
 * @property {'rate'|'latency'} metric   M items/s (higher is better) or µs per call (lower)
 * @property {number} [calls]    unrank: calls per pass of ours
 * @property {string} ref        id of the C implementation that is "the practical limit" (or '')
 * @property {{ value: number, text: string }} [target]  our goal (M/s, or µs for latency)
 * @property {{ impl: string, ratio: number }[]} [ratioTargets]  ours ÷ peer goals
 * @property {number} [refShare]  goal for ours as a share of the C reference (0..1)
 * @property {string[]} [notes]  remarks printed under the table
 * @property {Impl[]} impls
 */

const ours = (label) => ({ id: 'floret', runner: 'node', label });
const jsc = { id: 'js-combinatorics', runner: 'node', label: 'js-combinatorics 2.1.4, default iterator' };
const jscBitwise = {
  id: 'js-combinatorics-bitwise',
  runner: 'node',
  label: 'js-combinatorics 2.1.4, bitwiseIterator() (first 300,000)',
  cap: 300_000,
  rounds: 3,
};
/** js-combinatorics 2.1.2, whose default iterator unranks every item with BigInt (issue #75). */
const jsc212 = {
  id: 'js-combinatorics-2.1.2',
  runner: 'node',
  label: 'js-combinatorics 2.1.2, default iterator (first 300,000)',
  cap: 300_000,
  rounds: 3,
};
const cg = { id: 'combinatorial-generators', runner: 'node', label: 'combinatorial-generators 1.1.2' };
const py = (label = 'CPython itertools.combinations') => ({ id: 'itertools', runner: 'python', label });
const c = (algo, label) => ({ id: `c-${algo}`, runner: 'c', algo, label });
const cLex = c('lex', 'C -O2 lex (Algorithm L style)');
const cColex = c('colex', 'C -O2 colex (Knuth Algorithm L)');

/** @type {Workload[]} */
export const WORKLOADS = [
  {
    id: 'visitor-30-8',
    title: 'forEach visitor, lex, C(30,8), sum of elements',
    kind: 'comb',
    n: 30,
    k: 8,
    order: 'lex',
    metric: 'rate',
    ref: 'c-lex',
    target: { value: 60, text: '≥ 60 M/s' },
    ratioTargets: [
      { impl: 'js-combinatorics-2.1.2', ratio: 1500 },
      { impl: 'combinatorial-generators', ratio: 3 },
    ],
    refShare: 0.25,
    notes: [
      'js-combinatorics 2.1.4 (the current release) iterates Combination with an O(k) lexicographic successor; the ≥ 1,500× goal was set against 2.1.2 (0.02–0.04 M/s in the research note), whose iterator unranks every item with BigInt (its Permutation iterator still does in 2.1.4). Both are measured.',
    ],
    impls: [ours('floret combinations(30, 8).forEach'), jsc212, jsc, jscBitwise, cg, py(), cLex],
  },
  {
    id: 'visitor-200-3',
    title: 'forEach visitor, lex, C(200,3), sum of elements',
    kind: 'comb',
    n: 200,
    k: 3,
    order: 'lex',
    metric: 'rate',
    ref: 'c-lex',
    target: { value: 80, text: '≥ 80 M/s' },
    impls: [ours('floret combinations(200, 3).forEach'), jsc, jscBitwise, cg, py(), cLex],
  },
  {
    id: 'visitor-100-4',
    title: 'forEach visitor, lex, C(100,4), sum of elements',
    kind: 'comb',
    n: 100,
    k: 4,
    order: 'lex',
    metric: 'rate',
    ref: 'c-lex',
    target: { value: 80, text: '≥ 80 M/s' },
    impls: [ours('floret combinations(100, 4).forEach'), jsc, jscBitwise, cg, py(), cLex],
  },
  {
    id: 'colex-30-8',
    title: 'forEach visitor, colex, C(30,8), sum of elements',
    kind: 'comb',
    n: 30,
    k: 8,
    order: 'colex',
    metric: 'rate',
    ref: 'c-colex',
    target: { value: 60, text: '≥ 60 M/s (as P1)' },
    impls: [
      ours("floret combinations(30, 8, { order: 'colex' }).forEach"),
      { ...jscBitwise, label: 'js-combinatorics 2.1.4, bitwiseIterator() (colex; first 300,000)' },
      cColex,
    ],
  },
  {
    id: 'block-100-4',
    title: 'forEachBlock (SoA columns), colex, C(100,4), sum of elements',
    kind: 'block',
    n: 100,
    k: 4,
    order: 'colex',
    metric: 'rate',
    ref: 'c-lex',
    target: { value: 100, text: '≥ 100 M/s' },
    refShare: 0.4,
    impls: [
      ours("floret combinations(100, 4, { order: 'colex' }).forEachBlock"),
      { id: 'floret-visitor', runner: 'node', label: 'floret colex forEach (for contrast)' },
      cg,
      py(),
      cLex,
      cColex,
    ],
  },
  {
    id: 'block-200-3',
    title: 'forEachBlock (SoA columns), colex, C(200,3), sum of elements',
    kind: 'block',
    n: 200,
    k: 3,
    order: 'colex',
    metric: 'rate',
    ref: 'c-lex',
    target: { value: 100, text: '≥ 100 M/s' },
    refShare: 0.4,
    impls: [
      ours("floret combinations(200, 3, { order: 'colex' }).forEachBlock"),
      { id: 'floret-visitor', runner: 'node', label: 'floret colex forEach (for contrast)' },
      cg,
      py(),
      cLex,
      cColex,
    ],
  },
  {
    id: 'block-30-8',
    title: 'forEachBlock (SoA columns), colex, C(30,8), sum of elements',
    kind: 'block',
    n: 30,
    k: 8,
    order: 'colex',
    metric: 'rate',
    ref: 'c-lex',
    target: { value: 40, text: '≥ 40 M/s (P4)' },
    impls: [
      ours("floret combinations(30, 8, { order: 'colex' }).forEachBlock"),
      { id: 'floret-visitor', runner: 'node', label: 'floret colex forEach (for contrast)' },
      cg,
      py(),
      cLex,
      cColex,
    ],
  },
  {
    id: 'revdoor-200-3',
    title: 'revolving door with (out, in) deltas, C(200,3); running sum cur += in − out, checksum Σ cur',
    kind: 'delta',
    n: 200,
    k: 3,
    order: 'revolving-door',
    metric: 'rate',
    ref: 'c-revdoor',
    target: { value: 80, text: '≥ 80 M/s' },
    refShare: 0.25,
    impls: [
      ours("floret combinations(200, 3, { order: 'revolving-door' }).forEachDelta"),
      c('revdoor', 'C -O2 revolving door (Knuth Algorithm R), same delta consumer'),
      { ...cg, label: 'combinatorial-generators 1.1.2 (lex, sums each item)' },
      py('CPython itertools.combinations (lex, sums each item)'),
      { ...cLex, label: 'C -O2 lex (sums each item)' },
    ],
  },
  {
    id: 'upto-60-5',
    title: 'all sizes 0..5 of n = 60 in one pass (5,985,198 items), sum of elements',
    kind: 'upto',
    n: 60,
    k: 5,
    order: 'lex',
    metric: 'rate',
    ref: 'c-lex',
    target: { value: 50, text: '≥ 50 M/s (P6)' },
    impls: [
      ours('floret combinationsUpTo(60, 0, 5).forEach'),
      {
        id: 'floret-stage',
        runner: 'node',
        label: "floret combinationsUpTo(60, 0, 5, { order: 'colex', grouping: 'stage' }).forEach",
      },
      { ...jsc, label: 'js-combinatorics 2.1.4, default iterator, k = 0..5' },
      { ...cg, label: 'combinatorial-generators 1.1.2, k = 0..5' },
      py('CPython itertools.combinations, k = 0..5'),
      { ...cLex, label: 'C -O2 lex, k = 0..5' },
    ],
  },
  {
    id: 'iter-copy-30-8',
    title: 'for…of with a fresh array per item (copy mode), lex, C(30,8), sum of elements',
    kind: 'iter',
    n: 30,
    k: 8,
    order: 'lex',
    metric: 'rate',
    ref: 'c-lex',
    target: { value: 20, text: '≥ 20 M/s (P7)' },
    impls: [
      ours('floret for (const c of combinations(30, 8))'),
      jsc,
      cg,
      py('CPython itertools.combinations (fresh tuples)'),
      { ...cLex, label: 'C -O2 lex (in place, for scale)' },
    ],
  },
  {
    id: 'unrank-100-50',
    title: 'unrank a random bigint rank of C(100,50) (lex), µs per call',
    kind: 'unrank',
    n: 100,
    k: 50,
    order: 'lex',
    metric: 'latency',
    calls: 20_000,
    ref: '',
    target: { value: 20, text: '≤ 20 µs' },
    impls: [
      ours('floret combinations(100, 50).unrankBig(r, out)'),
      { ...jsc, label: 'js-combinatorics 2.1.4 Combination.at(r)', cap: 300, rounds: 3 },
    ],
  },
  {
    id: 'unrank-60-5',
    title: 'unrank a random rank of C(60,5) (lex, number path), µs per call',
    kind: 'unrank',
    n: 60,
    k: 5,
    order: 'lex',
    metric: 'latency',
    calls: 200_000,
    ref: '',
    target: { value: 0.3, text: '≤ 0.3 µs' },
    impls: [
      ours('floret combinations(60, 5).unrank(r, out)'),
      { ...jsc, label: 'js-combinatorics 2.1.4 Combination.at(r)', cap: 20_000, rounds: 3 },
    ],
  },
  {
    id: 'heap-10',
    title: 'all permutations of 10 (10! = 3,628,800), sum of p[0]',
    kind: 'perm',
    n: 10,
    k: 10,
    order: 'heap',
    metric: 'rate',
    ref: 'c-heap',
    target: { value: 130, text: '≥ 130 M/s (P8)' },
    impls: [
      ours("floret permutations(10, { order: 'heap' }).forEach"),
      { ...cg, label: 'combinatorial-generators 1.1.2 permutations (lex)' },
      py('CPython itertools.permutations (lex), sum(map(itemgetter(0), …))'),
      {
        id: 'js-combinatorics',
        runner: 'node',
        // 400,000 > 9! so the prefix checksum (Σ p[0]) is not trivially 0
        label: 'js-combinatorics 2.1.4 Permutation (lex; first 400,000)',
        cap: 400_000,
        rounds: 3,
      },
      c('heap', "C -O2 Heap's method"),
    ],
  },
  {
    id: 'kperm-16-6',
    title: 'k-permutations P(16,6) = 5,765,760, sum of elements',
    kind: 'kperm',
    n: 16,
    k: 6,
    order: 'lex',
    metric: 'rate',
    ref: 'c-kperm',
    target: { value: 30, text: '≥ 30 M/s (P8)' },
    impls: [
      ours('floret kPermutations(16, 6).forEach'),
      { ...cg, label: 'combinatorial-generators 1.1.2 permutations(range(16), 6)' },
      py('CPython itertools.permutations(range(16), 6)'),
      {
        id: 'js-combinatorics',
        runner: 'node',
        label: 'js-combinatorics 2.1.4 Permutation(range16, 6) (first 300,000)',
        cap: 300_000,
        rounds: 3,
      },
      c('kperm', 'C -O2 lex k-permutations (depth-first)'),
    ],
  },
];

/**
 * Looks a workload up by id.
 * @param {string} id
 * @returns {Workload}
 * @throws {RangeError} when there is no such workload
 * @example workload('visitor-30-8').n //=> 30
 */
export function workload(id) {
  const w = WORKLOADS.find((x) => x.id === id);
  if (w === undefined)
    throw new RangeError(`unknown workload '${id}'; known: ${WORKLOADS.map((x) => x.id).join(', ')}`);
  return w;
}
