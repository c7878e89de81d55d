/**
 * @module field
 * The BLS12-381 scalar field Fr (r ≈ 2^255, two-adicity 32) as plain bigints, and the roots of unity
 * the NTT and the vector encodings of VDDP (arXiv:2504.21752 §3, "vectors as polynomials over a
 * power-of-two roots-of-unity domain") need. Arithmetic delegates to @noble/curves' field where it is
 * non-trivial (inversion, square roots); additions and products are inlined bigint operations.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';

const FrField = bls12_381.fields.Fr;

/** The scalar-field modulus r of BLS12-381. */
export const R: bigint = FrField.ORDER;
/** Bytes in a canonical scalar encoding (big-endian). */
export const FR_BYTES = 32;
/** log2 of the largest power-of-two subgroup of Fr^×. */
export const TWO_ADICITY = 32;
/** The quadratic non-residue the Legendre-PRF witnesses use (privacy.md §1.3: "5 is the non-residue"). */
export const NON_RESIDUE = 5n;

/** x mod r in [0, r). */
export function mod(x: bigint): bigint {
  const m = x % R;
  return m < 0n ? m + R : m;
}
/** (a + b) mod r for reduced inputs. */
export function add(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s >= R ? s - R : s;
}
/** (a − b) mod r for reduced inputs. */
export function sub(a: bigint, b: bigint): bigint {
  const s = a - b;
  return s < 0n ? s + R : s;
}
/** a·b mod r. */
export function mul(a: bigint, b: bigint): bigint {
  return (a * b) % R;
}
/** −a mod r. */
export function neg(a: bigint): bigint {
  return a === 0n ? 0n : R - a;
}
/** a^e mod r (e ≥ 0). */
export function pow(a: bigint, e: bigint): bigint {
  return FrField.pow(mod(a), e);
}
/** a^{-1} mod r; throws on 0. */
export function inv(a: bigint): bigint {
  if (a === 0n) throw new RangeError('inverse of zero in Fr');
  return FrField.inv(a);
}
/** Inverts every element at the cost of one inversion (Montgomery's trick); all must be non-zero. */
export function invBatch(xs: readonly bigint[]): bigint[] {
  const n = xs.length;
  const pre = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    pre[i] = acc;
    acc = (acc * (xs[i] as bigint)) % R;
  }
  let a = inv(acc);
  const out = new Array<bigint>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = (a * (pre[i] as bigint)) % R;
    a = (a * (xs[i] as bigint)) % R;
  }
  return out;
}
/** Legendre symbol of a: 1 (non-zero square), −1 (non-square) or 0. */
export function legendre(a: bigint): -1 | 0 | 1 {
  const x = mod(a);
  if (x === 0n) return 0;
  return FrField.pow(x, (R - 1n) / 2n) === 1n ? 1 : -1;
}
/** A square root of a square a (either one); throws when a is not a square. */
export function sqrt(a: bigint): bigint {
  return FrField.sqrt(mod(a));
}

/** Uniform scalar in [0, r) from the platform CSPRNG (64 bytes reduced: bias < 2^-256). */
export function randomScalar(): bigint {
  const b = new Uint8Array(64);
  crypto.getRandomValues(b);
  return mod(bytesToBigInt(b));
}

/** Big-endian bytes → bigint. */
export function bytesToBigInt(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = 0; i < b.length; i++) x = (x << 8n) | BigInt(b[i] as number);
  return x;
}
/** Canonical 32-byte big-endian encoding of a reduced scalar. */
export function scalarToBytes(x: bigint): Uint8Array {
  const out = new Uint8Array(FR_BYTES);
  let v = x;
  for (let i = FR_BYTES - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
/** Decodes a canonical scalar; throws on a wrong length or a value ≥ r. */
export function scalarFromBytes(b: Uint8Array): bigint {
  if (b.length !== FR_BYTES) throw new RangeError(`scalar must be ${FR_BYTES} bytes, got ${b.length}`);
  const x = bytesToBigInt(b);
  if (x >= R) throw new RangeError('scalar is not reduced modulo r');
  return x;
}

/**
 * A primitive 2^32-th root of unity: g^((r−1)/2^32) for the quadratic non-residue g = 5 (a
 * non-residue's image generates the full 2-Sylow subgroup). Checked at load time.
 */
export const ROOT_2_32: bigint = (() => {
  if (legendre(NON_RESIDUE) !== -1) throw new Error('5 is expected to be a non-residue mod r');
  const w = FrField.pow(NON_RESIDUE, (R - 1n) >> BigInt(TWO_ADICITY));
  if (FrField.pow(w, 1n << 31n) !== R - 1n) throw new Error('root of unity check failed');
  return w;
})();

/** A primitive n-th root of unity for n a power of two ≤ 2^32 (consistent: ω_{2n}² = ω_n). */
export function rootOfUnity(n: number): bigint {
  const log = Math.log2(n);
  if (!Number.isInteger(log) || log < 0 || log > TWO_ADICITY)
    throw new RangeError(`domain size ${n} must be a power of two ≤ 2^32`);
  let w = ROOT_2_32;
  for (let i = log; i < TWO_ADICITY; i++) w = (w * w) % R;
  return w;
}

/** True when n is a power of two ≥ 1. */
export function isPow2(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}
