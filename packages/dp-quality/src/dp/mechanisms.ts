/**
 * @module dp/mechanisms
 * Node-level DP estimates (neighbours: add or remove one tuple, i.e. one vertex and its edges) of
 * the inconsistency measures of arXiv:2502.11009 on a conflict graph:
 *   I_MI = edges + self-conflicting tuples, I_P = non-isolated or self-conflicting tuples, and
 *   I_R through a greedy maximal matching M (|M| ≤ I_R ≤ 2|M|).
 *
 * Floret's pipeline for I_MI and I_P (ε split exactly: 1/10 bound, 3/10 θ selection, 6/10 release):
 *   1. DP degree bound B (§5 "Algo 3" idea): a Laplace count of tuples n~ (sensitivity 1) and, when
 *      the caller passes the largest equality-group size of each FD-shaped constraint (each of
 *      sensitivity 1), their noisy sum (sensitivity k); each noisy value plus 3 noise scales (so it is
 *      rarely below the truth). B = clip(Σ max~, 1, n~), else B = n~. No true
 *      n enters a candidate set (n itself is private under add/remove neighbours).
 *   2. θ by the GENERALIZED exponential mechanism (Raskhodnikova–Smith 2016) over the √2-spaced grid
 *      {1, ⌈√2⌉, 2, ⌈2√2⌉, 4, …} ∩ [1, B] ∪ {B} (or, with `hierarchical`, two rounds of half the budget:
 *      {1, 2, 4, …} ∩ [1, B] ∪ {B}, then up to 16 evenly spaced values in [θ₁/2, min(2θ₁, B)]).
 *      Utility u(θ) = stat(θ) − (θ+1)/ε_release
 *      (projected value minus the noise scale: maximised ⇔ bias + expected |noise| minimised), of
 *      sensitivity θ + 1 per candidate. The plain EM must use the LARGEST candidate's sensitivity for
 *      every score, which makes it nearly uniform when scores span less than a few times B/ε (the
 *      reference's I_P picks); GEM normalises each comparison by Δ_i + Δ_j and stays selective.
 *   3. Release stat(θ) + DLap((θ+1)/ε_release), clamped at 0 (post-processing).
 * stat(θ) is the edge-addition projection's I_MI for I_MI and, for I_P, the coverage projection's
 * I_P (projection.ts projectCover: same sensitivity θ + 1, far smaller θ needed on hub-shaped graphs).
 * For I_R: s + 2|M| + DLap(2/ε) with the whole budget, s = self-conflicting tuples, M a greedy
 * maximal matching of the rest (sensitivity 2: see projection.ts matchingCover).
 *
 * The reference method (re-implemented from privacy.md §2.5, labelled 'reference-bound-hier') is
 * here for comparison only: its candidates, its √2-std score with score sensitivity = largest
 * candidate, its Laplace sensitivity θ (too small for I_P by one) and its budget as its code spends
 * it — 0.1ε + 0.3ε + a final release at the full ε, 1.4ε in all.
 */
import type { ConflictGraph } from '../graph-types.js';
import { PrivacyLedger } from '../ledger.js';
import { matchingCover, projectCover, projectEdgeAddition } from './projection.js';
import { add, div, mul, type Rational, rat, toNumber } from './rational.js';
import { type RandomSource, uniformInt } from './rng.js';
import { discreteLaplaceNumber, exponentialMechanism, generalizedExponentialMechanism } from './samplers.js';

/** The measures with a DP estimator. */
export type Measure = 'mi' | 'p' | 'r';
/** The estimator family. */
export type Method = 'floret' | 'reference-bound-hier';

/** Inputs of an estimate. */
export interface EstimateOptions {
  /** Which measure. */
  readonly measure: Measure;
  /** Total ε (exact). */
  readonly epsilon: Rational;
  /** Randomness (CryptoRandom, or SeededRandom for reproducible runs). */
  readonly rng: RandomSource;
  /**
   * Largest group size of each FD-shaped constraint's equality attributes (each has node
   * sensitivity 1); enables the FD part of the DP degree bound.
   */
  readonly fdGroupMaxima?: readonly number[];
  /**
   * θ selection in two rounds (geometric grid, then a linear grid around the first pick; half the
   * selection budget each) instead of one round over the √2-spaced grid. Default false: one round
   * measured better in bench/error.mjs.
   */
  readonly hierarchical?: boolean;
  /**
   * A DP degree bound released earlier ({@link dpDegreeBound}, charged to the same ledger), shared
   * by several measures; this estimate then spends ε on θ (1/3) and the release (2/3) only.
   */
  readonly degreeBound?: number;
  /** Ledger to charge; a fresh one with budget ε when absent. */
  readonly ledger?: PrivacyLedger;
}

/** One θ selection round. */
export interface ThetaRound {
  readonly candidates: readonly number[];
  readonly chosen: number;
  readonly epsilon: Rational;
  readonly sensitivity: number;
}

/** A DP release and how it was made. */
export interface DpEstimate {
  readonly measure: Measure;
  readonly method: Method;
  readonly epsilon: Rational;
  /** The released value, max(0, noisy). */
  readonly estimate: number;
  /** The noisy value before clamping at 0. */
  readonly noisy: number;
  /** Projection bound used (1 for I_R: the matching). */
  readonly theta: number;
  /** Sensitivity of the released statistic. */
  readonly sensitivity: number;
  /** Scale b of the discrete Laplace noise on the release. */
  readonly scale: Rational;
  /** DP degree bound (I_MI, I_P). */
  readonly degreeBound?: number;
  /** θ selection rounds (I_MI, I_P). */
  readonly rounds?: readonly ThetaRound[];
  /** The ledger charged. */
  readonly ledger: PrivacyLedger;
}

const R = (n: number | bigint) => rat(BigInt(n));

/** Floret's projected statistic: edge addition for I_MI, coverage projection for I_P. */
function statOf(g: ConflictGraph, measure: 'mi' | 'p', theta: number, deg: Int32Array): number {
  return measure === 'mi'
    ? projectEdgeAddition(g, theta, undefined, deg).minimalInconsistent
    : projectCover(g, theta, deg);
}

/** The reference's projected statistic: edge addition (in its order) for both measures. */
function refStatOf(
  g: ConflictGraph,
  measure: 'mi' | 'p',
  theta: number,
  deg: Int32Array,
  order?: Int32Array,
): number {
  const s = projectEdgeAddition(g, theta, order, deg);
  return measure === 'mi' ? s.minimalInconsistent : s.problematic;
}

function clampInt(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(x)));
}

/** Floret's I_R estimate: self-loops + 2|M| (greedy maximal matching in vertex order), plus DLap(2/ε). */
function estimateRepair(g: ConflictGraph, o: EstimateOptions, ledger: PrivacyLedger): DpEstimate {
  const { cover } = matchingCover(g);
  const scale = div(R(2), o.epsilon);
  ledger.charge({
    mechanism: 'discrete-laplace',
    query: 'I_R upper bound: self-conflicting tuples + 2|M| (greedy maximal matching M)',
    epsilon: o.epsilon,
    sensitivity: R(2),
    scale,
  });
  const noisy = cover + discreteLaplaceNumber(o.rng, scale);
  return {
    measure: 'r',
    method: 'floret',
    epsilon: o.epsilon,
    estimate: Math.max(0, noisy),
    noisy,
    theta: 1,
    sensitivity: 2,
    scale,
    ledger,
  };
}

/**
 * The release step for a fixed θ: the projected I_MI or I_P plus DLap((θ+1)/ε), charged to the
 * ledger. θ must not depend on the data except through earlier DP steps.
 */
export function releaseProjected(
  g: ConflictGraph,
  measure: 'mi' | 'p',
  theta: number,
  epsilon: Rational,
  rng: RandomSource,
  ledger: PrivacyLedger = new PrivacyLedger(epsilon),
  deg: Int32Array = new Int32Array(g.n),
): { noisy: number; sensitivity: number; scale: Rational } {
  const sensitivity = theta + 1;
  const scale = div(R(sensitivity), epsilon);
  ledger.charge({
    mechanism: 'discrete-laplace',
    query: `${measure === 'mi' ? 'I_MI' : 'I_P'} of the graph projected to degree ≤ ${theta}`,
    epsilon,
    sensitivity: R(sensitivity),
    scale,
  });
  const noisy = statOf(g, measure, theta, deg) + discreteLaplaceNumber(rng, scale);
  return { noisy, sensitivity, scale };
}

/** Geometric grid 1, 2, 4, … up to b, plus b itself. */
function geometricGrid(b: number): number[] {
  const out: number[] = [];
  for (let t = 1; t < b; t *= 2) out.push(t);
  out.push(b);
  return out;
}

/** 1, then ⌈√2^j⌉ up to b, plus b. */
function fineGrid(b: number): number[] {
  const out = new Set<number>([1]);
  for (let x = 1; x < b; x *= Math.SQRT2) out.add(Math.ceil(x));
  out.add(b);
  return [...out].filter((x) => x <= b).sort((a, c) => a - c);
}

/** Up to `k` evenly spaced integers in [lo, hi], both ends included. */
function linearGrid(lo: number, hi: number, k: number): number[] {
  if (hi - lo + 1 <= k) return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const out = new Set<number>();
  for (let i = 0; i < k; i++) out.add(lo + Math.round(((hi - lo) * i) / (k - 1)));
  return [...out].sort((a, b) => a - b);
}

/**
 * The DP degree bound B (step 1 of the module comment): a noisy tuple count n~ and, with FD group
 * maxima, their noisy sum, each plus a public margin of 3 noise scales; B = clip(Σ max~, 1, n~).
 * Charges `epsilon` to the ledger (half each when both are released).
 */
export function dpDegreeBound(
  g: ConflictGraph,
  o: { epsilon: Rational; rng: RandomSource; ledger: PrivacyLedger; fdGroupMaxima: readonly number[] },
): number {
  const fds = o.fdGroupMaxima;
  const epsCount = fds.length > 0 ? div(o.epsilon, R(2)) : o.epsilon;
  const countScale = div(R(1), epsCount);
  o.ledger.charge({
    mechanism: 'discrete-laplace',
    query: 'number of tuples n',
    epsilon: epsCount,
    sensitivity: R(1),
    scale: countScale,
  });
  // Each noisy bound gets a margin of 3 noise scales (public), so that it is below the true value
  // with probability ≤ e⁻³/2 ≈ 2.5%: an underestimate would cap θ too low and bias the release.
  const margin = (scale: Rational) => Math.ceil(3 * toNumber(scale));
  const nNoisy = Math.max(1, g.n + discreteLaplaceNumber(o.rng, countScale) + margin(countScale));
  if (fds.length === 0) return nNoisy;
  const fdScale = div(R(fds.length), epsCount);
  o.ledger.charge({
    mechanism: 'discrete-laplace',
    query: `sum of the largest equality-group sizes of ${fds.length} FD-shaped constraint(s)`,
    epsilon: epsCount,
    sensitivity: R(fds.length),
    scale: fdScale,
  });
  const sum = fds.reduce((s, x) => s + x, 0) + discreteLaplaceNumber(o.rng, fdScale) + margin(fdScale);
  return clampInt(sum, 1, nNoisy);
}

/**
 * Floret's DP estimate of I_MI, I_P or I_R on a conflict graph (see the module comment). The
 * ledger's total equals `epsilon` exactly when it returns.
 */
export function dpEstimate(g: ConflictGraph, o: EstimateOptions): DpEstimate {
  const ledger = o.ledger ?? new PrivacyLedger(o.epsilon);
  if (o.measure === 'r') return estimateRepair(g, o, ledger);
  const measure = o.measure;
  const eps = o.epsilon;
  // Split: 1/10 bound, 3/10 θ, 6/10 release; with a shared bound given, 1/3 θ and 2/3 release.
  const shared = o.degreeBound !== undefined;
  const epsSelect = shared ? mul(eps, rat(1n, 3n)) : mul(eps, rat(3n, 10n));
  const epsRound = o.hierarchical ? div(epsSelect, R(2)) : epsSelect;
  const epsRelease = shared ? mul(eps, rat(2n, 3n)) : mul(eps, rat(3n, 5n));
  const deg = new Int32Array(g.n);
  const name = measure === 'mi' ? 'I_MI' : 'I_P';

  // 1. DP degree bound (or one released earlier, shared between measures).
  const bound =
    o.degreeBound ??
    dpDegreeBound(g, {
      epsilon: mul(eps, rat(1n, 10n)),
      rng: o.rng,
      ledger,
      fdGroupMaxima: o.fdGroupMaxima ?? [],
    });

  // 2. θ by the generalized exponential mechanism (one round, or two with `hierarchical`).
  const rounds: ThetaRound[] = [];
  const runRound = (candidates: number[]): number => {
    const utilities = candidates.map((theta) =>
      add(R(statOf(g, measure, theta, deg)), mul(R(-(theta + 1)), div(R(1), epsRelease))),
    );
    const sensitivities = candidates.map((theta) => R(theta + 1));
    // t = 0: the utility already subtracts the expected noise; Raskhodnikova–Smith's
    // t = ln(k/β)/ε pushed θ towards 1 and lost accuracy in bench/error.mjs.
    const t = rat(0n);
    ledger.charge({
      mechanism: 'generalized-exponential-mechanism',
      query: `projection bound θ for ${name} among ${candidates.length} candidates`,
      epsilon: epsRound,
      sensitivity: R(1),
    });
    const i = generalizedExponentialMechanism(o.rng, utilities, sensitivities, epsRound, t);
    const chosen = candidates[i] as number;
    rounds.push({ candidates, chosen, epsilon: epsRound, sensitivity: 1 });
    return chosen;
  };
  let theta: number;
  if (o.hierarchical) {
    const theta1 = runRound(geometricGrid(bound));
    theta = runRound(linearGrid(Math.max(1, Math.ceil(theta1 / 2)), Math.min(bound, 2 * theta1), 16));
  } else {
    theta = runRound(fineGrid(bound));
  }

  // 3. Laplace release with sensitivity θ + 1.
  const { noisy, sensitivity, scale } = releaseProjected(g, measure, theta, epsRelease, o.rng, ledger, deg);
  return {
    measure,
    method: 'floret',
    epsilon: eps,
    estimate: Math.max(0, noisy),
    noisy,
    theta,
    sensitivity,
    scale,
    degreeBound: bound,
    rounds,
    ledger,
  };
}

// ---------------------------------------------------------------------------------------------
// The reference method, for comparison only.

/** √2 ≈ 1414213562/10^9, the reference score's Laplace standard-deviation factor (rational for exact EM). */
const SQRT2 = rat(1414213562n, 1000000000n);

function shuffledOrder(rng: RandomSource, n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  }
  return a;
}

/**
 * The reference code's bound_hier estimator as privacy.md §2.5 describes it, REPRODUCING ITS FLAWS
 * on purpose (comparison baseline; never use it for a release): random vertex order; candidates
 * {1, 5, 10, 100, 500} ∪ {n/10, 2n/10, …, n} cut at the FD bound (true n used); EM score
 * −(stat(θ_max) − stat(θ)) − √2·θ/ε with sensitivity = largest candidate, two rounds of 0.15ε; the
 * final Laplace at sensitivity θ and the FULL ε. It charges 1.4ε, so it needs a ledger with that
 * budget: under a ledger of ε it is refused (tested). I_R: random edge order, 2|M| + Lap(2/ε).
 */
export function referenceEstimate(
  g: ConflictGraph,
  o: EstimateOptions & {
    /** 'as-coded' (default): final release at the full ε, 1.4ε in all; 'fixed': at 0.6ε, ε in all. */
    readonly budget?: 'as-coded' | 'fixed';
  },
): DpEstimate {
  const eps = o.epsilon;
  const fixed = o.budget === 'fixed';
  const ledger = o.ledger ?? new PrivacyLedger(fixed ? eps : mul(eps, rat(7n, 5n)));
  if (o.measure === 'r') {
    // Greedy maximal matching over the edges in a uniformly shuffled order.
    const us = new Int32Array(g.edges);
    const vs = new Int32Array(g.edges);
    let m = 0;
    for (let u = 0; u < g.n; u++)
      for (let j = g.offsets[u] as number; j < (g.offsets[u + 1] as number); j++) {
        const v = g.neighbors[j] as number;
        if (v > u) {
          us[m] = u;
          vs[m] = v;
          m++;
        }
      }
    const perm = shuffledOrder(o.rng, m);
    const matched = new Uint8Array(g.n);
    let size = 0;
    for (let i = 0; i < m; i++) {
      const e = perm[i] as number;
      const u = us[e] as number;
      const v = vs[e] as number;
      if (matched[u] || matched[v]) continue;
      matched[u] = 1;
      matched[v] = 1;
      size++;
    }
    const scale = div(R(2), eps);
    ledger.charge({
      mechanism: 'laplace (reference)',
      query: 'I_R upper bound 2|M|',
      epsilon: eps,
      sensitivity: R(2),
      scale,
    });
    const noisy = 2 * size + discreteLaplaceNumber(o.rng, scale);
    return {
      measure: 'r',
      method: 'reference-bound-hier',
      epsilon: eps,
      estimate: Math.max(0, noisy),
      noisy,
      theta: 1,
      sensitivity: 2,
      scale,
      ledger,
    };
  }
  const measure = o.measure;
  const n = g.n;
  const order = shuffledOrder(o.rng, n);
  const deg = new Int32Array(n);
  let candidates = [1, 5, 10, 100, 500];
  for (let i = 1; i <= 10; i++) candidates.push(Math.max(1, Math.round((n * i) / 10)));
  candidates = [...new Set(candidates.filter((c) => c <= n))].sort((a, b) => a - b);
  // Bound: per FD, largest group + Lap(1/ε_fd), ε_fd = 0.1ε/#FDs; summed; clipped to [1, n].
  const fds = o.fdGroupMaxima ?? [];
  const epsBound = mul(eps, rat(1n, 10n));
  if (fds.length > 0) {
    const epsFd = div(epsBound, R(fds.length));
    let sum = 0;
    for (const m of fds) {
      ledger.charge({
        mechanism: 'laplace (reference)',
        query: 'largest FD group',
        epsilon: epsFd,
        sensitivity: R(1),
        scale: div(R(1), epsFd),
      });
      sum += m + discreteLaplaceNumber(o.rng, div(R(1), epsFd));
    }
    const b = clampInt(sum, 1, n);
    candidates = [...new Set([...candidates.filter((c) => c <= b), b])].sort((a, c) => a - c);
  } else {
    ledger.charge({
      mechanism: 'laplace (reference)',
      query: 'degree bound (unused without FDs)',
      epsilon: epsBound,
    });
  }
  const epsRound = mul(eps, rat(3n, 20n));
  const stats = new Map<number, number>();
  const stat = (t: number): number => {
    let s = stats.get(t);
    if (s === undefined) {
      s = refStatOf(g, measure, t, deg, order);
      stats.set(t, s);
    }
    return s;
  };
  const round = (cands: number[]): number => {
    const top = Math.max(...cands);
    const scores = cands.map((t) => add(R(stat(t) - stat(top)), mul(R(-t), div(SQRT2, eps))));
    ledger.charge({
      mechanism: 'exponential-mechanism (reference)',
      query: 'θ',
      epsilon: epsRound,
      sensitivity: R(top),
    });
    return cands[exponentialMechanism(o.rng, scores, epsRound, R(top))] as number;
  };
  const theta1 = round(candidates);
  const theta = round(candidates.filter((c) => c <= theta1));
  // The reference's flaws: the full ε again (unless 'fixed'), and sensitivity θ.
  const epsRelease = fixed ? mul(eps, rat(3n, 5n)) : eps;
  const scale = div(R(theta), epsRelease);
  ledger.charge({
    mechanism: 'laplace (reference)',
    query: measure === 'mi' ? 'I_MI' : 'I_P',
    epsilon: epsRelease,
    sensitivity: R(theta),
    scale,
  });
  const noisy = stat(theta) + discreteLaplaceNumber(o.rng, scale);
  return {
    measure,
    method: 'reference-bound-hier',
    epsilon: eps,
    estimate: Math.max(0, noisy),
    noisy,
    theta,
    sensitivity: theta,
    scale,
    ledger,
  };
}

/** Expected |noise| of a discrete Laplace release of scale b: 2q/(1 − q²), q = e^{−1/b}. */
export function expectedAbsNoise(scale: Rational): number {
  const q = Math.exp(-1 / toNumber(scale));
  return (2 * q) / (1 - q * q);
}

/** Smallest k with P(|noise| > k) ≤ 1 − level for DLap(b): P(|X| > k) = 2q^{k+1}/(1 + q). */
export function noiseQuantile(scale: Rational, level: number): number {
  const q = Math.exp(-1 / toNumber(scale));
  const tail = 1 - level;
  // 2q^{k+1}/(1+q) ≤ tail ⇔ k + 1 ≥ ln(tail(1+q)/2)/ln q
  const k = Math.ceil(Math.log((tail * (1 + q)) / 2) / Math.log(q) - 1);
  return Math.max(0, k);
}
