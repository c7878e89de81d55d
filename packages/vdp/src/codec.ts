/**
 * @module codec
 * Byte encodings of proofs for transport and for honest size accounting: compressed G1 points (48 B)
 * and canonical scalars (32 B), concatenated in a fixed order. Decoding validates every point (on the
 * curve, in the prime-order subgroup) and every scalar (reduced), so malformed messages are rejected
 * with a RangeError before any verification runs.
 */
import { G1_BYTES, type G1Point, g1FromBytes } from './curve.js';
import { FR_BYTES, scalarFromBytes, scalarToBytes } from './field.js';
import type { ProdProof } from './sigma.js';

/** Appends points and scalars to a growing byte buffer. */
export class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  /** Appends a compressed G1 point. */
  g1(p: G1Point): this {
    this.parts.push(p.toBytes(true));
    return this;
  }
  /** Appends a scalar. */
  scalar(x: bigint): this {
    this.parts.push(scalarToBytes(x));
    return this;
  }
  /** The concatenated bytes. */
  done(): Uint8Array {
    let n = 0;
    for (const p of this.parts) n += p.length;
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/**
 * Where a {@link ByteReader} gets its points from, instead of decoding each on its own: batch decoders
 * read a message twice — once collecting the point encodings (for one batched decode), then again
 * handing out the decoded points in order.
 */
export interface PointSource {
  /** The point for the next 48-byte encoding of the message. */
  next(encoding: Uint8Array): G1Point;
}

/** Reads points and scalars back, validating each (points through `points` when one is given). */
export class ByteReader {
  private off = 0;
  constructor(
    private readonly b: Uint8Array,
    private readonly points?: PointSource,
  ) {}
  private take(n: number): Uint8Array {
    if (this.off + n > this.b.length) throw new RangeError('message is truncated');
    const s = this.b.subarray(this.off, this.off + n);
    this.off += n;
    return s;
  }
  /** Reads a G1 point. */
  g1(): G1Point {
    const raw = this.take(G1_BYTES);
    if (this.points !== undefined) return this.points.next(raw);
    try {
      return g1FromBytes(raw);
    } catch {
      throw new RangeError('message holds an invalid G1 point');
    }
  }
  /** Reads a scalar. */
  scalar(): bigint {
    return scalarFromBytes(this.take(FR_BYTES));
  }
  /** Throws when bytes are left over. */
  end(): void {
    if (this.off !== this.b.length) throw new RangeError('message has trailing bytes');
  }
}

/** Writes a Prod proof (3 G1 + 5 Fr). */
export function writeProd(w: ByteWriter, p: ProdProof): void {
  w.g1(p.t1).g1(p.t2).g1(p.t3);
  for (const z of p.z) w.scalar(z);
}
/** Reads a Prod proof. */
export function readProd(r: ByteReader): ProdProof {
  const t1 = r.g1();
  const t2 = r.g1();
  const t3 = r.g1();
  return { t1, t2, t3, z: [r.scalar(), r.scalar(), r.scalar(), r.scalar(), r.scalar()] };
}

/** Hex of bytes. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i] as number).toString(16).padStart(2, '0');
  return s;
}
/** Bytes of a hex string; throws a RangeError on bad hex. */
export function fromHex(h: string): Uint8Array {
  if (h.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(h)) throw new RangeError('bad hex');
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}
