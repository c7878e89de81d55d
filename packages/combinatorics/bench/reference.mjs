/**
 * @module bench/reference
 * Expected checksums of the benchmark workloads, computed independently of every implementation
 * under test, so that run.mjs can flag a wrong generator instead of timing it.
 *
 * Whole enumerations use closed forms: each element of {0..n−1} lies in C(n−1,k−1) of the
 * C(n,k) k-combinations, so Σ over all combinations of Σ elements = C(n,k)·k·(n−1)/2; likewise
 * P(n,k)·k·(n−1)/2 for k-permutations and n!·(n−1)/2 for Σ p[0] over all permutations (research note
 * combgen.md §3 item 6 lists C(200,3) → 392,049,900, C(100,4) → 776,402,550, C(30,8) → 678,939,300,
 * ≤ 5 of n = 60 → 866,248,620, 10! → 16,329,600). Prefixes (capped slow peers) are enumerated here
 * with deliberately plain generators. Unrank workloads draw their ranks from a fixed pseudo-random
 * sequence shared by all implementations; the reference unranks them with an independent bigint
 * combinatorial-number-system walk and sums Σ (i+1)·c[i] per call.
 */

/**
 * Exact binomial coefficient C(n, k) as a bigint.
 * @param {number} n
 * @param {number} k
 * @returns {bigint}
 * @example binomialBig(5, 2) //=> 10n
 */
export function binomialBig(n, k) {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  const kk = Math.min(k, n - k);
  for (let i = 1; i <= kk; i++) r = (r * BigInt(n - kk + i)) / BigInt(i);
  return r;
}

/** Falling factorial n·(n−1)·…·(n−k+1) as a bigint. */
function fallingBig(n, k) {
  let r = 1n;
  for (let i = 0; i < k; i++) r *= BigInt(n - i);
  return r;
}

/**
 * Number of items of a workload's whole enumeration (for unrank workloads: C(n,k)).
 * @param {import('./workloads.mjs').Workload} w
 * @returns {bigint}
 * @example totalItems({ kind: 'comb', n: 30, k: 8 }) //=> 5852925n
 */
export function totalItems(w) {
  switch (w.kind) {
    case 'perm':
      return fallingBig(w.n, w.n);
    case 'kperm':
      return fallingBig(w.n, w.k);
    case 'upto': {
      let t = 0n;
      for (let j = 0; j <= w.k; j++) t += binomialBig(w.n, j);
      return t;
    }
    default:
      return binomialBig(w.n, w.k);
  }
}

/** Closed-form checksum of a whole enumeration. */
function fullChecksum(w) {
  const half = BigInt(w.n - 1);
  switch (w.kind) {
    case 'perm':
      return (fallingBig(w.n, w.n) * half) / 2n;
    case 'kperm':
      return (fallingBig(w.n, w.k) * BigInt(w.k) * half) / 2n;
    case 'upto': {
      let t = 0n;
      for (let j = 0; j <= w.k; j++) t += binomialBig(w.n, j) * BigInt(j);
      return (t * half) / 2n;
    }
    default:
      // 'comb', 'block', 'iter', and 'delta' (Σ of the running sum = Σ of every item's sum)
      return (binomialBig(w.n, w.k) * BigInt(w.k) * half) / 2n;
  }
}

/** Σ elements over the first `items` k-combinations of 0..n−1 in lex order. */
function lexCombPrefix(n, k, items) {
  const c = Array.from({ length: k }, (_, i) => i);
  let s = 0;
  for (let t = 0; t < items; t++) {
    for (let i = 0; i < k; i++) s += c[i];
    let j = k - 1;
    while (j >= 0 && c[j] === n - k + j) j--;
    if (j < 0) break;
    c[j]++;
    for (let i = j + 1; i < k; i++) c[i] = c[i - 1] + 1;
  }
  return s;
}

/** Σ elements over the first `items` k-combinations in colex order (bitmasks in increasing order). */
function colexCombPrefix(n, k, items) {
  const c = Array.from({ length: k }, (_, i) => i);
  let s = 0;
  for (let t = 0; t < items; t++) {
    for (let i = 0; i < k; i++) s += c[i];
    let j = 0;
    while (j < k && c[j] + 1 === (j + 1 < k ? c[j + 1] : n)) j++;
    if (j === k) break;
    c[j]++;
    for (let i = 0; i < j; i++) c[i] = i;
  }
  return s;
}

/** Σ elements over the first `items` lex-ordered k-permutations (k = n: full permutations, Σ p[0]). */
function lexKPermPrefix(n, k, items, firstOnly) {
  const p = [];
  const used = new Array(n).fill(false);
  let s = 0;
  let left = items;
  // plain recursion: fine for the few hundred thousand items of a capped peer
  const rec = () => {
    if (left === 0) return;
    if (p.length === k) {
      if (firstOnly) s += p[0];
      else for (const v of p) s += v;
      left--;
      return;
    }
    for (let v = 0; v < n && left > 0; v++) {
      if (used[v]) continue;
      used[v] = true;
      p.push(v);
      rec();
      p.pop();
      used[v] = false;
    }
  };
  rec();
  return s;
}

/**
 * Ranks used by an unrank workload: a fixed pseudo-random sequence (64-bit LCG, two steps per
 * rank for C(100,50)'s 97 bits), identical in every process.
 * @param {import('./workloads.mjs').Workload} w
 * @param {number} calls how many ranks
 * @returns {bigint[] | number[]} bigints when C(n,k) > 2^53, numbers otherwise
 * @example unrankRanks({ n: 60, k: 5 }, 3).length //=> 3
 */
export function unrankRanks(w, calls) {
  const count = binomialBig(w.n, w.k);
  const big = count > BigInt(Number.MAX_SAFE_INTEGER);
  const mask = (1n << 64n) - 1n;
  let x = 0x9e3779b97f4a7c15n;
  const step = () => {
    x = (x * 6364136223846793005n + 1442695040888963407n) & mask;
    return x >> 11n; // 53 well-mixed bits
  };
  const out = [];
  for (let i = 0; i < calls; i++) {
    const r = ((step() << 53n) | step()) % count;
    out.push(big ? r : Number(r));
  }
  return out;
}

/** Σ over the ranks of Σ (i+1)·c[i], c the lex-unranked combination (independent walk). */
function unrankChecksum(w, calls) {
  const { n, k } = w;
  const ranks = unrankRanks(w, calls);
  const big = typeof ranks[0] === 'bigint';
  // C(m, j) for m ≤ n, j ≤ k, as bigints or (when every rank is a safe integer) as numbers
  const table = [];
  for (let m = 0; m <= n; m++) {
    table.push([]);
    for (let j = 0; j <= k; j++) table[m].push(big ? binomialBig(m, j) : Number(binomialBig(m, j)));
  }
  let s = 0;
  for (let r of ranks) {
    let v = 0;
    for (let i = 0; i < k; i++) {
      // the lex block of first element v (after the prefix) has C(n−1−v, k−1−i) items
      for (;;) {
        const size = table[n - 1 - v][k - 1 - i];
        if (r < size) break;
        r -= size;
        v++;
      }
      s += (i + 1) * v;
      v++;
    }
  }
  return s;
}

/**
 * Expected checksum of `items` items (or unrank calls) of a workload, in the order the
 * implementation produces them (order matters only for prefixes).
 * @param {import('./workloads.mjs').Workload} w
 * @param {number} items how many items the implementation reported
 * @param {'lex'|'colex'} order the implementation's order, for prefixes
 * @returns {number | null} the checksum, or null when items exceed the enumeration
 * @example expectedChecksum(workload('visitor-30-8'), 5852925, 'lex') //=> 678939300
 */
export function expectedChecksum(w, items, order) {
  if (w.kind === 'unrank') return unrankChecksum(w, items);
  const total = totalItems(w);
  if (BigInt(items) > total) return null;
  if (BigInt(items) === total) return Number(fullChecksum(w));
  switch (w.kind) {
    case 'perm':
      return lexKPermPrefix(w.n, w.n, items, true);
    case 'kperm':
      return lexKPermPrefix(w.n, w.k, items, false);
    case 'comb':
    case 'iter':
    case 'block':
      return order === 'colex' ? colexCombPrefix(w.n, w.k, items) : lexCombPrefix(w.n, w.k, items);
    default:
      return null; // upto / delta prefixes are never requested
  }
}
