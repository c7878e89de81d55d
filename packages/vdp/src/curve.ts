/**
 * @module curve
 * BLS12-381 for VDDP (arXiv:2504.21752 §3 commits in G1 and checks KZG openings with pairings against
 * G2): G1/G2 points, multi-scalar multiplication, pairing-product checks and compressed (48-byte G1 /
 * 96-byte G2, the zcash/IETF format) encodings, validated on decode.
 *
 * Two interchangeable backends behind one interface:
 * - `mcl` (default): mcl-wasm, the paper's own engine compiled to wasm — measured 4–90× faster than
 *   noble here (see README). MSM is mcl's `mulVec`; a pairing product is Π millerLoop then one finalExp.
 * - `noble`: @noble/curves (pure TypeScript, audited), kept for comparison (bench/run.mjs) and as a
 *   fallback: set `FLORET_VDP_CURVE=noble` before the module loads.
 * Both produce byte-identical encodings (mcl runs in ETH serialization mode) and the same generators
 * (mcl's generators are set from the standard compressed encodings) and hash-to-curve points (RFC 9380,
 * computed with noble, then converted), so proofs and files move between backends unchanged.
 * The mcl backend initialises with a top-level await: importing this module (or anything above it)
 * finishes the one-time wasm setup before any entry point runs; {@link ready} is exported for callers
 * that want to await it explicitly.
 */

import { createRequire } from 'node:module';
import { mulAddUnsafe, pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import * as mcl from 'mcl-wasm';
import { FR_BYTES, legendre, R, sqrt } from './field.js';

const R_MINUS_1 = R - 1n;

/** A G1 point (both backends implement this interface; points of one process share one backend). */
export interface G1Point {
  add(o: G1Point): G1Point;
  subtract(o: G1Point): G1Point;
  negate(): G1Point;
  double(): G1Point;
  equals(o: G1Point): boolean;
  /** k·P, k reduced (noble rejects 0; use {@link mulG1} for any k). */
  multiply(k: bigint): G1Point;
  multiplyUnsafe(k: bigint): G1Point;
  is0(): boolean;
  toAffine(): { x: bigint; y: bigint };
  toBytes(compressed?: boolean): Uint8Array;
  toHex(compressed?: boolean): string;
  precompute(windowSize?: number, isLazy?: boolean): G1Point;
  assertValidity(): void;
}
/** A G2 point. */
export interface G2Point {
  add(o: G2Point): G2Point;
  subtract(o: G2Point): G2Point;
  negate(): G2Point;
  equals(o: G2Point): boolean;
  multiply(k: bigint): G2Point;
  multiplyUnsafe(k: bigint): G2Point;
  is0(): boolean;
  toBytes(compressed?: boolean): Uint8Array;
  toHex(compressed?: boolean): string;
  assertValidity(): void;
}
/** The static side of a point group: identity, generator, validated decoders, the scalar order. */
export interface GroupStatic<P> {
  readonly ZERO: P;
  readonly BASE: P;
  fromBytes(b: Uint8Array): P;
  fromHex(h: string): P;
  readonly Fn: { readonly ORDER: bigint };
}

/** Which backend this process uses (`FLORET_VDP_CURVE=noble` selects noble; default mcl). */
export const BACKEND: 'mcl' | 'noble' =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.FLORET_VDP_CURVE === 'noble'
    ? 'noble'
    : 'mcl';

/** Compressed G1 size in bytes. */
export const G1_BYTES = 48;
/** Compressed G2 size in bytes. */
export const G2_BYTES = 96;
/** Scalar size in bytes (re-exported for proof-size accounting). */
export const SCALAR_BYTES = FR_BYTES;
/** Points per mcl `mulVec` call (its inputs and buckets must fit the wasm stack; 1,365 G1 points fail). */
export const MCL_MSM_CHUNK = 1024;
/** Below this many points the noble backend's {@link msm} uses interleaved double-and-add. */
export const MSM_SMALL = 128;

// ---------------------------------------------------------------------------------------------------
// mcl backend

let mclReady: Promise<void> | undefined;
/** Resolves once the curve backend is initialised (a no-op for noble; the mcl wasm setup otherwise). */
export function ready(): Promise<void> {
  if (BACKEND === 'noble') return Promise.resolve();
  mclReady ??= (async () => {
    await mcl.init(mcl.BLS12_381);
    // The zcash/IETF compressed encoding (same bytes as noble) and subgroup checks on every decode.
    mcl.setETHserialization(true);
    mcl.setMapToMode(mcl.IRTF);
    mcl.verifyOrderG1(true);
    mcl.verifyOrderG2(true);
  })();
  return mclReady;
}
await ready();

const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
function bytesOfHex(h: string): Uint8Array {
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new RangeError('invalid hex point');
  return new Uint8Array(Buffer.from(h, 'hex'));
}

/** A bigint scalar as an mcl Fr (reduced mod r first; 3 µs, negligible next to a group operation). */
function toFr(k: bigint): mcl.Fr {
  const f = new mcl.Fr();
  const v = k >= 0n && k < R ? k : ((k % R) + R) % R;
  f.setStr(v.toString(16), 16);
  return f;
}

/** Fixed-base window: 8 bits, so a table has 32 rows of 255 multiples (≈ 8,000 points, ~1.5 MB). */
const FB_BITS = 8;
const FB_ROWS = Math.ceil(255 / FB_BITS);
const FB_COLS = (1 << FB_BITS) - 1;

/**
 * rows[j][i − 1] = i·2^{8j}·P: k·P is then at most 32 additions (one per non-zero byte of k) instead of
 * a full double-and-add — for the SRS bases g_0 and h_0, which every Pedersen commitment and
 * sigma-protocol mask multiplies.
 */
function fixedBaseTable(p: mcl.G1): mcl.G1[][] {
  const rows: mcl.G1[][] = [];
  let base = p;
  for (let j = 0; j < FB_ROWS; j++) {
    const row: mcl.G1[] = [base];
    for (let i = 1; i < FB_COLS; i++) row.push(mcl.add(row[i - 1] as mcl.G1, base));
    base = mcl.add(row[FB_COLS - 1] as mcl.G1, base); // 256·base
    mcl.normalizeVec(row); // affine entries make each later addition cheaper
    rows.push(row);
  }
  return rows;
}

class McG1 implements G1Point {
  private table: mcl.G1[][] | undefined;
  private lazyTable = false;
  constructor(readonly m: mcl.G1) {}
  add(o: G1Point): G1Point {
    return new McG1(mcl.add(this.m, (o as McG1).m));
  }
  subtract(o: G1Point): G1Point {
    return new McG1(mcl.sub(this.m, (o as McG1).m));
  }
  negate(): G1Point {
    return new McG1(mcl.neg(this.m));
  }
  double(): G1Point {
    return new McG1(mcl.dbl(this.m));
  }
  equals(o: G1Point): boolean {
    return this.m.isEqual((o as McG1).m);
  }
  multiply(k: bigint): G1Point {
    if (this.lazyTable) this.table ??= fixedBaseTable(this.m);
    const t = this.table;
    if (t === undefined) return new McG1(mcl.mul(this.m, toFr(k)));
    let v = k >= 0n && k < R ? k : ((k % R) + R) % R;
    let acc: mcl.G1 | undefined;
    for (let j = 0; v !== 0n; j++, v >>= 8n) {
      const byte = Number(v & 0xffn);
      if (byte === 0) continue;
      const e = (t[j] as mcl.G1[])[byte - 1] as mcl.G1;
      acc = acc === undefined ? e : mcl.add(acc, e);
    }
    return acc === undefined ? G1.ZERO : new McG1(acc);
  }
  multiplyUnsafe(k: bigint): G1Point {
    return this.multiply(k);
  }
  is0(): boolean {
    return this.m.isZero();
  }
  toAffine(): { x: bigint; y: bigint } {
    const a = this.m.clone();
    a.normalize();
    return { x: BigInt(`0x${a.getX().getStr(16)}`), y: BigInt(`0x${a.getY().getStr(16)}`) };
  }
  toBytes(): Uint8Array {
    return this.m.serialize();
  }
  toHex(): string {
    return hexOf(this.m.serialize());
  }
  /** Builds this point's fixed-base table (idempotent; ~8,000 additions, ~80 ms), or on first use if lazy. */
  precompute(_windowSize?: number, isLazy = false): G1Point {
    if (isLazy) this.lazyTable = true;
    else this.table ??= fixedBaseTable(this.m);
    return this;
  }
  /**
   * Nothing left to check: mcl points are only made by a decode that already checked the curve and the
   * subgroup (mcl's deserialize with verifyOrderG1 on — see the tests) or by group operations on such
   * points. (mcl's `isValid` repeats the ~0.25 ms order check; calling it here doubled decoding time.)
   */
  assertValidity(): void {}
}

class McG2 implements G2Point {
  private uses = 0;
  private pre: mcl.PrecomputedG2 | undefined;
  constructor(readonly m: mcl.G2) {}
  /**
   * Miller-loop line coefficients, built on this point's second pairing (the SRS's g2 and τ·g2 are
   * paired in every check; one-off points never pay for, or keep, a table in the wasm heap).
   */
  lines(): mcl.PrecomputedG2 | undefined {
    if (this.pre === undefined && ++this.uses >= 2) this.pre = new mcl.PrecomputedG2(this.m);
    return this.pre;
  }
  add(o: G2Point): G2Point {
    return new McG2(mcl.add(this.m, (o as McG2).m));
  }
  subtract(o: G2Point): G2Point {
    return new McG2(mcl.sub(this.m, (o as McG2).m));
  }
  negate(): G2Point {
    return new McG2(mcl.neg(this.m));
  }
  equals(o: G2Point): boolean {
    return this.m.isEqual((o as McG2).m);
  }
  multiply(k: bigint): G2Point {
    return new McG2(mcl.mul(this.m, toFr(k)));
  }
  multiplyUnsafe(k: bigint): G2Point {
    return this.multiply(k);
  }
  is0(): boolean {
    return this.m.isZero();
  }
  toBytes(): Uint8Array {
    return this.m.serialize();
  }
  toHex(): string {
    return hexOf(this.m.serialize());
  }
  /**
   * On-curve check only: every mcl point here comes from a decode that checked the subgroup or from
   * group operations on such points, so the (costly, ~0.3 ms) order check would be redundant.
   */
  /** As for G1: decoding (with verifyOrderG2 on) already checked the curve and the subgroup. */
  assertValidity(): void {}
}

/** Decodes exactly `len` bytes with mcl (which checks the flags, the curve and the subgroup). */
function mclDecode<T extends mcl.G1 | mcl.G2>(make: () => T, b: Uint8Array, len: number, name: string): T {
  if (b.length !== len) throw new RangeError(`${name} encoding must be ${len} bytes, got ${b.length}`);
  const p = make();
  try {
    p.deserialize(b);
  } catch {
    throw new RangeError(`invalid ${name} encoding`);
  }
  // mcl's deserialize already checked the curve equation and (verifyOrder on) the subgroup.
  // Reject non-canonical encodings: the point must re-encode to the same bytes.
  const back = p.serialize();
  for (let i = 0; i < len; i++) if (back[i] !== b[i]) throw new RangeError(`non-canonical ${name} encoding`);
  return p;
}

const Fn = { ORDER: R } as const;
const nobleG1 = bls12_381.G1.Point;
const nobleG2 = bls12_381.G2.Point;

function mclG1Static(): GroupStatic<G1Point> {
  const fromBytes = (b: Uint8Array): G1Point => new McG1(mclDecode(() => new mcl.G1(), b, G1_BYTES, 'G1'));
  return {
    ZERO: new McG1(new mcl.G1()),
    BASE: fromBytes(nobleG1.BASE.toBytes(true)).precompute(8, true),
    fromBytes,
    fromHex: (h) => fromBytes(bytesOfHex(h)),
    Fn,
  };
}
function mclG2Static(): GroupStatic<G2Point> {
  const fromBytes = (b: Uint8Array): G2Point => new McG2(mclDecode(() => new mcl.G2(), b, G2_BYTES, 'G2'));
  return {
    ZERO: new McG2(new mcl.G2()),
    BASE: fromBytes(nobleG2.BASE.toBytes(true)),
    fromBytes,
    fromHex: (h) => fromBytes(bytesOfHex(h)),
    Fn,
  };
}

// ---------------------------------------------------------------------------------------------------
// the exported groups

/** The G1 group (identity, generator, validated decoders). */
export const G1: GroupStatic<G1Point> =
  BACKEND === 'mcl' ? mclG1Static() : (nobleG1 as unknown as GroupStatic<G1Point>);
/** The G2 group. */
export const G2: GroupStatic<G2Point> =
  BACKEND === 'mcl' ? mclG2Static() : (nobleG2 as unknown as GroupStatic<G2Point>);

type NobleG1 = InstanceType<typeof nobleG1>;
type NobleG2 = InstanceType<typeof nobleG2>;

/** Σ scalars[i]·points[i] in G1 (mcl: mulVec; noble: Pippenger, or double-and-add when small). */
export function msm(points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
  if (points.length !== scalars.length) throw new RangeError('msm: points and scalars differ in length');
  if (points.length === 0) return G1.ZERO;
  if (points.length === 1) return mulG1(points[0] as G1Point, scalars[0] as bigint);
  if (BACKEND === 'mcl') {
    // mcl-wasm copies the inputs onto its 1 MiB wasm stack, so large MSMs run in chunks.
    let acc: mcl.G1 | undefined;
    for (let lo = 0; lo < points.length; lo += MCL_MSM_CHUNK) {
      const hi = Math.min(points.length, lo + MCL_MSM_CHUNK);
      const ms = new Array<mcl.G1>(hi - lo);
      const ks = new Array<mcl.Fr>(hi - lo);
      for (let i = lo; i < hi; i++) {
        ms[i - lo] = (points[i] as McG1).m;
        ks[i - lo] = toFr(scalars[i] as bigint);
      }
      const part = mcl.mulVec(ms, ks);
      acc = acc === undefined ? part : mcl.add(acc, part);
    }
    return new McG1(acc as mcl.G1);
  }
  const ps = points as unknown as NobleG1[];
  // Interleaved double-and-add (one shared doubling chain) beats Pippenger for small inputs
  // (measured 1.2–4.6× faster at 2–128 points on this machine).
  if (points.length <= MSM_SMALL) return mulAddUnsafe(nobleG1, ps, scalars as bigint[]) as unknown as G1Point;
  return pippenger(nobleG1, ps, scalars as bigint[]) as unknown as G1Point;
}
/** Σ scalars[i]·points[i] in G2. */
export function msmG2(points: readonly G2Point[], scalars: readonly bigint[]): G2Point {
  if (points.length !== scalars.length) throw new RangeError('msmG2: points and scalars differ in length');
  if (points.length === 0) return G2.ZERO;
  if (BACKEND === 'mcl') {
    let acc: mcl.G2 | undefined;
    for (let lo = 0; lo < points.length; lo += MCL_MSM_CHUNK / 2) {
      const hi = Math.min(points.length, lo + MCL_MSM_CHUNK / 2);
      const part = mcl.mulVec(
        points.slice(lo, hi).map((p) => (p as McG2).m),
        scalars.slice(lo, hi).map(toFr),
      );
      acc = acc === undefined ? part : mcl.add(acc, part);
    }
    return new McG2(acc as mcl.G2);
  }
  return pippenger(nobleG2, points as unknown as NobleG2[], scalars as bigint[]) as unknown as G2Point;
}
/** k·P in G1 for any reduced k (0 allowed). Variable time: used on public or masked values only. */
export function mulG1(p: G1Point, k: bigint): G1Point {
  if (k === 0n) return G1.ZERO;
  if (k === 1n) return p;
  if (k === R_MINUS_1) return p.negate();
  return p.multiplyUnsafe(k);
}
/** k·Q in G2 for any reduced k (0 allowed). */
export function mulG2(q: G2Point, k: bigint): G2Point {
  return k === 0n ? G2.ZERO : q.multiplyUnsafe(k);
}

/**
 * True when Π e(a_i, b_i) = 1 in GT. Pairs with an identity point contribute 1 and are skipped.
 * mcl: one Miller loop per pair (with precomputed lines for G2 points paired repeatedly, ~25% faster),
 * multiplied, then a single final exponentiation.
 */
export function pairingProductIsOne(pairs: readonly (readonly [G1Point, G2Point])[]): boolean {
  const live = pairs.filter(([a, b]) => !a.is0() && !b.is0());
  if (live.length === 0) return true;
  if (BACKEND === 'mcl') {
    let acc: mcl.GT | undefined;
    for (const [a, b] of live) {
      const pre = (b as McG2).lines();
      const ml =
        pre === undefined
          ? mcl.millerLoop((a as McG1).m, (b as McG2).m)
          : mcl.precomputedMillerLoop((a as McG1).m, pre);
      acc = acc === undefined ? ml : mcl.mul(acc, ml);
    }
    return mcl.finalExp(acc as mcl.GT).isOne();
  }
  const gt = bls12_381.pairingBatch(
    live.map(([g1, g2]) => ({ g1: g1 as unknown as NobleG1, g2: g2 as unknown as NobleG2 })),
  );
  return bls12_381.fields.Fp12.eql(gt, bls12_381.fields.Fp12.ONE);
}

const FP_HALF = (bls12_381.fields.Fp.ORDER - 1n) / 2n;
/**
 * The standard compressed encoding of a G1 point, without the subgroup re-check noble runs in
 * `toBytes` (points in this process are valid by construction). Used by Fiat–Shamir transcripts, where
 * it is injective and the same bytes on both backends.
 */
export function g1CompressedUnchecked(p: G1Point): Uint8Array {
  if (BACKEND === 'mcl') return (p as McG1).m.serialize();
  if (p.is0()) {
    const z = new Uint8Array(G1_BYTES);
    z[0] = 0xc0;
    return z;
  }
  const { x, y } = p.toAffine();
  const out = new Uint8Array(G1_BYTES);
  let v = x;
  for (let i = G1_BYTES - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  out[0] = (out[0] as number) | 0x80 | (y > FP_HALF ? 0x20 : 0);
  return out;
}

/**
 * A square root of x in Fr, or null when x is not a square (x must be reduced and non-zero). The
 * Legendre-PRF prover needs one per coin bit; mcl's wasm Tonelli–Shanks was measured about 5× faster
 * than the bigint Legendre symbol plus square root (r − 1 has 2-adicity 32, so bigint Tonelli–Shanks
 * is slow), hence it lives here with the backend.
 */
export function sqrtOrNull(x: bigint): bigint | null {
  if (BACKEND === 'noble') return legendre(x) === 1 ? sqrt(x) : null;
  const [ok, root] = mcl.squareRoot(toFr(x));
  return ok ? BigInt(`0x${root.getStr(16)}`) : null;
}

// ---------------------------------------------------------------------------------------------------
// batched decoding with one batched subgroup check, and polynomial evaluation in wasm (mcl backend)

/** The raw mcl-wasm exports used below (the typed wrapper allocates per call and copies via the stack). */
interface McRaw {
  HEAP8: Int8Array;
  _malloc(n: number): number;
  _free(p: number): void;
  _mclBn_verifyOrderG1(on: number): void;
  _mclBnG1_deserialize(p: number, buf: number, n: number): number;
  _mclBnG1_serialize(buf: number, max: number, p: number): number;
  _mclBnG1_isValidOrder(p: number): number;
  _mclBnG1_add(z: number, x: number, y: number): void;
  _mclBnG1_clear(p: number): void;
  _mclBn_FrEvaluatePolynomial(out: number, c: number, n: number, x: number): number;
  _mclBnFr_setLittleEndianMod(p: number, buf: number, n: number): number;
  _mclBnFr_getLittleEndian(buf: number, max: number, p: number): number;
}
// The ESM namespace of the CommonJS package omits its `mod` getter; require gives the same instance.
const mclCjs = createRequire(import.meta.url)('mcl-wasm') as { mod: McRaw };
const raw = (): McRaw => mclCjs.mod;
const heap = (): Uint8Array => new Uint8Array(raw().HEAP8.buffer);
const G1_MEM = 144; // mcl's in-memory G1: three 48-byte Fp limbs (Jacobian)
const FR_MEM = 32;

/** Subset-sum rounds of {@link g1DecodeMany}'s subgroup check: soundness error ≤ 2^-ROUNDS. */
export const SUBGROUP_ROUNDS = 128;
/** Below this many points {@link g1DecodeMany} checks each point on its own (the batch has a fixed cost). */
export const SUBGROUP_BATCH_MIN = 256;

/**
 * True when every one of the n G1 points at `pts` (mcl memory, on the curve) lies in the order-r
 * subgroup G1, except with probability ≤ 2^-128 over this function's coins.
 *
 * Why it is sound. For each of 128 rounds j it draws independent uniform bits b_ij and checks
 * Q_j = Σ_i b_ij·P_i ∈ G1 with mcl's exact order check. Suppose P_k ∉ G1 and fix every bit except
 * b_kj: with A = Σ_{i≠k} b_ij·P_i, both A and A + P_k in G1 would put P_k = (A + P_k) − A in G1, so at
 * most one of the two values of b_kj passes: each round passes with probability ≤ 1/2, all 128 with
 * ≤ 2^-128. (A single random linear combination Σ ρ_i P_i would NOT do: E(Fp) = G1 ⊕ H with |H| the
 * cofactor 3·11²·10177²·859267²·52437899², and a component of order 3 survives a random ρ_i with
 * probability 1/3.) The argument needs only that the P_i are points of E(Fp), which decoding checked.
 *
 * Cost. Rounds are grouped c at a time: every point is added once into the bucket of its c-bit
 * pattern, and each of the c round sums adds up the 2^(c−1) buckets whose pattern has that bit —
 * (128/c)·(n + c·2^(c−1)) additions and 128 order checks in all, ≈ 16 additions per point for large n
 * (c = 8) instead of one order check (≈ 125 additions' worth) per point.
 */
function mclAllInSubgroup(pts: number, n: number): boolean {
  const M = raw();
  let c = 4;
  let best = Number.POSITIVE_INFINITY;
  for (let k = 4; k <= 10; k++) {
    const cost = Math.ceil(SUBGROUP_ROUNDS / k) * (n + k * 2 ** (k - 1));
    if (cost < best) {
      best = cost;
      c = k;
    }
  }
  const groups = Math.ceil(SUBGROUP_ROUNDS / c);
  // One c-bit pattern per point and group, from the CSPRNG (≤ 65,536 bytes per getRandomValues call).
  const pat = new Uint16Array(n * groups);
  for (let o = 0; o < pat.length; o += 32768)
    crypto.getRandomValues(pat.subarray(o, Math.min(pat.length, o + 32768)));
  const mask = (1 << c) - 1;
  const nb = 1 << c;
  const buckets = M._malloc(G1_MEM * nb);
  const acc = M._malloc(G1_MEM);
  try {
    for (let g = 0; g < groups; g++) {
      const bits = Math.min(c, SUBGROUP_ROUNDS - g * c);
      for (let b = 1; b < nb; b++) M._mclBnG1_clear(buckets + G1_MEM * b);
      for (let i = 0; i < n; i++) {
        const p = (pat[i * groups + g] as number) & mask;
        if (p !== 0) M._mclBnG1_add(buckets + G1_MEM * p, buckets + G1_MEM * p, pts + G1_MEM * i);
      }
      for (let j = 0; j < bits; j++) {
        M._mclBnG1_clear(acc);
        for (let p = 1; p < nb; p++) if ((p >> j) & 1) M._mclBnG1_add(acc, acc, buckets + G1_MEM * p);
        if (M._mclBnG1_isValidOrder(acc) !== 1) return false;
      }
    }
    return true;
  } finally {
    M._free(acc);
    M._free(buckets);
  }
}

/**
 * Decodes many compressed G1 points at once, with the same checks as {@link g1FromBytes} (length,
 * flags, canonical x, on the curve, in the subgroup) — but on the mcl backend, for ≥ 256 points, the
 * per-point subgroup check (mcl's, ≈ 0.25 ms) is replaced by one batched check of all points (see
 * `mclAllInSubgroup`: soundness error ≤ 2^-128, ≈ 16 point additions per point). Throws a RangeError
 * naming the first bad point's index.
 */
export function g1DecodeMany(encodings: readonly Uint8Array[]): G1Point[] {
  const n = encodings.length;
  for (let i = 0; i < n; i++)
    if ((encodings[i] as Uint8Array).length !== G1_BYTES)
      throw new RangeError(`point ${i}: G1 encoding must be ${G1_BYTES} bytes`);
  if (BACKEND === 'noble' || n < SUBGROUP_BATCH_MIN) {
    return encodings.map((b, i) => {
      try {
        return g1FromBytes(b);
      } catch (e) {
        throw new RangeError(`point ${i}: ${(e as Error).message}`);
      }
    });
  }
  const M = raw();
  const buf = M._malloc(G1_BYTES * n);
  const back = M._malloc(G1_BYTES);
  const pts = M._malloc(G1_MEM * n);
  try {
    let h = heap();
    for (let i = 0; i < n; i++) h.set(encodings[i] as Uint8Array, buf + G1_BYTES * i);
    M._mclBn_verifyOrderG1(0);
    try {
      for (let i = 0; i < n; i++)
        if (M._mclBnG1_deserialize(pts + G1_MEM * i, buf + G1_BYTES * i, G1_BYTES) !== G1_BYTES)
          throw new RangeError(`point ${i}: invalid G1 encoding`);
    } finally {
      M._mclBn_verifyOrderG1(1);
    }
    h = heap();
    for (let i = 0; i < n; i++) {
      // Canonical: the point must re-encode to the same bytes (rejects x ≥ p and junk bits).
      M._mclBnG1_serialize(back, G1_BYTES, pts + G1_MEM * i);
      const e = encodings[i] as Uint8Array;
      for (let k = 0; k < G1_BYTES; k++)
        if (h[back + k] !== e[k]) throw new RangeError(`point ${i}: non-canonical G1 encoding`);
    }
    if (!mclAllInSubgroup(pts, n)) {
      for (let i = 0; i < n; i++)
        if (M._mclBnG1_isValidOrder(pts + G1_MEM * i) !== 1)
          throw new RangeError(`point ${i}: invalid G1 encoding (not in the subgroup)`);
      throw new RangeError('batched subgroup check failed'); // unreachable unless mcl is inconsistent
    }
    const words = G1_MEM / 4;
    const h32 = new Uint32Array(raw().HEAP8.buffer);
    const out = new Array<G1Point>(n);
    for (let i = 0; i < n; i++) {
      const m = new mcl.G1();
      const at = (pts + G1_MEM * i) / 4;
      (m as unknown as { a_: Uint32Array }).a_.set(h32.subarray(at, at + words));
      out[i] = new McG1(m);
    }
    return out;
  } finally {
    M._free(pts);
    M._free(back);
    M._free(buf);
  }
}

const evalHeap = new FinalizationRegistry<number>((p) => raw()._free(p));

/**
 * An evaluator x ↦ Σ coeffs[i]·x^i over Fr. On the mcl backend the coefficients are copied once into
 * wasm memory and each evaluation is mcl's Horner loop (measured ≈ 6× faster than bigint Horner at
 * 1,025 coefficients: ≈ 0.1 ms against 0.6 ms); noble evaluates in bigint.
 */
export function polyEvaluator(coeffs: readonly bigint[]): (x: bigint) => bigint {
  const n = coeffs.length;
  if (BACKEND === 'noble' || n === 0)
    return (x) => {
      let acc = 0n;
      for (let i = n - 1; i >= 0; i--) acc = (acc * x + (coeffs[i] as bigint)) % R;
      return acc;
    };
  const M = raw();
  // [scratch 32 B | x | out | coefficients…], freed when the evaluator is collected.
  const base = M._malloc(FR_MEM * (n + 3));
  const scratch = base;
  const xPtr = base + FR_MEM;
  const outPtr = base + 2 * FR_MEM;
  const cPtr = base + 3 * FR_MEM;
  const setFr = (dst: number, v: bigint): void => {
    const h = heap();
    let w = v;
    for (let k = 0; k < FR_MEM; k++, w >>= 8n) h[scratch + k] = Number(w & 0xffn);
    if (M._mclBnFr_setLittleEndianMod(dst, scratch, FR_MEM) !== 0)
      throw new RangeError('scalar out of range');
  };
  for (let i = 0; i < n; i++) setFr(cPtr + FR_MEM * i, coeffs[i] as bigint);
  const f = (x: bigint): bigint => {
    setFr(xPtr, x >= 0n && x < R ? x : ((x % R) + R) % R);
    M._mclBn_FrEvaluatePolynomial(outPtr, cPtr, n, xPtr);
    const len = M._mclBnFr_getLittleEndian(scratch, FR_MEM, outPtr);
    const h = heap();
    let v = 0n;
    for (let k = len - 1; k >= 0; k--) v = (v << 8n) | BigInt(h[scratch + k] as number);
    return v;
  };
  evalHeap.register(f, base);
  return f;
}

/** Compressed encoding of a G1 point. */
export function g1ToBytes(p: G1Point): Uint8Array {
  return p.toBytes(true);
}
/** Decodes and validates (length, flags, on-curve, subgroup) a compressed G1 point; throws on bad input. */
export function g1FromBytes(b: Uint8Array): G1Point {
  const p = G1.fromBytes(b);
  p.assertValidity();
  return p;
}
/** Compressed encoding of a G2 point. */
export function g2ToBytes(p: G2Point): Uint8Array {
  return p.toBytes(true);
}
/** Decodes and validates a compressed G2 point. */
export function g2FromBytes(b: Uint8Array): G2Point {
  const p = G2.fromBytes(b);
  p.assertValidity();
  return p;
}
/** Hex of a compressed G1 point. */
export function g1ToHex(p: G1Point): string {
  return p.toHex(true);
}
/** Decodes and validates a hex compressed G1 point. */
export function g1FromHex(h: string): G1Point {
  const p = G1.fromHex(h);
  p.assertValidity();
  return p;
}
/** Hex of a compressed G2 point. */
export function g2ToHex(p: G2Point): string {
  return p.toHex(true);
}
/** Decodes and validates a hex compressed G2 point. */
export function g2FromHex(h: string): G2Point {
  const p = G2.fromHex(h);
  p.assertValidity();
  return p;
}
/**
 * A G1 point with unknown discrete log to the generator: RFC 9380 hash-to-curve of a label (computed
 * with noble for both backends, so the point is the same everywhere).
 */
export function hashToG1(label: string): G1Point {
  const p = bls12_381.G1.hashToCurve(new TextEncoder().encode(label), { DST: 'FLORET-VDP-V1-H2C-G1' });
  if (BACKEND === 'noble') return p as unknown as G1Point;
  return G1.fromBytes((p as unknown as NobleG1).toBytes(true));
}
