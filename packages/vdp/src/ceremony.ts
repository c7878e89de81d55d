/**
 * @module ceremony
 * A powers-of-tau setup that no single party controls (the setup VDDP's hiding KZG needs; the paper's
 * code samples τ itself, privacy.md §1.3 "setup"). The ceremony starts from τ = 1 over the bases
 * g (the G1 generator) and h = hash-to-curve('floret-vdp/srs/h'), so nobody knows log_g h. Each
 * contributor multiplies τ by a fresh secret s: g_i ← s^i g_i, h_i ← s^i h_i, τ·g2 ← s·τ·g2, and
 * publishes s·g2 with a Schnorr proof of knowledge bound to the previous state. Anyone can check,
 * with pairings, that (a) every state is a well-formed pair of power sequences and (b) each state
 * builds on the previous one: e(τ_k·g, g2) = e(τ_{k−1}·g, s_k·g2). τ stays unknown unless every
 * contributor colludes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  G1,
  type G1Point,
  G2,
  type G2Point,
  g1FromHex,
  g1ToHex,
  g2FromHex,
  g2ToHex,
  hashToG1,
  msm,
  mulG2,
  pairingProductIsOne,
} from './curve.js';
import { add, mod, mul, randomScalar, scalarToBytes } from './field.js';
import { prepareSrs, type Srs } from './kzg.js';
import { Transcript } from './transcript.js';

/** The file format tag and version of a ceremony file. */
export const PTAU_FORMAT = 'floret-vdp-ptau';
/** Current ceremony file version. */
export const PTAU_VERSION = 1;
/** Label hashed to the second base h. */
export const H_LABEL = 'floret-vdp/srs/h';

/** One contribution's public record. */
export interface Contribution {
  /** Free-form contributor name (bound into the proof of knowledge). */
  readonly name: string;
  /** τ_k·g after this contribution (the chain the pairing check follows). */
  readonly tauG1: G1Point;
  /** s_k·g2: the contributor's multiplier in G2. */
  readonly sG2: G2Point;
  /** Schnorr proof of knowledge of s_k (commitment and response). */
  readonly pokR: G2Point;
  readonly pokZ: bigint;
}

/** A ceremony state: the current powers and every contribution so far. */
export interface Ceremony {
  readonly g: readonly G1Point[];
  readonly h: readonly G1Point[];
  readonly g2Tau: G2Point;
  readonly contributions: readonly Contribution[];
}

/** The starting state (τ = 1): g_i = g, h_i = h. Sizes are the numbers of powers wanted. */
export function initCeremony(gLength: number, hLength: number): Ceremony {
  if (!Number.isInteger(gLength) || gLength < 2 || !Number.isInteger(hLength) || hLength < 2)
    throw new RangeError('a ceremony needs at least 2 powers on each base');
  const h0 = hashToG1(H_LABEL);
  return {
    g: new Array<G1Point>(gLength).fill(G1.BASE),
    h: new Array<G1Point>(hLength).fill(h0),
    g2Tau: G2.BASE,
    contributions: [],
  };
}

function pokChallenge(prev: Ceremony, name: string, sG2: G2Point, r: G2Point): bigint {
  return new Transcript('floret-vdp/ceremony/pok/v1')
    .bytes('prev', stateDigest(prev))
    .bytes('name', new TextEncoder().encode(name))
    .g2('sG2', sG2)
    .g2('R', r)
    .challenge('c');
}

/** SHA-256 over the compressed encoding of a state's powers (binds a contribution to its input). */
export function stateDigest(c: Ceremony): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const p of c.g) parts.push(p.toBytes(true));
  for (const p of c.h) parts.push(p.toBytes(true));
  parts.push(c.g2Tau.toBytes(true));
  let n = 0;
  for (const p of parts) n += p.length;
  const all = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return sha256(all);
}

/**
 * Adds a contribution with a fresh secret from the CSPRNG (mixed with optional extra entropy). The
 * secret is dropped when this returns.
 */
export function contribute(prev: Ceremony, name: string, extraEntropy?: Uint8Array): Ceremony {
  let s = randomScalar();
  if (extraEntropy !== undefined)
    s = mod(s + BigInt(`0x${bytesToHex(sha256(extraEntropy))}`) * randomScalar());
  if (s === 0n) s = 1n;
  const g: G1Point[] = [];
  const h: G1Point[] = [];
  let p = 1n;
  for (let i = 0; i < Math.max(prev.g.length, prev.h.length); i++) {
    if (i < prev.g.length) g.push(i === 0 ? (prev.g[0] as G1Point) : (prev.g[i] as G1Point).multiply(p));
    if (i < prev.h.length) h.push(i === 0 ? (prev.h[0] as G1Point) : (prev.h[i] as G1Point).multiply(p));
    p = mul(p, s);
  }
  const sG2 = G2.BASE.multiply(s);
  const k = randomScalar() || 1n;
  const pokR = G2.BASE.multiply(k);
  const c = pokChallenge(prev, name, sG2, pokR);
  const pokZ = add(k, mul(c, s));
  return {
    g,
    h,
    g2Tau: prev.g2Tau.multiply(s),
    contributions: [...prev.contributions, { name, tauG1: g[1] as G1Point, sG2, pokR, pokZ }],
  };
}

/**
 * Checks that a state's powers are consistent: g_0 = g, h_0 = hash-to-curve(H_LABEL), and for random
 * ρ, σ: e(Σρ_i g_{i+1} + Σσ_i h_{i+1}, g2) = e(Σρ_i g_i + Σσ_i h_i, τ g2). Returns a reason or null.
 */
export function checkPowers(c: Ceremony): string | null {
  if (c.g.length < 2 || c.h.length < 2) return 'fewer than 2 powers';
  if (!(c.g[0] as G1Point).equals(G1.BASE)) return 'g_0 is not the G1 generator';
  if (!(c.h[0] as G1Point).equals(hashToG1(H_LABEL))) return 'h_0 is not the hashed base';
  if (c.g2Tau.equals(G2.ZERO) || (c.g[1] as G1Point).equals(G1.ZERO)) return 'τ is zero';
  const lo: G1Point[] = [];
  const hi: G1Point[] = [];
  const sc: bigint[] = [];
  for (const seq of [c.g, c.h]) {
    for (let i = 0; i + 1 < seq.length; i++) {
      lo.push(seq[i] as G1Point);
      hi.push(seq[i + 1] as G1Point);
      sc.push(randomScalar() >> 127n);
    }
  }
  const ok = pairingProductIsOne([
    [msm(hi, sc), G2.BASE],
    [msm(lo, sc).negate(), c.g2Tau],
  ]);
  return ok ? null : 'powers are not consecutive powers of one τ';
}

/**
 * Checks that `next` is `prev` plus one valid contribution: the record's proof of knowledge, the
 * chain e(τ_k g, g2) = e(τ_{k−1} g, s_k g2), and well-formed powers. Returns a reason or null.
 */
export function verifyContribution(prev: Ceremony, next: Ceremony): string | null {
  const k = prev.contributions.length;
  if (next.contributions.length !== k + 1) return 'expected exactly one new contribution';
  const rec = next.contributions[k] as Contribution;
  const bad = checkRecord(prev.g[1] as G1Point, rec, prev, k);
  if (bad !== null) return bad;
  if (!rec.tauG1.equals(next.g[1] as G1Point)) return `contribution ${k} (${rec.name}): τ·g does not match`;
  return checkPowers(next);
}

function checkRecord(prevTauG1: G1Point, rec: Contribution, prev: Ceremony | null, k: number): string | null {
  if (rec.sG2.equals(G2.ZERO)) return `contribution ${k} (${rec.name}): zero multiplier`;
  if (prev !== null) {
    const c = pokChallenge(prev, rec.name, rec.sG2, rec.pokR);
    if (!mulG2(G2.BASE, rec.pokZ).equals(rec.pokR.add(mulG2(rec.sG2, c))))
      return `contribution ${k} (${rec.name}): proof of knowledge fails`;
  }
  const ok = pairingProductIsOne([
    [rec.tauG1, G2.BASE],
    [prevTauG1.negate(), rec.sG2],
  ]);
  return ok ? null : `contribution ${k} (${rec.name}): does not build on the previous state`;
}

/**
 * Verifies a final ceremony state on its own: the powers are consistent, at least one contribution
 * exists, the chain of τ_k·g links each contribution to the last through pairings, and the final
 * τ·g matches the powers. (Proofs of knowledge bind to intermediate states, which a final file does
 * not carry; they are checked as each contribution is made, by {@link verifyContribution}.)
 */
export function verifyCeremony(c: Ceremony): string | null {
  if (c.contributions.length === 0) return 'no contributions: τ = 1 is not a setup';
  let prevTau: G1Point = G1.BASE;
  for (let k = 0; k < c.contributions.length; k++) {
    const rec = c.contributions[k] as Contribution;
    const bad = checkRecord(prevTau, rec, null, k);
    if (bad !== null) return bad;
    prevTau = rec.tauG1;
  }
  if (!prevTau.equals(c.g[1] as G1Point)) return 'last contribution does not match the powers';
  return checkPowers(c);
}

/** The SRS of a verified ceremony. */
export function srsFromCeremony(c: Ceremony): Srs {
  return prepareSrs({ g: c.g, h: c.h, g2: G2.BASE, g2Tau: c.g2Tau });
}

/** The JSON body of a ceremony file (hash excluded). */
interface PtauBody {
  format: string;
  version: number;
  gLength: number;
  hLength: number;
  g: string[];
  h: string[];
  g2Tau: string;
  contributions: { name: string; tauG1: string; sG2: string; pokR: string; pokZ: string }[];
}

/** Serializes a ceremony as the versioned JSON file format, with a SHA-256 of the body. */
export function ceremonyToJson(c: Ceremony): string {
  const body: PtauBody = {
    format: PTAU_FORMAT,
    version: PTAU_VERSION,
    gLength: c.g.length,
    hLength: c.h.length,
    g: c.g.map(g1ToHex),
    h: c.h.map(g1ToHex),
    g2Tau: g2ToHex(c.g2Tau),
    contributions: c.contributions.map((r) => ({
      name: r.name,
      tauG1: g1ToHex(r.tauG1),
      sG2: g2ToHex(r.sG2),
      pokR: g2ToHex(r.pokR),
      pokZ: bytesToHex(scalarToBytes(r.pokZ)),
    })),
  };
  const text = JSON.stringify(body);
  return `${JSON.stringify({ sha256: bytesToHex(sha256(new TextEncoder().encode(text))), body })}\n`;
}

/**
 * Parses a ceremony file: checks format, version, hash and point encodings (on curve, in subgroup).
 * Throws a RangeError naming the problem. Does not run the pairing checks (call verifyCeremony).
 */
export function ceremonyFromJson(text: string): Ceremony {
  let outer: unknown;
  try {
    outer = JSON.parse(text);
  } catch {
    throw new RangeError('ceremony file is not JSON');
  }
  if (typeof outer !== 'object' || outer === null) throw new RangeError('ceremony file: not an object');
  const o = outer as { sha256?: unknown; body?: unknown };
  const body = o.body as PtauBody | undefined;
  if (body === undefined || typeof body !== 'object') throw new RangeError('ceremony file: missing body');
  if (body.format !== PTAU_FORMAT) throw new RangeError(`ceremony file: format is not ${PTAU_FORMAT}`);
  if (body.version !== PTAU_VERSION)
    throw new RangeError(`ceremony file: version ${String(body.version)} unsupported (want ${PTAU_VERSION})`);
  const digest = bytesToHex(sha256(new TextEncoder().encode(JSON.stringify(body))));
  if (digest !== o.sha256) throw new RangeError('ceremony file: hash mismatch (file corrupted)');
  if (!Array.isArray(body.g) || body.g.length !== body.gLength || !Array.isArray(body.h))
    throw new RangeError('ceremony file: power counts do not match');
  try {
    return {
      g: body.g.map(g1FromHex),
      h: body.h.map(g1FromHex),
      g2Tau: g2FromHex(body.g2Tau),
      contributions: body.contributions.map((r) => ({
        name: String(r.name),
        tauG1: g1FromHex(r.tauG1),
        sG2: g2FromHex(r.sG2),
        pokR: g2FromHex(r.pokR),
        pokZ: BigInt(`0x${r.pokZ}`),
      })),
    };
  } catch (e) {
    throw new RangeError(`ceremony file: bad point encoding (${e instanceof Error ? e.message : String(e)})`);
  }
}
