/**
 * Baseline classifiers for bench/net-baselines.mjs (issue 7, "Targets": the exact network against an
 * SVM and a gradient-trained network of the same width; Deep-ICE arXiv:2505.05740 abstract, research
 * note exact-learning.md §2.1, §3.2). Written here from the textbook algorithms, no library:
 *
 * - a linear SVM trained by dual coordinate descent (Hsieh, Chang, Lin, Keerthi, Sathiya 2008, "A dual
 *   coordinate descent method for large-scale linear SVM", Algorithm 1, L1-loss / hinge, the bias as an
 *   extra constant feature), C picked by inner 3-fold cross-validation over a fixed grid;
 * - a rank-K maxout unit f(x) = max_k (w_k·x + b_k) (or min_k, the intersection class) trained by Adam
 *   (Kingma & Ba 2015) on the logistic surrogate log(1 + exp(−t·f(x))), full batch, several seeded
 *   restarts, keeping the restart with the fewest training errors (the most favourable choice for it).
 *
 * Features are standardised with the training fold's mean and deviation (both baselines need it; the
 * exact search is invariant to it). Predictions are sign(f) with f = 0 counted as negative.
 */

/** Mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw from a uniform generator (Box–Muller). */
function gauss(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Stratified k folds of row indices (seeded): each fold keeps the class proportions. */
export function stratifiedFolds(t, k, seed) {
  const rand = rng(seed);
  const pos = [];
  const neg = [];
  for (let i = 0; i < t.length; i++) (t[i] > 0 ? pos : neg).push(i);
  const shuffle = (a) => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
  };
  shuffle(pos);
  shuffle(neg);
  const folds = Array.from({ length: k }, () => []);
  [...pos, ...neg].forEach((i, r) => folds[r % k].push(i));
  return folds.map((f) => f.sort((a, b) => a - b));
}

/** Mean and standard deviation of each feature over `rows` (deviation 1 for a constant feature). */
export function scaler(x, d, rows) {
  const mu = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const i of rows) for (let f = 0; f < d; f++) mu[f] += x[i * d + f];
  for (let f = 0; f < d; f++) mu[f] /= rows.length;
  for (const i of rows)
    for (let f = 0; f < d; f++) {
      const v = x[i * d + f] - mu[f];
      sd[f] += v * v;
    }
  for (let f = 0; f < d; f++) sd[f] = Math.sqrt(sd[f] / rows.length) || 1;
  return (i, f) => (x[i * d + f] - mu[f]) / sd[f];
}

/**
 * Linear SVM (hinge loss, penalty C) by dual coordinate descent on the rows `rows`; returns the weight
 * vector with the bias last. Stops when the projected-gradient spread falls below `eps` or after
 * `maxEpochs` passes.
 */
export function trainSvm(z, d, t, rows, C, seed = 1, maxEpochs = 1000, eps = 1e-3) {
  const n = rows.length;
  const D = d + 1;
  const X = new Float64Array(n * D);
  const y = new Float64Array(n);
  const qii = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const i = rows[r];
    for (let f = 0; f < d; f++) X[r * D + f] = z(i, f);
    X[r * D + d] = 1;
    y[r] = t[i];
    let q = 0;
    for (let f = 0; f < D; f++) q += X[r * D + f] * X[r * D + f];
    qii[r] = q;
  }
  const alpha = new Float64Array(n);
  const w = new Float64Array(D);
  const order = Array.from({ length: n }, (_v, r) => r);
  const rand = rng(seed);
  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    for (let r = n - 1; r > 0; r--) {
      const j = Math.floor(rand() * (r + 1));
      [order[r], order[j]] = [order[j], order[r]];
    }
    let maxPg = Number.NEGATIVE_INFINITY;
    let minPg = Number.POSITIVE_INFINITY;
    for (const r of order) {
      let g = 0;
      for (let f = 0; f < D; f++) g += w[f] * X[r * D + f];
      g = y[r] * g - 1;
      let pg = g;
      if (alpha[r] === 0) pg = Math.min(g, 0);
      else if (alpha[r] === C) pg = Math.max(g, 0);
      if (pg > maxPg) maxPg = pg;
      if (pg < minPg) minPg = pg;
      if (pg !== 0) {
        const old = alpha[r];
        alpha[r] = Math.min(Math.max(old - g / qii[r], 0), C);
        const delta = (alpha[r] - old) * y[r];
        for (let f = 0; f < D; f++) w[f] += delta * X[r * D + f];
      }
    }
    if (maxPg - minPg < eps) break;
  }
  return w;
}

/** Misclassifications of a linear model (bias last) on `rows`. */
export function linearErrors(w, z, d, t, rows) {
  let e = 0;
  for (const i of rows) {
    let s = w[d];
    for (let f = 0; f < d; f++) s += w[f] * z(i, f);
    if ((s > 0 ? 1 : -1) !== t[i]) e++;
  }
  return e;
}

/** The SVM baseline: C by inner 3-fold CV over the grid (ties → smaller C), then refit on all `rows`. */
export function svmBaseline(x, d, t, rows, seed = 1, grid = [0.01, 0.1, 1, 10, 100]) {
  const z = scaler(x, d, rows);
  const inner = stratifiedFolds(
    rows.map((i) => t[i]),
    3,
    seed + 17,
  ).map((f) => f.map((r) => rows[r]));
  let bestC = grid[0];
  let bestErr = Number.POSITIVE_INFINITY;
  for (const C of grid) {
    let err = 0;
    for (let k = 0; k < inner.length; k++) {
      const test = new Set(inner[k]);
      const train = rows.filter((i) => !test.has(i));
      err += linearErrors(trainSvm(z, d, t, train, C, seed), z, d, t, inner[k]);
    }
    if (err < bestErr) {
      bestErr = err;
      bestC = C;
    }
  }
  const w = trainSvm(z, d, t, rows, bestC, seed);
  return { C: bestC, errors: (r) => linearErrors(w, z, d, t, r) };
}

/**
 * Rank-K maxout (kind 'union': max; 'intersection': min) trained by full-batch Adam on the logistic
 * surrogate; `restarts` seeded random initialisations, the one with the fewest training errors kept.
 */
export function maxoutBaseline(
  x,
  d,
  t,
  rows,
  K,
  { kind = 'union', restarts = 8, epochs = 1500, lr = 0.05, seed = 1 } = {},
) {
  const z = scaler(x, d, rows);
  const n = rows.length;
  const Z = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < d; f++) Z[r * d + f] = z(rows[r], f);
    y[r] = t[rows[r]];
  }
  const P = K * (d + 1);
  const sign = kind === 'union' ? 1 : -1; // min_k a = −max_k(−a)
  const forward = (theta, zi, off) => {
    let best = Number.NEGATIVE_INFINITY;
    let arg = 0;
    for (let k = 0; k < K; k++) {
      let s = theta[k * (d + 1) + d];
      for (let f = 0; f < d; f++) s += theta[k * (d + 1) + f] * zi[off + f];
      s *= sign;
      if (s > best) {
        best = s;
        arg = k;
      }
    }
    return [sign * best, arg];
  };
  const countErrors = (theta, zi, yi, m) => {
    let e = 0;
    for (let r = 0; r < m; r++) if ((forward(theta, zi, r * d)[0] > 0 ? 1 : -1) !== yi[r]) e++;
    return e;
  };
  let bestTheta = null;
  let bestErr = Number.POSITIVE_INFINITY;
  for (let rs = 0; rs < restarts; rs++) {
    const rand = rng(seed * 1000 + rs);
    const theta = new Float64Array(P);
    for (let p = 0; p < P; p++) theta[p] = 0.5 * gauss(rand);
    const m1 = new Float64Array(P);
    const m2 = new Float64Array(P);
    const grad = new Float64Array(P);
    const b1 = 0.9;
    const b2 = 0.999;
    for (let ep = 1; ep <= epochs; ep++) {
      grad.fill(0);
      for (let r = 0; r < n; r++) {
        const [f, k] = forward(theta, Z, r * d);
        // d/df log(1 + exp(−y f)) = −y σ(−y f)
        const m = -y[r] * f;
        const s = m > 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
        const g = (-y[r] * s) / n;
        const o = k * (d + 1);
        for (let q = 0; q < d; q++) grad[o + q] += g * Z[r * d + q];
        grad[o + d] += g;
      }
      for (let p = 0; p < P; p++) {
        m1[p] = b1 * m1[p] + (1 - b1) * grad[p];
        m2[p] = b2 * m2[p] + (1 - b2) * grad[p] * grad[p];
        const mh = m1[p] / (1 - b1 ** ep);
        const vh = m2[p] / (1 - b2 ** ep);
        theta[p] -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
    }
    const e = countErrors(theta, Z, y, n);
    if (e < bestErr) {
      bestErr = e;
      bestTheta = theta;
    }
  }
  const theta = bestTheta;
  return {
    errors(rs) {
      let e = 0;
      const zi = new Float64Array(d);
      for (const i of rs) {
        for (let f = 0; f < d; f++) zi[f] = z(i, f);
        if ((forward(theta, zi, 0)[0] > 0 ? 1 : -1) !== t[i]) e++;
      }
      return e;
    },
  };
}
