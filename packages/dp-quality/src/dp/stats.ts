/**
 * @module dp/stats
 * Float statistics for TESTING the mechanisms, never for sampling: the chi-square survival function
 * (regularised upper incomplete gamma, Numerical Recipes §6.2 series and continued fraction), the
 * normal quantile (Acklam's rational approximation, refined by one Halley step) and Wilson score
 * confidence bounds for a binomial proportion.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  for (let i = 0; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (z + i + 1);
  const t = z + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lg = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - lg);
  }
  // Lentz's continued fraction for Γ(a, x).
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - lg) * h;
}

/** P(χ²_k ≥ x): the p-value of a chi-square statistic x with k degrees of freedom. */
export function chiSquarePValue(x: number, k: number): number {
  return gammaQ(k / 2, x / 2);
}

/**
 * Pearson's chi-square goodness of fit of observed counts against expected probabilities. Cells
 * with expected count below `minExpected` are pooled into one tail cell (so the statistic stays
 * chi-square distributed). Returns the statistic, degrees of freedom and p-value.
 */
export function chiSquareTest(
  observed: readonly number[],
  probs: readonly number[],
  minExpected = 5,
): { statistic: number; df: number; pValue: number } {
  const total = observed.reduce((s, x) => s + x, 0);
  let stat = 0;
  let cells = 0;
  let poolObs = 0;
  let poolExp = 0;
  let probSum = 0;
  for (let i = 0; i < probs.length; i++) {
    const e = (probs[i] as number) * total;
    probSum += probs[i] as number;
    const o = observed[i] ?? 0;
    if (e < minExpected) {
      poolObs += o;
      poolExp += e;
    } else {
      stat += ((o - e) * (o - e)) / e;
      cells++;
    }
  }
  // Everything observed outside the listed cells, with the remaining probability mass.
  const listedObs = observed.slice(0, probs.length).reduce((s, x) => s + x, 0);
  poolObs += total - listedObs;
  poolExp += Math.max(0, 1 - probSum) * total;
  if (poolExp > 0) {
    stat += ((poolObs - poolExp) * (poolObs - poolExp)) / poolExp;
    cells++;
  } else if (poolObs > 0) {
    return { statistic: Number.POSITIVE_INFINITY, df: cells, pValue: 0 };
  }
  const df = cells - 1;
  return { statistic: stat, df, pValue: chiSquarePValue(stat, df) };
}

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1 (Acklam's approximation plus one Halley refinement). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('normalQuantile: p must be in (0, 1)');
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const at = (arr: number[], i: number) => arr[i] as number;
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((at(c, 0) * q + at(c, 1)) * q + at(c, 2)) * q + at(c, 3)) * q + at(c, 4)) * q + at(c, 5)) /
      ((((at(d, 0) * q + at(d, 1)) * q + at(d, 2)) * q + at(d, 3)) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((at(a, 0) * r + at(a, 1)) * r + at(a, 2)) * r + at(a, 3)) * r + at(a, 4)) * r + at(a, 5)) * q) /
      (((((at(b, 0) * r + at(b, 1)) * r + at(b, 2)) * r + at(b, 3)) * r + at(b, 4)) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((at(c, 0) * q + at(c, 1)) * q + at(c, 2)) * q + at(c, 3)) * q + at(c, 4)) * q + at(c, 5)) /
      ((((at(d, 0) * q + at(d, 1)) * q + at(d, 2)) * q + at(d, 3)) * q + 1);
  }
  // One Halley step against erfc-based Φ.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Complementary error function (Numerical Recipes erfcc, relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Wilson score bounds [lower, upper] for a proportion of `k` successes in `n` trials at normal quantile z. */
export function wilson(k: number, n: number, z: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const den = 1 + z2 / n;
  return [Math.max(0, (centre - half) / den), Math.min(1, (centre + half) / den)];
}
