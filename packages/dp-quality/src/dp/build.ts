/**
 * @module dp/build
 * A ConflictGraph (CSR, see graph-types.ts) from an explicit edge list — for tests, the tour and
 * experiments on graphs that do not come from a database. Duplicate edges and self-pairs are dropped.
 */
import type { ConflictGraph } from '../graph-types.js';

/** Builds the CSR graph on vertices 0..n−1 with the given undirected edges and self-conflicting tuples. */
export function graphFromEdges(
  n: number,
  edges: Iterable<readonly [number, number]>,
  selfLoops: Iterable<number> = [],
): ConflictGraph {
  const adj: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (const [u, v] of edges) {
    if (u === v) continue;
    if (u < 0 || v < 0 || u >= n || v >= n) throw new RangeError(`edge (${u}, ${v}) outside 0..${n - 1}`);
    (adj[u] as Set<number>).add(v);
    (adj[v] as Set<number>).add(u);
  }
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = (offsets[v] as number) + (adj[v] as Set<number>).size;
  const neighbors = new Int32Array(offsets[n] as number);
  for (let v = 0; v < n; v++) {
    const sorted = [...(adj[v] as Set<number>)].sort((a, b) => a - b);
    neighbors.set(sorted, offsets[v] as number);
  }
  const selfLoop = new Uint8Array(n);
  for (const v of selfLoops) selfLoop[v] = 1;
  return { n, edges: (offsets[n] as number) / 2, offsets, neighbors, selfLoop };
}

/** The graph with vertex `k` removed (the other vertices keep their relative order: ids above k shift down). */
export function removeVertex(g: ConflictGraph, k: number): ConflictGraph {
  const edges: [number, number][] = [];
  const loops: number[] = [];
  const id = (v: number) => (v > k ? v - 1 : v);
  for (let u = 0; u < g.n; u++) {
    if (u === k) continue;
    if (g.selfLoop[u] === 1) loops.push(id(u));
    for (let j = g.offsets[u] as number; j < (g.offsets[u + 1] as number); j++) {
      const v = g.neighbors[j] as number;
      if (v > u && v !== k) edges.push([id(u), id(v)]);
    }
  }
  return graphFromEdges(g.n - 1, edges, loops);
}
