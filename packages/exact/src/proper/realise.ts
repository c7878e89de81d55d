/**
 * @module proper/realise
 * Turns a searched tree (rule indices) into a predicting {@link TreeNode} whose training error is
 * exactly the searched objective (arXiv:2503.01455: points on a data-defined hyperplane may go to either
 * side; research note §2.3 step 5: "nudge each b_k so that the defining points land on the chosen
 * sides"). A hyperplane split H(z) = w·z + b with chosen routing u of its on-plane points becomes
 * (w + δ·u_w, b + δ·u_b) with δ below every off-plane margin |H|/|u| of the node's rows; the float
 * prediction of every training row at the node is then checked, and δ shrunk if rounding disagrees.
 */

import { splitScore } from '../tree.js';
import type { Split, TreeNode } from '../types.js';
import type { Rule, RuleSet } from './rules.js';
import { planeValue } from './rules.js';
import type { STree } from './search.js';

/**
 * Goes left? Uses the package's own prediction (tree.ts `splitScore`, the semantics of {@link Split}),
 * so the verification below checks exactly what `predict` will do.
 */
export function splitGoesLeft(split: Split, x: Float64Array, offset: number, d: number): boolean {
  return splitScore(split, x, offset, d) <= 0;
}

/** Outcome of {@link realise}. */
export interface Realised {
  readonly tree: TreeNode;
  /** Splits whose float realisation could not put every training row on its chosen side. */
  readonly unrealised: number;
}

/**
 * Builds the predicting tree. `x` is the original n × d data; `rs` the rule set the search used.
 * Leaf counts and errors are those of the rows that actually reach each leaf under the returned splits.
 */
export function realise(
  st: STree,
  rs: RuleSet,
  x: Float64Array,
  d: number,
  y: Int32Array,
  weights: Float64Array | undefined,
): Realised {
  let unrealised = 0;
  const build = (t: STree, rows: Int32Array): TreeNode => {
    if (t.leaf) {
      let errors = 0;
      for (const r of rows)
        if (y[r] !== t.label) errors += weights === undefined ? 1 : (weights[r] as number);
      return { leaf: true, label: t.label, count: rows.length, errors };
    }
    const rule = rs.rules[t.rule] as Rule;
    const want = (r: number) => (((rule.left[r >>> 5] as number) >>> (r & 31)) & 1) === 1;
    const split = realiseSplit(rule, rows, want);
    let ok = true;
    const L: number[] = [];
    const R: number[] = [];
    for (const r of rows) {
      const goesLeft = splitGoesLeft(split, x, r * d, d);
      if (goesLeft !== want(r)) ok = false;
      (goesLeft ? L : R).push(r);
    }
    if (!ok) unrealised++;
    return {
      leaf: false,
      split,
      left: build(t.left, Int32Array.from(L)),
      right: build(t.right, Int32Array.from(R)),
    };
  };

  const realiseSplit = (rule: Rule, rows: Int32Array, want: (r: number) => boolean): Split => {
    const re = rule.realiser;
    if (re.kind === 'axis') return { kind: 'axis', feature: re.feature, threshold: re.threshold };
    const dim = rs.dim;
    const on = new Set<number>(re.onPlane);
    // Largest safe δ: below every off-plane margin |H| / |u| of this node's rows (exact coords).
    let delta = Number.POSITIVE_INFINITY;
    for (const r of rows) {
      const l = rs.locOf[r] as number;
      if (on.has(l)) continue;
      const z = rs.coords.subarray(l * dim, l * dim + dim);
      const h = Math.abs(planeValue(re.w, re.bias, z));
      const u = Math.abs(planeValue(re.uw, re.ub, z));
      if (u > 0) delta = Math.min(delta, h / u);
    }
    if (!Number.isFinite(delta)) delta = 1;
    let best: Split | null = null;
    let bestBad = Number.POSITIVE_INFINITY;
    // Try δ = margin/2, then smaller, then larger scalings: the first one that routes every row wins.
    for (const f of [0.5, 0.25, 1 / 16, 1 / 256, 1 / 4096, 2 ** -20, 2 ** -30]) {
      const dl = delta * f;
      const w = Array.from(re.w, (v, j) => v + dl * (re.uw[j] as number));
      const bias = re.bias + dl * re.ub;
      const split: Split = { kind: 'hyperplane', degree: re.degree, w, bias };
      let bad = 0;
      for (const r of rows) if (splitGoesLeft(split, x, r * d, d) !== want(r)) bad++;
      if (bad < bestBad) {
        bestBad = bad;
        best = split;
      }
      if (bad === 0) break;
    }
    return best as Split;
  };
  const rows = new Int32Array(rs.n);
  for (let i = 0; i < rs.n; i++) rows[i] = i;
  const tree = build(st, rows);
  return { tree, unrealised };
}

/** Training objective of a realised tree: Σ leaf costs recomputed from the rows reaching each leaf. */
export function treeErrors(tree: TreeNode): number {
  return tree.leaf ? tree.errors : treeErrors(tree.left) + treeErrors(tree.right);
}
