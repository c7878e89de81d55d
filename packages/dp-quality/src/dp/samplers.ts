/**
 * @module dp/samplers
 * Exact discrete samplers with integer arithmetic only, after Canonne, Kamath and Steinke, "The
 * Discrete Gaussian for Differential Privacy" (NeurIPS 2020, arXiv:2004.00010) §5: Bernoulli(p) for
 * rational p, Bernoulli(exp(−γ)) for rational γ ≥ 0 (their Algorithm 1), and the discrete Laplace
 * distribution with rational scale (their Algorithm 2). No floating point touches the randomness, so
 * Mironov's attack on float Laplace (CCS 2012) does not apply.
 *
 * The exponential mechanism (McSherry–Talwar 2007) is sampled exactly by rejection: propose a
 * candidate uniformly and accept it with probability exp(−γ_i), γ_i = ε(u* − u_i)/(2Δ) ≥ 0 an
 * exact rational, where u* is the best score. The accepted index has probability exactly
 * ∝ exp(ε·u_i/(2Δ)); the expected number of proposals is k/Σ_i exp(−γ_i) ≤ k. (The running time
 * depends on the scores: like every rejection sampler here this is a timing channel, not a value
 * channel; releases are not timed by the caller.)
 */
import { cmp, div, floor, mul, type Rational, rat, sub } from './rational.js';
import { type RandomSource, uniformBigInt } from './rng.js';

/** Bernoulli(num/den), 0 ≤ num ≤ den: true with probability exactly num/den. */
export function bernoulli(rng: RandomSource, p: Rational): boolean {
  if (p.num <= 0n) return false;
  if (p.num >= p.den) return true;
  return uniformBigInt(rng, p.den) < p.num;
}

/** Bernoulli(exp(−γ)) for rational γ ∈ [0, 1]: CKS Algorithm 1, first part (Forsythe-style series). */
function bernoulliExpNegSmall(rng: RandomSource, g: Rational): boolean {
  let k = 1n;
  // A_k ~ Bernoulli(γ/k); stop at the first failure; P(stop with k odd) = exp(−γ).
  while (bernoulli(rng, rat(g.num, g.den * k))) k++;
  return k % 2n === 1n;
}

/** Bernoulli(exp(−γ)) for any rational γ ≥ 0 (CKS Algorithm 1): ⌊γ⌋ draws of Bernoulli(e⁻¹), then the rest. */
export function bernoulliExpNeg(rng: RandomSource, gamma: Rational): boolean {
  if (gamma.num < 0n) throw new RangeError('bernoulliExpNeg: γ must be ≥ 0');
  const whole = floor(gamma);
  const one = rat(1n);
  for (let i = 0n; i < whole; i++) if (!bernoulliExpNegSmall(rng, one)) return false;
  return bernoulliExpNegSmall(rng, sub(gamma, rat(whole)));
}

/**
 * Discrete Laplace with scale b > 0: P(X = x) = (1 − e^{−1/b})/(1 + e^{−1/b}) · e^{−|x|/b} for every
 * integer x (CKS Algorithm 2 with b = t/s). Adding it to an integer query of sensitivity Δ with
 * b = Δ/ε gives ε-DP: the pmf ratio at shifted points is at most e^{Δ/b} = e^ε.
 */
export function discreteLaplace(rng: RandomSource, scale: Rational): bigint {
  if (scale.num <= 0n) throw new RangeError('discreteLaplace: scale must be > 0');
  const t = scale.num; // b = t/s
  const s = scale.den;
  for (;;) {
    const u = uniformBigInt(rng, t);
    if (!bernoulliExpNeg(rng, rat(u, t))) continue;
    let v = 0n;
    while (bernoulliExpNeg(rng, rat(1n))) v++;
    const x = u + t * v; // P(X = x) ∝ e^{−x/t}
    const y = x / s; // floor: P(Y = y) ∝ e^{−y·s/t}
    const negative = bernoulli(rng, rat(1n, 2n));
    if (negative && y === 0n) continue; // otherwise 0 would be counted twice
    return negative ? -y : y;
  }
}

/** Discrete Laplace noise as a JS number (the value is an integer far inside the safe range). */
export function discreteLaplaceNumber(rng: RandomSource, scale: Rational): number {
  return Number(discreteLaplace(rng, scale));
}

/**
 * The exponential mechanism: returns index i with probability ∝ exp(ε·u_i/(2Δ)), sampled exactly
 * (see the module comment). Scores, ε and the score sensitivity Δ are exact rationals.
 */
export function exponentialMechanism(
  rng: RandomSource,
  scores: readonly Rational[],
  epsilon: Rational,
  sensitivity: Rational,
): number {
  const k = scores.length;
  if (k === 0) throw new RangeError('exponentialMechanism: no candidates');
  if (epsilon.num <= 0n || sensitivity.num <= 0n)
    throw new RangeError('exponentialMechanism: ε and Δ must be > 0');
  let best = scores[0] as Rational;
  for (const s of scores) if (cmp(s, best) > 0) best = s;
  const factor = div(epsilon, mul(rat(2n), sensitivity));
  const gammas = scores.map((s) => mul(factor, sub(best, s)));
  for (;;) {
    const i = Number(uniformBigInt(rng, BigInt(k)));
    if (bernoulliExpNeg(rng, gammas[i] as Rational)) return i;
  }
}

/**
 * The generalized exponential mechanism (Raskhodnikova & Smith, FOCS 2016, §"GEM") for candidates
 * whose utilities have different sensitivities: utility u_i (higher is better) of sensitivity Δ_i.
 * With the penalised v_i = u_i − t·Δ_i, the normalised score s_i = max_j (v_j − v_i)/(Δ_i + Δ_j) has
 * sensitivity 1 (each term moves by at most (Δ_i + Δ_j)/(Δ_i + Δ_j)), so sampling i ∝ exp(−ε·s_i/2)
 * — the exponential mechanism on −s with Δ = 1, sampled exactly — is ε-DP. `t` (public) trades
 * bias for safety; Raskhodnikova–Smith take t = ln(k/β)/ε for failure probability β.
 */
export function generalizedExponentialMechanism(
  rng: RandomSource,
  utilities: readonly Rational[],
  sensitivities: readonly Rational[],
  epsilon: Rational,
  t: Rational,
): number {
  const k = utilities.length;
  if (k === 0 || sensitivities.length !== k)
    throw new RangeError('generalizedExponentialMechanism: bad candidates');
  const v = utilities.map((u, i) => sub(u, mul(t, sensitivities[i] as Rational)));
  const scores: Rational[] = [];
  for (let i = 0; i < k; i++) {
    // max_j (v_j − v_i)/(Δ_i + Δ_j), compared unreduced (positive denominators) and reduced once.
    const vi = v[i] as Rational;
    const di = sensitivities[i] as Rational;
    let bn = 0n;
    let bd = 1n;
    for (let j = 0; j < k; j++) {
      const vj = v[j] as Rational;
      const dj = sensitivities[j] as Rational;
      const num = (vj.num * vi.den - vi.num * vj.den) * (di.den * dj.den);
      const den = vj.den * vi.den * (di.num * dj.den + dj.num * di.den);
      if (num * bd > bn * den) {
        bn = num;
        bd = den;
      }
    }
    scores.push(rat(-bn, bd));
  }
  return exponentialMechanism(rng, scores, epsilon, rat(1n));
}
