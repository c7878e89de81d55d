/** Test statistics helpers: chi-square goodness of fit with a Wilson–Hilferty critical value. */

/**
 * Pearson chi-square of integer samples against a pmf; bins with expected count < 5 are pooled into
 * one tail bin. Returns the statistic and the degrees of freedom.
 */
export function chiSquare(
  samples: ArrayLike<number>,
  pmf: Map<number, number>,
): { stat: number; df: number } {
  const n = samples.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(samples[i] as number, (counts.get(samples[i] as number) ?? 0) + 1);
  let stat = 0;
  let bins = 0;
  let tailExp = 0;
  let tailObs = 0;
  for (const [v, p] of pmf) {
    const e = p * n;
    const o = counts.get(v) ?? 0;
    counts.delete(v);
    if (e < 5) {
      tailExp += e;
      tailObs += o;
    } else {
      stat += (o - e) ** 2 / e;
      bins++;
    }
  }
  for (const o of counts.values()) tailObs += o; // values outside the support
  if (tailExp > 0) {
    stat += (tailObs - tailExp) ** 2 / Math.max(tailExp, 1e-9);
    bins++;
  } else if (tailObs > 0) stat = Number.POSITIVE_INFINITY;
  return { stat, df: bins - 1 };
}

/** Upper critical value of chi-square(df) at the normal quantile z (Wilson–Hilferty). */
export function chiSquareCritical(df: number, z: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}
