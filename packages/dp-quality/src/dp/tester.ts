/**
 * @module dp/tester
 * A statistical DP tester in the style of StatDP (Ding, Wang, Wang, Zhang, Kifer, CCS 2018): run a
 * mechanism many times on two neighbouring inputs, look for an output event S with
 * P[M(D) ∈ S] > e^ε · P[M(D′) ∈ S], and decide with a test on FRESH samples (so choosing the event
 * does not bias the test). Events: {x ≤ t}, {x ≥ t} and {x = t} for observed outputs t, both
 * directions (D vs D′ and D′ vs D). Decision: ε-DP is rejected when the Wilson lower confidence bound
 * of P[M(D) ∈ S] exceeds e^ε times the Wilson upper bound of P[M(D′) ∈ S] (each at level α/2).
 * A correct mechanism is rejected with probability about ≤ α; a mechanism whose true ratio on some
 * event is well above e^ε (halved noise, too small a sensitivity) is rejected once the sample is
 * large enough. Integer outputs only.
 */
import { normalQuantile, wilson } from './stats.js';

/** Tester settings. */
export interface DpTestOptions {
  /** The ε the mechanism claims. */
  readonly epsilon: number;
  /** Runs per input and phase. */
  readonly trials: number;
  /** False-alarm level (default 1e-3). */
  readonly alpha?: number;
}

/** The tester's verdict. */
export interface DpTestResult {
  /** False when ε-DP was rejected. */
  readonly passed: boolean;
  /** The event tested in phase 2. */
  readonly event: string;
  /** Phase-2 empirical probabilities on the two inputs (numerator side first). */
  readonly p1: number;
  readonly p2: number;
  /** Lower confidence bound on the probability ratio p1/p2. */
  readonly ratioLower: number;
  /** e^ε. */
  readonly bound: number;
}

interface Event {
  kind: 'le' | 'ge' | 'eq';
  t: number;
  swap: boolean;
}

function count(xs: Int32Array, e: Event): number {
  let c = 0;
  for (const x of xs) if (e.kind === 'le' ? x <= e.t : e.kind === 'ge' ? x >= e.t : x === e.t) c++;
  return c;
}

function sample(run: () => number, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = run();
  return out;
}

function ratioLowerBound(c1: number, c2: number, n: number, z: number): number {
  const lo1 = wilson(c1, n, z)[0];
  const hi2 = wilson(c2, n, z)[1];
  return hi2 === 0 ? Number.POSITIVE_INFINITY : lo1 / hi2;
}

/** Tests whether `runA` (on D) and `runB` (on a neighbour D′) look ε-DP. */
export function dpTest(runA: () => number, runB: () => number, o: DpTestOptions): DpTestResult {
  const alpha = o.alpha ?? 1e-3;
  const z = normalQuantile(1 - alpha / 2);
  const bound = Math.exp(o.epsilon);
  const n = o.trials;
  // Phase 1: pick the most suspicious event.
  const a = sample(runA, n);
  const b = sample(runB, n);
  const values = [...new Set([...a, ...b])].sort((x, y) => x - y);
  let best: Event = { kind: 'eq', t: values[0] ?? 0, swap: false };
  let bestScore = -1;
  for (const t of values)
    for (const kind of ['le', 'ge', 'eq'] as const)
      for (const swap of [false, true]) {
        const e = { kind, t, swap };
        const ca = count(a, e);
        const cb = count(b, e);
        const score = swap ? ratioLowerBound(cb, ca, n, z) : ratioLowerBound(ca, cb, n, z);
        if (score > bestScore) {
          bestScore = score;
          best = e;
        }
      }
  // Phase 2: test it on fresh runs.
  const a2 = sample(runA, n);
  const b2 = sample(runB, n);
  const ca = count(a2, best);
  const cb = count(b2, best);
  const [c1, c2] = best.swap ? [cb, ca] : [ca, cb];
  const ratioLower = ratioLowerBound(c1, c2, n, z);
  const sym = best.kind === 'le' ? '≤' : best.kind === 'ge' ? '≥' : '=';
  return {
    passed: !(ratioLower > bound),
    event: `${best.swap ? "M(D')" : 'M(D)'} ${sym} ${best.t}`,
    p1: c1 / n,
    p2: c2 / n,
    ratioLower,
    bound,
  };
}
