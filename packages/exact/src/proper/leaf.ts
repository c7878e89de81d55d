/**
 * @module proper/leaf
 * Per-leaf costs of the additive objectives of arXiv:2503.01455 (research note §1.3 (1)): the cost of
 * a tree is the sum of its leaves' costs (plus α per split). A leaf's cost is computed from the
 * per-class (weighted) counts of the rows that reach it: misclassifications, a cost matrix, or any
 * user function of the counts.
 */
import type { Objective } from '../types.js';
import { popcount32 } from './bitset.js';

/** Computes leaf costs of row bitsets; `label` holds the label chosen by the last call. */
export class LeafEvaluator {
  readonly classes: number;
  readonly words: number;
  /** Per-class row bitsets. */
  readonly cls: Uint32Array[];
  private readonly y: Int32Array;
  private readonly weights: Float64Array | undefined;
  private readonly objective: Objective;
  /** Scratch per-class counts of the last evaluated set. */
  readonly counts: Float64Array;
  /** Label predicted by the last evaluated leaf. */
  label = 0;
  /** True when costs are integers (unit-weight misclassifications): comparisons are then exact. */
  readonly integral: boolean;

  constructor(y: Int32Array, classes: number, words: number, objective: Objective, weights?: Float64Array) {
    this.y = y;
    this.classes = classes;
    this.words = words;
    this.objective = objective;
    this.weights = weights;
    this.counts = new Float64Array(classes);
    this.cls = [];
    for (let c = 0; c < classes; c++) this.cls.push(new Uint32Array(words));
    for (let i = 0; i < y.length; i++) {
      const b = this.cls[y[i] as number] as Uint32Array;
      b[i >>> 5] = (b[i >>> 5] as number) | (1 << (i & 31));
    }
    this.integral = objective.kind === 'errors' && weights === undefined;
  }

  /** Fills `counts` with the per-class (weighted) counts of the rows in `set`. */
  fillCounts(set: Uint32Array): void {
    const counts = this.counts;
    const W = this.words;
    if (this.weights === undefined) {
      for (let c = 0; c < this.classes; c++) {
        const b = this.cls[c] as Uint32Array;
        let s = 0;
        for (let i = 0; i < W; i++) s += popcount32((set[i] as number) & (b[i] as number));
        counts[c] = s;
      }
      return;
    }
    counts.fill(0);
    const w = this.weights;
    const y = this.y;
    for (let k = 0; k < W; k++) {
      let v = set[k] as number;
      while (v !== 0) {
        const t = v & -v;
        const i = (k << 5) + 31 - Math.clz32(t);
        counts[y[i] as number] = (counts[y[i] as number] as number) + (w[i] as number);
        v ^= t;
      }
    }
  }

  /**
   * Fills `counts` with the per-class counts of P ∧ left without materialising it, and returns the
   * number of rows of P ∧ left (unit weights: one pass of popcounts); with weights, -1 (caller falls back).
   */
  fillSplitCounts(P: Uint32Array, left: Uint32Array): number {
    if (this.weights !== undefined) return -1;
    const counts = this.counts;
    const C = this.classes;
    counts.fill(0);
    let total = 0;
    const W = this.words;
    const cls = this.cls;
    for (let i = 0; i < W; i++) {
      const l = (P[i] as number) & (left[i] as number);
      if (l === 0) continue;
      total += popcount32(l);
      for (let c = 0; c < C; c++)
        counts[c] = (counts[c] as number) + popcount32(l & ((cls[c] as Uint32Array)[i] as number));
    }
    return total;
  }

  /** Cost of a leaf with the current `counts`; sets `label`. */
  costOfCounts(): number {
    const counts = this.counts;
    const C = this.classes;
    const o = this.objective;
    if (o.kind === 'errors') {
      let total = 0;
      let best = -1;
      let arg = 0;
      for (let c = 0; c < C; c++) {
        const v = counts[c] as number;
        total += v;
        if (v > best) {
          best = v;
          arg = c;
        }
      }
      this.label = arg;
      return total - best;
    }
    if (o.kind === 'cost-matrix') {
      let best = Number.POSITIVE_INFINITY;
      let arg = 0;
      for (let p = 0; p < C; p++) {
        let s = 0;
        for (let c = 0; c < C; c++)
          s += (counts[c] as number) * ((o.cost[c] as readonly number[])[p] as number);
        if (s < best) {
          best = s;
          arg = p;
        }
      }
      this.label = arg;
      return best;
    }
    const r = o.leafCost(counts);
    this.label = r.label;
    return r.cost;
  }

  /** Cost of a leaf holding the rows of `set`; sets `label`. */
  cost(set: Uint32Array): number {
    this.fillCounts(set);
    return this.costOfCounts();
  }

  /** Misclassification weight of predicting `label` for the rows in `set`. */
  errorsOf(set: Uint32Array, label: number): number {
    this.fillCounts(set);
    let total = 0;
    for (let c = 0; c < this.classes; c++) total += this.counts[c] as number;
    return total - (this.counts[label] as number);
  }
}
