/**
 * @module dp/rng
 * Random bits for the DP samplers: the operating system's CSPRNG (node:crypto randomBytes) by
 * default, or a seeded deterministic CSPRNG for reproducible runs (`--seed`): the ChaCha20 keystream
 * (node:crypto's 'chacha20' cipher applied to zero bytes) under key SHA-256("floret-dpq" ‖ seed).
 * On top of the byte stream: unbiased uniform integers by rejection (never `x % n`), so every
 * sampler built on it uses integer arithmetic only (no Math.random, no floats).
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/** A source of uniformly random bytes. */
export interface RandomSource {
  /** Fills `out` with uniform random bytes. */
  fill(out: Uint8Array): void;
}

const BUF = 4096;

/** Buffered reader shared by both sources. */
abstract class Buffered implements RandomSource {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  protected abstract refill(): Uint8Array;
  fill(out: Uint8Array): void {
    for (let i = 0; i < out.length; i++) {
      if (this.pos >= this.buf.length) {
        this.buf = this.refill();
        this.pos = 0;
      }
      out[i] = this.buf[this.pos++] as number;
    }
  }
}

/** The operating system's CSPRNG (node:crypto randomBytes), buffered 4 KiB at a time. */
export class CryptoRandom extends Buffered {
  protected refill(): Uint8Array {
    return randomBytes(BUF);
  }
}

/**
 * Deterministic CSPRNG: the ChaCha20 keystream under a key derived from the seed. Equal seeds give
 * equal streams (reproducible releases); a run with a public seed is NOT private, so the CLI says so.
 */
export class SeededRandom extends Buffered {
  private readonly cipher;
  private readonly zeros = new Uint8Array(BUF);
  /** @param seed any integer or string; hashed into the 256-bit ChaCha20 key. */
  constructor(seed: bigint | number | string) {
    super();
    const key = createHash('sha256')
      .update(`floret-dpq\u0000${String(seed)}`)
      .digest();
    // node's chacha20 IV is 16 bytes: a 32-bit block counter then a 96-bit nonce, both zero here.
    this.cipher = createCipheriv('chacha20', key, Buffer.alloc(16));
  }
  protected refill(): Uint8Array {
    return this.cipher.update(this.zeros);
  }
}

/** A source from `--seed` when given, else the OS CSPRNG. */
export function randomSource(seed?: bigint | number | string): RandomSource {
  return seed === undefined ? new CryptoRandom() : new SeededRandom(seed);
}

const word = new Uint8Array(4);

/** Uniform 32-bit unsigned integer. */
export function uint32(rng: RandomSource): number {
  rng.fill(word);
  return (
    ((word[0] as number) |
      ((word[1] as number) << 8) |
      ((word[2] as number) << 16) |
      ((word[3] as number) << 24)) >>>
    0
  );
}

/** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32, by rejection from the largest multiple of n below 2^32. */
export function uniformInt(rng: RandomSource, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`uniformInt: bad range ${n}`);
  if (n === 1) return 0;
  const limit = 2 ** 32 - (2 ** 32 % n); // accept x < limit: exactly limit/n values per residue
  for (;;) {
    const x = uint32(rng);
    if (x < limit) return x % n;
  }
}

/** Uniform bigint in [0, n) for n ≥ 1: draw bitLength(n−1) bits, reject values ≥ n (accept rate > 1/2). */
export function uniformBigInt(rng: RandomSource, n: bigint): bigint {
  if (n < 1n) throw new RangeError('uniformBigInt: n must be ≥ 1');
  if (n === 1n) return 0n;
  if (n <= 0x100000000n) return BigInt(uniformInt(rng, Number(n)));
  const bits = (n - 1n).toString(2).length;
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  const topMask = (1 << (bits - 8 * (bytes.length - 1))) - 1;
  for (;;) {
    rng.fill(bytes);
    bytes[0] = (bytes[0] as number) & topMask;
    let x = 0n;
    for (const b of bytes) x = (x << 8n) | BigInt(b);
    if (x < n) return x;
  }
}
