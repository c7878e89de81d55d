/**
 * @module graph-types
 * The conflict graph shared by the exact measures and the DP mechanisms (arXiv:2502.11009 §3):
 * vertices are tuples (rows 0..n-1 of the table), an edge joins two tuples that together violate a
 * binary denial constraint, and a self-conflicting tuple (violating a unary constraint on its own) is
 * marked in `selfLoop`. Stored as CSR: the neighbours of v are `neighbors[offsets[v] .. offsets[v+1])`,
 * sorted ascending, without duplicates (two tuples violating several constraints share one edge).
 * Binary constraints are read over two distinct tuples. An edge is a minimal inconsistent pair, so
 * edges touching a self-loop tuple are left out (the pair is not minimal): I_MI = edges + self-loops,
 * I_P = tuples with an edge or a self-loop, and the minimum repair is unchanged.
 */
export interface ConflictGraph {
  /** Number of tuples (vertices). */
  readonly n: number;
  /** Undirected edges (each counted once). */
  readonly edges: number;
  /** CSR offsets, length n + 1. */
  readonly offsets: Int32Array;
  /** CSR neighbour lists, length 2 · edges. */
  readonly neighbors: Int32Array;
  /** 1 where the tuple alone violates a unary constraint, else 0; length n. */
  readonly selfLoop: Uint8Array;
}

/** Degree of vertex v. */
export function degree(g: ConflictGraph, v: number): number {
  return (g.offsets[v + 1] ?? 0) - (g.offsets[v] ?? 0);
}
