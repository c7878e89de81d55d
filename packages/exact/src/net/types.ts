/**
 * @module net/types
 * Shared shapes of the exact two-layer maxout / positive-output ReLU network search (Deep-ICE,
 * arXiv:2505.05740; research note exact-learning.md §2): options, the serialisable search problem that
 * worker threads and queue workers rebuild, a range result, and the certificate `fitNet` returns.
 * (Contract fixed by the lead before work was split; extend freely, do not rename.)
 */

/** "positive = union of K open half-spaces" (maxout: sign max_k(w_k·x+b_k)) or its complement class. */
export type NetKind = 'union' | 'intersection';

/** Per-point loss of a predicted sign; all go through the same search. */
export type NetLoss =
  | { readonly kind: 'errors' } // misclassifications (times the data's row weights when present)
  | { readonly kind: 'cost-matrix'; readonly cost: readonly (readonly number[])[] } // [true][predicted] over the 2 classes
  | { readonly kind: 'balanced' }; // each class weighs total/2 (errors divided by class size × n/2)

export interface NetOptions {
  /** Hidden units K (1 = a linear classifier), 1 ≤ K ≤ 3. */
  readonly hidden: number;
  /** Default 'union'; 'both' searches the two classes and returns the better (ties: union). */
  readonly kind?: NetKind | 'both';
  /** Label value (as written in the data) that is the positive class; default: the second of the two sorted labels. */
  readonly positive?: string;
  readonly loss?: NetLoss;
  /** Hyperplanes only through the first `pool` rows (in file order); the loss is always on all rows. */
  readonly pool?: number;
  /** Coreset heuristic instead of the exact search (result never claims optimality unless the lower bound proves it). */
  readonly coreset?: { readonly size: number; readonly seed?: number; readonly blockSize?: number };
  /** Seconds; when hit, the best network found so far is returned with optimal: false. */
  readonly timeLimit?: number;
  /** Worker threads (default 1 = this thread). */
  readonly workers?: number;
  /** Progress in [0, 1] now and then (CLI progress bar). */
  readonly onProgress?: (fraction: number) => void;
}

/** The returned network: predict positive iff max_k (w_k·x + b_k) > 0 (union) or min_k(...) > 0 (intersection). */
export interface NetWeights {
  readonly kind: NetKind;
  /** K rows of d weights (in the data's own feature units). */
  readonly w: readonly (readonly number[])[];
  readonly b: readonly number[];
}

export interface NetResult {
  readonly weights: NetWeights;
  /** Training errors of the returned weights, re-measured by predicting every training row. */
  readonly trainErrors: number;
  /** The objective (loss) of the returned weights on the training rows. */
  readonly objective: number;
  /** A proven lower bound on the optimal objective (= objective when optimal). */
  readonly lowerBound: number;
  readonly optimal: boolean;
  readonly seconds: number;
  readonly hidden: number;
  /** Rows (0-based, file order) defining each hyperplane of the optimum (K × D); empty for a constant classifier. */
  readonly definingRows: readonly (readonly number[])[];
  readonly searchSpace: {
    readonly hyperplanes: string; // C(pool, D) as a decimal string
    readonly configurations: string; // C(hyperplanes, K) (× orientations counted separately)
    readonly evaluated: string;
    readonly pruned: string;
    /**
     * Configurations (decimal, of `configurations`) whose every orientation was decided: all of them
     * when the search completed; fewer when a time limit cut it short (then `optimal` is false).
     */
    readonly covered?: string;
  };
  /** General-position report: duplicate points, hyperplanes holding more than D points, exact fallbacks. */
  readonly generalPosition: {
    readonly duplicates: number;
    readonly degeneratePlanes: number;
    readonly exactFallbacks: number;
  };
  /** Coreset runs: every candidate's TRUE full-data loss, best first (empty for exact search). */
  readonly coresetCandidates?: readonly { readonly objective: number; readonly coresetSize: number }[];
  readonly solver: string;
  /** The data's label values predicted as +1 (positive) and −1 (set by fitNet; used by toNetModel). */
  readonly labels?: { readonly positive: string; readonly negative: string };
}

/**
 * A search problem as plain data (structured-clone / JSON safe): what a worker thread or a queue
 * worker on another host needs to rebuild the same sign vectors and search a rank range.
 */
export interface NetProblem {
  readonly n: number;
  readonly d: number;
  /** Features row-major (plain number[] in JSON). */
  readonly x: Float64Array | readonly number[];
  /** +1 / −1 per row. */
  readonly t: Int8Array | readonly number[];
  /** Per-row loss of predicting positive / negative (from NetLoss and weights), numbers. */
  readonly costPos: Float64Array | readonly number[];
  readonly costNeg: Float64Array | readonly number[];
  readonly hidden: number;
  readonly kind: NetKind;
  readonly pool: number;
}

/** The best of a rank range [start, end) of configurations (ranks in the nested-combination colex order). */
export interface RangeResult {
  readonly start: string; // decimal strings: ranks may exceed 2^53
  readonly end: string;
  /** Best objective in the range (+Infinity → null in JSON when the range was empty or pruned). */
  readonly objective: number | null;
  /** Its configuration rank and orientation bits (bit k = orientation of unit k). */
  readonly rank: string | null;
  readonly orientation: number;
  readonly evaluated: number;
  readonly pruned: number;
  readonly complete: boolean;
  /**
   * Configurations of the range (decimal) whose every orientation was decided — scored, pruned by a
   * bound, or made needless by the early exit at the floor; end − start unless the deadline cut it.
   */
  readonly covered?: string;
  /** Degenerate hyperplanes met (more than D points on them; K = 1: those in the range; K ≥ 2: reported by the range starting at 0). */
  readonly degenerate?: number;
  /** Orientation tests the float filter left to exact BigInt arithmetic while searching the range. */
  readonly fallbacks?: number;
  /** Planes holding more than 30 points, left out of a K ≥ 2 search (optimality then not proven). */
  readonly inexact?: number;
}
