/**
 * @module types
 * Shared shapes of @floret/exact: the in-memory data set, decision-tree models, fit options and the
 * certificate every solver returns. Both tree solvers (the depth-constrained axis-parallel DP in
 * `axis/` and the paper's proper-tree K-permutation search in `proper/`, arXiv:2503.01455) produce
 * these, so the CLI, prediction and export never care which solver ran.
 */

/** A labelled data set with numeric features, stored row-major in typed arrays. */
export interface Dataset {
  /** Number of rows (samples). */
  readonly n: number;
  /** Number of features. */
  readonly d: number;
  /** Feature values, row-major: feature f of row i is `x[i * d + f]`. */
  readonly x: Float64Array;
  /** Class index of each row, in `0 .. classes.length - 1`. */
  readonly y: Int32Array;
  /** Per-row weight (positive); absent means every row weighs 1. */
  readonly weights?: Float64Array;
  /** Feature (column) names, length d. */
  readonly featureNames: readonly string[];
  /** The data's own label values (as written in the file), indexed by class index. */
  readonly classes: readonly string[];
  /** Name of the target column. */
  readonly target: string;
}

/** A split of a tree node: points with `score(x) <= threshold` go left, the rest go right. */
export type Split =
  /** Axis-parallel: `x[feature] <= threshold`. */
  | { readonly kind: 'axis'; readonly feature: number; readonly threshold: number }
  /**
   * Hyperplane or (after the Veronese map of `degree` m) hypersurface:
   * `sum_j w[j] * phi(x)[j] + bias <= 0` goes left, where phi is the identity for degree 1 and the
   * monomials of degree 1..m (graded lex order of exponent vectors) otherwise.
   */
  | {
      readonly kind: 'hyperplane';
      readonly degree: number;
      readonly w: readonly number[];
      readonly bias: number;
    };

/** A decision-tree node: a leaf predicting a class, or a split with two children. */
export type TreeNode =
  | {
      readonly leaf: true;
      /** Predicted class index. */
      readonly label: number;
      /** Training rows that reach this leaf. */
      readonly count: number;
      /** Training errors (weighted when weights or costs are used) in this leaf. */
      readonly errors: number;
    }
  | {
      readonly leaf: false;
      readonly split: Split;
      readonly left: TreeNode;
      readonly right: TreeNode;
    };

/** Which rules a solver may use. `poly` means degree-m hypersurfaces (`degree` ≥ 2). */
export type SplitFamily =
  | { readonly kind: 'axis' }
  | { readonly kind: 'hyperplane' }
  | { readonly kind: 'poly'; readonly degree: number };

/** What to minimise; all are additive over leaves. */
export type Objective =
  /** Misclassifications (weighted by the data's weights when present). */
  | { readonly kind: 'errors' }
  /** `cost[true][predicted]`, a classes × classes matrix. */
  | { readonly kind: 'cost-matrix'; readonly cost: readonly (readonly number[])[] }
  /**
   * Any additive per-leaf cost: given the per-class (weighted) counts of a leaf, return its cost
   * and the label it predicts. Must be monotone: a subset of a leaf never costs more.
   */
  | {
      readonly kind: 'leaf-cost';
      readonly leafCost: (counts: Float64Array) => { cost: number; label: number };
    };

/** Options shared by every tree solver. */
export interface FitOptions {
  /** Maximum depth (0 = a single leaf). */
  readonly depth: number;
  readonly splits: SplitFamily;
  /** Maximum number of splits (branch nodes); default unbounded (2^depth − 1). */
  readonly maxSplits?: number;
  /** Minimum rows per leaf; default 1. */
  readonly minLeaf?: number;
  /** Cost added per split (sparsity penalty α); default 0. */
  readonly alpha?: number;
  /** Default `{ kind: 'errors' }`. */
  readonly objective?: Objective;
  /** Wall-clock limit in seconds; when hit, the best tree so far is returned with `optimal: false`. */
  readonly timeLimit?: number;
  /** Worker threads (default 1 = in this thread). */
  readonly workers?: number;
  /** Called now and then with progress in [0, 1] (for a CLI progress bar). */
  readonly onProgress?: (fraction: number) => void;
}

/** The result of a fit: the tree and a certificate of how good it is. */
export interface FitResult {
  readonly tree: TreeNode;
  /** Objective of the returned tree on the training data (errors + α·splits for the default objective). */
  readonly objective: number;
  /** Training errors of the returned tree (weighted when the data carry weights). */
  readonly trainErrors: number;
  /** A proven lower bound on the optimal objective (equal to `objective` when optimal). */
  readonly lowerBound: number;
  /** True when the search completed and `objective` is proven optimal. */
  readonly optimal: boolean;
  /** `objective - lowerBound` relative to `objective` (0 when optimal). */
  readonly gap: number;
  /** Number of splits and leaves of the returned tree. */
  readonly splitCount: number;
  readonly leafCount: number;
  /** Which solver ran and what it searched, for the certificate. */
  readonly solver: string;
  readonly searchSpace: {
    /** Candidate splitting rules considered. */
    readonly rules: number;
    /** Trees / configurations evaluated (a count, may exceed 2^53 as a decimal string). */
    readonly evaluated: string;
    /** Branches pruned by bounds or filters. */
    readonly pruned: string;
  };
  readonly seconds: number;
}
