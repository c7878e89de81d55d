/**
 * @module dlap
 * The truncated discrete Laplace noise of VDDLM (arXiv:2504.21752 §5; privacy.md §1.4) and its exact
 * samplers. Noise N = sign·(1 + G) with sign ∈ {−1, 0, 1} (zero with probability p_z, else a fair
 * sign) and G = Σ_i 2^i·Ber(q_i), q_i = 1/(1 + e^{2^i/t}), t = 1/ε: the binary digits of a geometric
 * variable are independent Bernoullis. Every probability is truncated to P binary digits, and every
 * Bernoulli with a dyadic probability 0.b₁b₂…b_k is built from k uniform coins by the AND/OR chain
 * Ber(0.1β) = U ∨ Ber(0.β), Ber(0.0β) = U ∧ Ber(0.β). So the whole mechanism is a deterministic function
 * of uniform coin bits — which the protocol derives from committed Legendre-PRF keys.
 *
 * The parameter search reproduces the authors' analysis (scripts/vddlm.py of jvhs0706/VDDP, read for
 * the formulas only): smallest (L, P) in lexicographic order over 1..49 × 1..49 with ε′ < 1.05·ε and
 * δ′ < 10⁻¹⁰, computed in binary64 exactly as the reference does.
 */

/** The dyadic truncation of one probability: its P-digit floor and the digits up to the last 1. */
export interface DyadicProb {
  /** Value of the truncated probability (exact dyadic rational, as a double). */
  readonly p: number;
  /** Binary digits b₁…b_k after the point (k ≤ P, last digit 1, or empty for 0). */
  readonly bits: readonly number[];
}

/** Truncates p ∈ [0, 1) to P binary digits (floor), dropping trailing zeros. */
export function truncateProb(p: number, precision: number): DyadicProb {
  if (!(p >= 0 && p < 1)) throw new RangeError(`probability ${p} must be in [0, 1)`);
  // p·2^P is exact in binary64 (a power-of-two scaling), so its floor is the exact P-digit truncation.
  const scaled = Math.floor(p * 2 ** precision);
  const bits: number[] = [];
  for (let i = precision - 1; i >= 0; i--) bits.push(Math.floor(scaled / 2 ** i) % 2);
  while (bits.length > 0 && bits[bits.length - 1] === 0) bits.pop();
  return { p: scaled / 2 ** precision, bits };
}

/** The noise distribution's parameters and its privacy guarantees. */
export interface DLapParams {
  /** Target ε. */
  readonly epsilon: number;
  /** Geometric digits kept (after dropping those whose probability truncates to 0). */
  readonly logRange: number;
  /** Binary precision P of every probability. */
  readonly precision: number;
  /** Truncated P(N = 0). */
  readonly zero: DyadicProb;
  /** Truncated P(digit i of G = 1), i = 0..logRange−1. */
  readonly digits: readonly DyadicProb[];
  /** Actual ε′ of the truncated mechanism (sensitivity 1). */
  readonly epsilonPrime: number;
  /** Actual δ′ (the mass at the truncation boundary). */
  readonly deltaPrime: number;
  /** Uniform coin vectors consumed: 1 (sign) + Σ digits of every probability. */
  readonly coins: number;
  /** E|N| for one server's noise. */
  readonly expectedAbs: number;
}

/** ε′, δ′ and coin count for given (L, P), or null when a kept probability truncates to 0 mid-way. */
export function analyze(epsilon: number, logRange: number, precision: number): DLapParams | null {
  const t = 1 / epsilon;
  const e = Math.exp(1 / t);
  const zero = truncateProb((e - 1) / (e + 1), precision);
  const digits: DyadicProb[] = [];
  for (let i = 0; i < logRange; i++) {
    const q = 1 / (1 + Math.exp(2 ** i / t));
    digits.push(truncateProb(Number.isFinite(q) ? q : 0, precision));
  }
  while (digits.length > 0 && (digits[digits.length - 1] as DyadicProb).p === 0) digits.pop();
  if (digits.length === 0 || zero.p === 0) return null;
  if (digits.some((d) => d.p === 0)) return null; // log(0): the reference skips these settings
  const ps = digits.map((d) => d.p);
  let sumLogQ = 0;
  for (const p of ps) sumLogQ += Math.log(1 - p);
  let epsPrime = Math.log(zero.p) + Math.log(2) - Math.log(1 - zero.p) - sumLogQ;
  let cumP = 0;
  let cumQ = 0;
  for (const p of ps) {
    epsPrime = Math.max(epsPrime, Math.log(1 - p) - Math.log(p) + cumP - cumQ);
    cumP += Math.log(p);
    cumQ += Math.log(1 - p);
  }
  const deltaPrime = ((1 - zero.p) * Math.exp(cumP)) / 2;
  let g = 0;
  ps.forEach((p, i) => {
    g += 2 ** i * p;
  });
  let coins = 1 + zero.bits.length;
  for (const d of digits) coins += d.bits.length;
  return {
    epsilon,
    logRange: digits.length,
    precision,
    zero,
    digits,
    epsilonPrime: epsPrime,
    deltaPrime,
    coins,
    expectedAbs: (1 - zero.p) * (g + 1),
  };
}

/** Options of the parameter search. */
export interface SearchOptions {
  /** δ′ must be below this (default 1e-10, the reference's δ_max). */
  readonly deltaMax?: number;
  /** ε′ must be below tolerance·ε (default 1.05). */
  readonly tolerance?: number;
  /** Grid bound: L and P range over 1..searchSpace−1 (default 50). */
  readonly searchSpace?: number;
}

/**
 * The reference parameter search: first (L, P) in lexicographic order with ε′ < tolerance·ε and
 * δ′ < deltaMax. At ε = 1 it yields ε′ = 1.00690…, δ′ = 5.81·10⁻¹⁵, 159 coins (privacy.md §1.4).
 * @throws RangeError when no grid point qualifies
 */
export function searchParams(epsilon: number, opts: SearchOptions = {}): DLapParams {
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new RangeError(`ε must be positive, got ${epsilon}`);
  const deltaMax = opts.deltaMax ?? 1e-10;
  const tol = opts.tolerance ?? 1.05;
  const space = opts.searchSpace ?? 50;
  for (let L = 1; L < space; L++) {
    for (let P = 1; P < space; P++) {
      const a = analyze(epsilon, L, P);
      if (a !== null && a.epsilonPrime < epsilon * tol && a.deltaPrime < deltaMax) return a;
    }
  }
  throw new RangeError(`no truncated discrete Laplace parameters reach ε = ${epsilon} within the grid`);
}

/**
 * Exact pmf of one server's truncated noise: a map value → probability (binary64 products of the
 * exact dyadic truncations). Support: 0 and ±1..±2^L.
 */
export function noisePmf(params: DLapParams): Map<number, number> {
  const L = params.logRange;
  const pmf = new Map<number, number>();
  pmf.set(0, params.zero.p);
  for (let g = 0; g < 2 ** L; g++) {
    let pr = (1 - params.zero.p) / 2;
    for (let i = 0; i < L; i++) {
      const q = (params.digits[i] as DyadicProb).p;
      pr *= Math.floor(g / 2 ** i) % 2 === 1 ? q : 1 - q;
    }
    pmf.set(1 + g, pr);
    pmf.set(-(1 + g), pr);
  }
  return pmf;
}

/** E|N₁ + … + N_s| for s independent servers' noises (exact convolution of the pmf). */
export function expectedAbsSum(params: DLapParams, servers: number): number {
  const base = noisePmf(params);
  let acc = new Map<number, number>([[0, 1]]);
  for (let s = 0; s < servers; s++) {
    const next = new Map<number, number>();
    for (const [a, pa] of acc) for (const [b, pb] of base) next.set(a + b, (next.get(a + b) ?? 0) + pa * pb);
    acc = next;
  }
  let e = 0;
  for (const [v, p] of acc) e += Math.abs(v) * p;
  return e;
}

/** A coin vector: one uniform bit per dimension. */
export type CoinVector = Uint8Array;

/** d uniform bits from the platform CSPRNG. */
export function randomCoinVector(d: number): CoinVector {
  const bytes = new Uint8Array(Math.ceil(d / 8));
  crypto.getRandomValues(bytes);
  const out = new Uint8Array(d);
  for (let i = 0; i < d; i++) out[i] = ((bytes[i >> 3] as number) >> (i & 7)) & 1;
  return out;
}

/** One Bernoulli layer of the AND/OR chain, for the prover: kind and the three vectors involved. */
export interface ChainStep {
  readonly op: 'and' | 'or';
  /** The fresh uniform coin vector U. */
  readonly coin: number;
  /** Input Ber(0.β) (null for the innermost step, which is U itself). */
  readonly inner: Uint8Array | null;
  /** Output U ∘ inner. */
  readonly out: Uint8Array;
}

/**
 * Ber(0.b₁…b_k) entrywise from k coin vectors (coin j used for digit b_j), evaluated innermost-first:
 * the innermost digit is always 1 (trailing zeros were dropped), so Ber(0.b_k) = U_k; then
 * v ← b_j ? U_j ∨ v : U_j ∧ v. Returns the result and the steps (for proofs).
 */
export function bernoulliFromCoins(
  bits: readonly number[],
  coins: readonly CoinVector[],
  firstCoin: number,
  d: number,
): { value: Uint8Array; steps: ChainStep[] } {
  const steps: ChainStep[] = [];
  if (bits.length === 0) return { value: new Uint8Array(d), steps };
  let v = Uint8Array.from(coins[firstCoin + bits.length - 1] as CoinVector);
  for (let j = bits.length - 2; j >= 0; j--) {
    const u = coins[firstCoin + j] as CoinVector;
    const out = new Uint8Array(d);
    const or = bits[j] === 1;
    for (let i = 0; i < d; i++)
      out[i] = or ? (u[i] as number) | (v[i] as number) : (u[i] as number) & (v[i] as number);
    steps.push({ op: or ? 'or' : 'and', coin: firstCoin + j, inner: v, out });
    v = out;
  }
  return { value: v, steps };
}

/** Which coin vectors feed which part of the noise. */
export interface CoinLayout {
  /** Coin for is_pos. */
  readonly sign: number;
  /** First coin of Ber(p_z). */
  readonly zero: number;
  /** First coin of Ber(q_i) per digit. */
  readonly digits: readonly number[];
  /** Total coins = params.coins. */
  readonly total: number;
}

/** The coin layout of a parameter set: sign, then p_z's digits, then each q_i's digits. */
export function coinLayout(params: DLapParams): CoinLayout {
  let next = 1 + params.zero.bits.length;
  const digits: number[] = [];
  for (const d of params.digits) {
    digits.push(next);
    next += d.bits.length;
  }
  return { sign: 0, zero: 1, digits, total: next };
}

/** Noise vector and every intermediate vector, as the prover needs them. */
export interface NoiseTrace {
  readonly noise: Int32Array;
  readonly isPos: Uint8Array;
  readonly isZero: { value: Uint8Array; steps: ChainStep[] };
  readonly digits: { value: Uint8Array; steps: ChainStep[] }[];
  /** G = Σ 2^i digit_i. */
  readonly geometric: Int32Array;
  /** sign = (2·isPos − 1)(1 − isZero). */
  readonly sign: Int32Array;
}

/** The deterministic noise function of the coins (privacy.md §1.4 steps 3–6). */
export function noiseFromCoins(params: DLapParams, coins: readonly CoinVector[], d: number): NoiseTrace {
  const lay = coinLayout(params);
  if (coins.length !== lay.total)
    throw new RangeError(`expected ${lay.total} coin vectors, got ${coins.length}`);
  const isPos = coins[lay.sign] as CoinVector;
  const isZero = bernoulliFromCoins(params.zero.bits, coins, lay.zero, d);
  const digits = params.digits.map((dp, i) => bernoulliFromCoins(dp.bits, coins, lay.digits[i] as number, d));
  const geometric = new Int32Array(d);
  digits.forEach((dg, i) => {
    for (let k = 0; k < d; k++) geometric[k] = (geometric[k] as number) + (dg.value[k] as number) * 2 ** i;
  });
  const sign = new Int32Array(d);
  const noise = new Int32Array(d);
  for (let k = 0; k < d; k++) {
    sign[k] = (2 * (isPos[k] as number) - 1) * (1 - (isZero.value[k] as number));
    noise[k] = (sign[k] as number) * (1 + (geometric[k] as number));
  }
  return { noise, isPos, isZero, digits, geometric, sign };
}

/** Samples d truncated discrete-Laplace noises from fresh CSPRNG coins (integer operations only). */
export function sampleNoise(params: DLapParams, d: number): Int32Array {
  const coins = Array.from({ length: coinLayout(params).total }, () => randomCoinVector(d));
  return noiseFromCoins(params, coins, d).noise;
}
