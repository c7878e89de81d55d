/**
 * An independent brute force for optimal axis-parallel trees, used only by the differential tests:
 * it enumerates every tree of depth ≤ D with ≤ K splits over every threshold between consecutive
 * distinct values of the rows reaching a node (no bounds, no sorting tricks, no shared code with
 * src/axis), scoring leaves with the objective written out here again.
 */
export interface BfProblem {
  rows: number[][];
  y: number[];
  w: number[];
  classes: number;
  /** cost[true][pred]; undefined = misclassifications. */
  cost?: number[][];
}

export function bfLeaf(p: BfProblem, idx: number[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let pred = 0; pred < p.classes; pred++) {
    let c = 0;
    for (const i of idx) {
      const t = p.y[i] as number;
      const unit = p.cost ? ((p.cost[t] as number[])[pred] as number) : t === pred ? 0 : 1;
      c += unit * (p.w[i] as number);
    }
    if (c < best) best = c;
  }
  return best;
}

/** Minimum objective over all trees of depth ≤ depth, ≤ k splits, leaves ≥ minLeaf rows, α per split. */
export function bruteForce(
  p: BfProblem,
  idx: number[],
  depth: number,
  k: number,
  minLeaf: number,
  alpha: number,
): number {
  let best = bfLeaf(p, idx);
  if (depth === 0 || k === 0) return best;
  const d = (p.rows[0] as number[]).length;
  for (let f = 0; f < d; f++) {
    const vals = [...new Set(idx.map((i) => (p.rows[i] as number[])[f] as number))].sort((a, b) => a - b);
    for (let j = 0; j + 1 < vals.length; j++) {
      const t = ((vals[j] as number) + (vals[j + 1] as number)) / 2;
      const L = idx.filter((i) => ((p.rows[i] as number[])[f] as number) <= t);
      const R = idx.filter((i) => ((p.rows[i] as number[])[f] as number) > t);
      if (L.length < minLeaf || R.length < minLeaf) continue;
      for (let kl = 0; kl <= k - 1; kl++) {
        const c =
          bruteForce(p, L, depth - 1, kl, minLeaf, alpha) +
          bruteForce(p, R, depth - 1, k - 1 - kl, minLeaf, alpha) +
          alpha;
        if (c < best) best = c;
      }
    }
  }
  return best;
}

/** {@link bruteForce} over every row of `p` with no split limit beyond the depth. */
export function bruteForceOptimum(p: BfProblem, depth: number, minLeaf: number, alpha: number): number {
  return bruteForce(
    p,
    p.rows.map((_r, i) => i),
    depth,
    2 ** depth - 1,
    minLeaf,
    alpha,
  );
}
