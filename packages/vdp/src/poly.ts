/**
 * @module poly
 * Polynomials over Fr (coefficient arrays, lowest degree first) and the radix-2 NTT over the
 * power-of-two roots-of-unity domains of BLS12-381's scalar field. VDDP (arXiv:2504.21752 §3)
 * encodes a length-n vector as the degree-<n polynomial interpolating it on {ω^i}, and proves
 * entrywise identities by divisibility by the vanishing polynomial Z(X) = X^n − 1.
 */
import { add, inv, isPow2, mul, R, rootOfUnity, sub } from './field.js';

/** In-place bit-reversal permutation of a power-of-two-length array. */
function bitReverse(a: bigint[]): void {
  const n = a.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const t = a[i] as bigint;
      a[i] = a[j] as bigint;
      a[j] = t;
    }
  }
}

/** Iterative Cooley–Tukey transform with root w (primitive n-th root), in place. */
function transform(a: bigint[], w: bigint): void {
  const n = a.length;
  bitReverse(a);
  for (let len = 2; len <= n; len <<= 1) {
    // wl = w^(n/len): a primitive len-th root.
    let wl = w;
    for (let k = len; k < n; k <<= 1) wl = (wl * wl) % R;
    const half = len >> 1;
    // Twiddles for this stage computed once and reused across blocks.
    const tw = new Array<bigint>(half);
    tw[0] = 1n;
    for (let j = 1; j < half; j++) tw[j] = ((tw[j - 1] as bigint) * wl) % R;
    for (let i = 0; i < n; i += len) {
      for (let j = 0; j < half; j++) {
        const u = a[i + j] as bigint;
        const v = ((a[i + j + half] as bigint) * (tw[j] as bigint)) % R;
        const s = u + v;
        a[i + j] = s >= R ? s - R : s;
        const d = u - v;
        a[i + j + half] = d < 0n ? d + R : d;
      }
    }
  }
}

/**
 * Evaluations of the polynomial with coefficients `coeffs` (length n, a power of two) at ω^0..ω^{n−1}
 * for ω = rootOfUnity(n). Returns a new array.
 */
export function ntt(coeffs: readonly bigint[]): bigint[] {
  const n = coeffs.length;
  if (!isPow2(n)) throw new RangeError(`NTT length ${n} must be a power of two`);
  const a = coeffs.slice();
  transform(a, rootOfUnity(n));
  return a;
}

/** Coefficients of the degree-<n polynomial taking values `evals` on ω^0..ω^{n−1} (inverse NTT). */
export function intt(evals: readonly bigint[]): bigint[] {
  const n = evals.length;
  if (!isPow2(n)) throw new RangeError(`NTT length ${n} must be a power of two`);
  const a = evals.slice();
  transform(a, inv(rootOfUnity(n)));
  const nInv = inv(BigInt(n));
  for (let i = 0; i < n; i++) a[i] = ((a[i] as bigint) * nInv) % R;
  return a;
}

/** p(x) by Horner's rule. */
export function evaluate(p: readonly bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let i = p.length - 1; i >= 0; i--) acc = (acc * x + (p[i] as bigint)) % R;
  return acc;
}

/**
 * The quotient q with p(X) − p(x) = q(X)·(X − x) (synthetic division); length max(p.length − 1, 1).
 */
export function divideByLinear(p: readonly bigint[], x: bigint): bigint[] {
  const n = p.length;
  if (n <= 1) return [0n];
  const q = new Array<bigint>(n - 1);
  let carry = 0n;
  for (let i = n - 1; i >= 1; i--) {
    carry = (carry * x + (p[i] as bigint)) % R;
    q[i - 1] = carry;
  }
  return q;
}

/**
 * Divides p by Z(X) = X^n − 1: returns the quotient, or null when the remainder is non-zero
 * (then p does not vanish on the n-th roots of unity).
 */
export function divideByVanishing(p: readonly bigint[], n: number): bigint[] | null {
  const a = p.slice();
  // Drop leading zeros so the quotient has the exact length.
  let top = a.length - 1;
  while (top >= 0 && a[top] === 0n) top--;
  if (top < n) {
    for (let i = 0; i <= top; i++) if (a[i] !== 0n) return null;
    return [0n];
  }
  const q = new Array<bigint>(top - n + 1).fill(0n);
  for (let i = top; i >= n; i--) {
    const c = a[i] as bigint;
    if (c === 0n) continue;
    q[i - n] = c;
    a[i] = 0n;
    a[i - n] = add(a[i - n] as bigint, c);
  }
  for (let i = 0; i < n; i++) if (a[i] !== 0n) return null;
  return q;
}

/** Product of two polynomials via NTT (naive below 32 terms). */
export function polyMul(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const outLen = a.length + b.length - 1;
  if (a.length === 0 || b.length === 0) return [];
  if (a.length < 32 || b.length < 32) {
    const out = new Array<bigint>(outLen).fill(0n);
    for (let i = 0; i < a.length; i++) {
      const ai = a[i] as bigint;
      if (ai === 0n) continue;
      for (let j = 0; j < b.length; j++) out[i + j] = ((out[i + j] as bigint) + ai * (b[j] as bigint)) % R;
    }
    return out;
  }
  let n = 1;
  while (n < outLen) n <<= 1;
  const fa = ntt([...a, ...new Array<bigint>(n - a.length).fill(0n)]);
  const fb = ntt([...b, ...new Array<bigint>(n - b.length).fill(0n)]);
  for (let i = 0; i < n; i++) fa[i] = ((fa[i] as bigint) * (fb[i] as bigint)) % R;
  return intt(fa).slice(0, outLen);
}

/** Coefficient-wise a + b. */
export function polyAdd(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<bigint>(n);
  for (let i = 0; i < n; i++) out[i] = add(a[i] ?? 0n, b[i] ?? 0n);
  return out;
}
/** Coefficient-wise a − b. */
export function polySub(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<bigint>(n);
  for (let i = 0; i < n; i++) out[i] = sub(a[i] ?? 0n, b[i] ?? 0n);
  return out;
}
/** k·a. */
export function polyScale(a: readonly bigint[], k: bigint): bigint[] {
  return a.map((c) => mul(c, k));
}
/** Z(x) = x^n − 1 for the size-n domain. */
export function vanishingAt(x: bigint, n: number): bigint {
  let p = x;
  for (let k = 1; k < n; k <<= 1) p = (p * p) % R;
  return sub(p, 1n);
}

/** Quotient of p by X^d − 1 ignoring the remainder (used only by cheating provers in tests). */
export function floorQuotient(p: readonly bigint[], d: number): bigint[] {
  const a = p.slice();
  const q = new Array<bigint>(Math.max(1, a.length - d)).fill(0n);
  for (let i = a.length - 1; i >= d; i--) {
    const c = a[i] as bigint;
    q[i - d] = c;
    a[i - d] = add(a[i - d] as bigint, c);
  }
  return q;
}
