/**
 * @module transcript
 * Fiat–Shamir transcripts: a running SHA-256 chain over length-prefixed, labelled public values,
 * domain-separated by protocol name. Every verifier challenge of the sigma protocols of VDDP
 * (arXiv:2504.21752 §3–4) is derived from it; the *public coins* of the mechanisms are not — they stay
 * interactive (drawn by the verifier after the commitments are fixed).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { type G1Point, type G2Point, g1CompressedUnchecked } from './curve.js';
import { bytesToBigInt, mod, scalarToBytes } from './field.js';

const enc = new TextEncoder();

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, false);
  return b;
}

/** A Fiat–Shamir transcript. Absorb every public value before drawing a challenge that depends on it. */
export class Transcript {
  private state: Uint8Array;

  /** @param domain protocol name and version, e.g. 'floret-vdp/vrr/v1' */
  constructor(domain: string) {
    this.state = sha256(concat([enc.encode('floret-vdp-transcript'), frame(enc.encode(domain))]));
  }

  /** Absorbs raw bytes under a label. */
  bytes(label: string, data: Uint8Array): this {
    this.state = sha256(concat([this.state, frame(enc.encode(label)), frame(data)]));
    return this;
  }
  /** Absorbs a scalar. */
  scalar(label: string, x: bigint): this {
    return this.bytes(label, scalarToBytes(mod(x)));
  }
  /**
   * Absorbs a G1 point as its standard 48-byte compressed encoding (0xc0… for the identity): injective,
   * identical on both curve backends, and cheap (no subgroup re-check, no affine conversion to bigint).
   */
  g1(label: string, p: G1Point): this {
    return this.bytes(label, g1CompressedUnchecked(p));
  }
  /** Absorbs a G2 point (compressed). */
  g2(label: string, p: G2Point): this {
    return this.bytes(label, p.toBytes(true));
  }
  /** Absorbs a list of G1 points. */
  g1s(label: string, ps: readonly G1Point[]): this {
    this.bytes(`${label}#len`, u32(ps.length));
    for (const p of ps) this.g1(label, p);
    return this;
  }
  /** Absorbs a small non-negative integer. */
  int(label: string, n: number): this {
    return this.bytes(label, u32(n));
  }
  /** A challenge scalar (512 bits of hash reduced mod r), absorbed back so later challenges differ. */
  challenge(label: string): bigint {
    const l = frame(enc.encode(label));
    const a = sha256(concat([this.state, l, new Uint8Array([0])]));
    const b = sha256(concat([this.state, l, new Uint8Array([1])]));
    const c = mod(bytesToBigInt(concat([a, b])));
    this.scalar(`${label}/out`, c);
    return c;
  }
}

function frame(b: Uint8Array): Uint8Array {
  return concat([u32(b.length), b]);
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
