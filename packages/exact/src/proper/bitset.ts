/**
 * @module proper/bitset
 * Row sets as Uint32Array bitsets (bit i of word i >>> 5): the side vectors of splitting rules and the
 * regions of tree nodes in the proper-tree search (arXiv:2503.01455; research note §1.3 (5): "each
 * evaluation is O(K·N) with precomputed side bit-vectors").
 */

/** Number of 32-bit words for n bits. */
export const wordsFor = (n: number): number => (n + 31) >>> 5;

/** Population count of one 32-bit word. */
export function popcount32(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number of set bits of a ∧ b. */
export function andCount(a: Uint32Array, b: Uint32Array, words: number): number {
  let c = 0;
  for (let i = 0; i < words; i++) c += popcount32((a[i] as number) & (b[i] as number));
  return c;
}

/** Number of set bits. */
export function count(a: Uint32Array, words: number): number {
  let c = 0;
  for (let i = 0; i < words; i++) c += popcount32(a[i] as number);
  return c;
}

/** Calls f(i) for every set bit i, ascending. */
export function forEachBit(a: Uint32Array, words: number, f: (i: number) => void): void {
  for (let w = 0; w < words; w++) {
    let v = a[w] as number;
    while (v !== 0) {
      const t = v & -v;
      f((w << 5) + 31 - Math.clz32(t));
      v ^= t;
    }
  }
}

/** A bitset with bits 0..n−1 set. */
export function full(n: number): Uint32Array {
  const words = wordsFor(n);
  const a = new Uint32Array(words).fill(0xffffffff);
  const rem = n & 31;
  if (rem !== 0) a[words - 1] = (2 ** rem - 1) >>> 0;
  return a;
}
