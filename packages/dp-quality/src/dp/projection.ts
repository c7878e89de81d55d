/**
 * @module dp/projection
 * Edge-addition projection (Day, Li, Lyu, SIGMOD 2016, used by arXiv:2502.11009 §5): scan the
 * vertices in a fixed order and keep edge (u, v), u before v, while both current degrees are below θ.
 * The projected graph has maximum degree ≤ θ, and adding or removing one vertex changes
 *   - the projected edge count by at most θ (each kept edge of the new vertex starts one alternating
 *     chain of kept/dropped edges whose net effect is 0 or +1), and
 *   - the number of non-isolated vertices by at most θ + 1 (the new vertex itself plus one chain end
 *     per kept edge; e.g. a vertex joined to θ isolated vertices adds θ + 1).
 * The I_P bound is θ + 1, not the θ the reference code uses; test/dp-mechanisms.test.ts checks both
 * bounds on random neighbouring graphs.
 *
 * Order: Floret uses the vertex id order (row order) — deterministic, and inserting or deleting a
 * tuple does not reorder the others, which is what the bounds above need. θ = 1 gives a greedy
 * maximal matching in that order (used for I_R).
 */
import type { ConflictGraph } from '../graph-types.js';

/** Measure values of a projected graph. */
export interface ProjectionStats {
  /** θ used. */
  readonly theta: number;
  /** Edges kept. */
  readonly edges: number;
  /** Vertices with a kept edge or a self-conflict (the projected I_P). */
  readonly problematic: number;
  /** Kept edges plus self-conflicting tuples (the projected I_MI). */
  readonly minimalInconsistent: number;
}

/** Count of self-conflicting tuples. */
export function selfLoopCount(g: ConflictGraph): number {
  let s = 0;
  for (let i = 0; i < g.n; i++) s += g.selfLoop[i] as number;
  return s;
}

/**
 * Edge-addition projection with bound θ ≥ 1. `order` (optional) lists the vertices in scan order;
 * without it the order is 0, 1, …, n−1. `deg` (optional, length n) receives the projected degrees.
 */
export function projectEdgeAddition(
  g: ConflictGraph,
  theta: number,
  order?: Int32Array,
  deg: Int32Array = new Int32Array(g.n),
): ProjectionStats {
  if (!(theta >= 1)) throw new RangeError('projection bound θ must be ≥ 1');
  const { n, offsets, neighbors, selfLoop } = g;
  deg.fill(0);
  let kept = 0;
  if (order === undefined) {
    for (let u = 0; u < n; u++) {
      const end = offsets[u + 1] as number;
      for (let j = offsets[u] as number; j < end && (deg[u] as number) < theta; j++) {
        const v = neighbors[j] as number;
        if (v <= u || (deg[v] as number) >= theta) continue;
        deg[u] = (deg[u] as number) + 1;
        deg[v] = (deg[v] as number) + 1;
        kept++;
      }
    }
  } else {
    const rank = new Int32Array(n);
    for (let i = 0; i < n; i++) rank[order[i] as number] = i;
    for (let i = 0; i < n; i++) {
      const u = order[i] as number;
      const end = offsets[u + 1] as number;
      for (let j = offsets[u] as number; j < end && (deg[u] as number) < theta; j++) {
        const v = neighbors[j] as number;
        if ((rank[v] as number) <= i || (deg[v] as number) >= theta) continue;
        deg[u] = (deg[u] as number) + 1;
        deg[v] = (deg[v] as number) + 1;
        kept++;
      }
    }
  }
  let problematic = 0;
  let loops = 0;
  for (let v = 0; v < n; v++) {
    if ((deg[v] as number) > 0 || selfLoop[v] === 1) problematic++;
    loops += selfLoop[v] as number;
  }
  return { theta, edges: kept, problematic, minimalInconsistent: kept + loops };
}

/** The exact (unprojected) I_MI, I_P and maximum degree of the graph, for error measurement. */
export function exactStats(g: ConflictGraph): { mi: number; p: number; maxDegree: number } {
  let p = 0;
  let maxDegree = 0;
  for (let v = 0; v < g.n; v++) {
    const d = (g.offsets[v + 1] as number) - (g.offsets[v] as number);
    if (d > maxDegree) maxDegree = d;
    if (d > 0 || g.selfLoop[v] === 1) p++;
  }
  return { mi: g.edges + selfLoopCount(g), p, maxDegree };
}

/**
 * The I_R upper bound released by the DP estimator: self-conflicting tuples (each must be deleted)
 * plus 2|M| for the greedy maximal matching M (vertex order) of the graph WITHOUT those tuples.
 * Adding or removing one tuple changes it by at most 2: a self-conflicting tuple adds 1 and touches
 * no matched edge; any other tuple changes |M| by at most 1 (θ = 1 projection, see above).
 */
export function matchingCover(g: ConflictGraph): { matching: number; selfLoops: number; cover: number } {
  const { n, offsets, neighbors, selfLoop } = g;
  const matched = new Uint8Array(n);
  let m = 0;
  let loops = 0;
  for (let u = 0; u < n; u++) {
    if (selfLoop[u] === 1) {
      loops++;
      continue;
    }
    if (matched[u] === 1) continue;
    const end = offsets[u + 1] as number;
    for (let j = offsets[u] as number; j < end; j++) {
      const v = neighbors[j] as number;
      if (v <= u || matched[v] === 1 || selfLoop[v] === 1) continue;
      matched[u] = 1;
      matched[v] = 1;
      m++;
      break;
    }
  }
  return { matching: m, selfLoops: loops, cover: loops + 2 * m };
}

/**
 * Coverage projection for I_P (Floret's variant, not in the paper): the same scan as edge addition,
 * but edge (u, v) is kept only while both degrees are below θ AND one endpoint has no kept edge yet
 * — an edge that covers no new tuple is never spent. Returns the tuples with a kept edge or a
 * self-conflict. Its node sensitivity is θ + 1, by the argument that also covers edge addition:
 * the keep rule is monotone (if it keeps (u, v) at some degrees it keeps it at lower ones), so
 * between the runs with and without a vertex w the degree differences D(x) = deg′(x) − deg(x) can only
 * be moved along an edge, never grown (a decision that differs needs a nonzero D at an endpoint, and
 * shifts one unit from it), while w's own ≤ θ kept edges create at most θ units. Only vertices with
 * D ≠ 0, plus w itself, can change between covered and uncovered: |ΔI_P| ≤ θ + 1. On hub-shaped
 * graphs (a few tuples conflicting with almost all others, as Adult with RNoise) edge addition wastes
 * every hub slot on already-covered tuples and needs θ ≈ n; coverage needs θ ≈ n / #hubs.
 */
export function projectCover(g: ConflictGraph, theta: number, deg: Int32Array = new Int32Array(g.n)): number {
  if (!(theta >= 1)) throw new RangeError('projection bound θ must be ≥ 1');
  const { n, offsets, neighbors, selfLoop } = g;
  deg.fill(0);
  for (let u = 0; u < n; u++) {
    const end = offsets[u + 1] as number;
    for (let j = offsets[u] as number; j < end && (deg[u] as number) < theta; j++) {
      const v = neighbors[j] as number;
      if (v <= u) continue;
      const dv = deg[v] as number;
      if (dv >= theta || (dv > 0 && (deg[u] as number) > 0)) continue;
      deg[u] = (deg[u] as number) + 1;
      deg[v] = dv + 1;
    }
  }
  let covered = 0;
  for (let v = 0; v < n; v++) if ((deg[v] as number) > 0 || selfLoop[v] === 1) covered++;
  return covered;
}
