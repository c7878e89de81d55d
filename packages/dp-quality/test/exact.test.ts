/**
 * Exact measures on hand-checked graphs: a triangle (LP 3/2, cover 2), a 5-cycle (LP 5/2, cover 3),
 * a star (cover 1), K_{3,3} (König: LP = cover = 3), a self-loop, and the size caps.
 */
import { describe, expect, it } from 'vitest';
import { exactMeasures, greedyMatching } from '../src/exact.js';
import { csrFromPairs } from '../src/graph.js';

function graph(n: number, edges: [number, number][], self: number[] = []) {
  const loops = new Uint8Array(n);
  for (const v of self) loops[v] = 1;
  return csrFromPairs(n, Int32Array.from(edges.flat()), edges.length * 2, loops);
}

describe('exact measures, known answers', () => {
  it('triangle: I_MI 3, I_P 3, LP 1.5, I_R 2', async () => {
    const m = await exactMeasures(
      graph(4, [
        [0, 1],
        [1, 2],
        [0, 2],
        [1, 0],
      ]),
    );
    expect(m).toMatchObject({
      tuples: 4,
      edges: 3,
      minimalInconsistent: 3,
      problematic: 3,
      repairLp: 1.5,
      repair: 2,
      matching: 1,
      repairLower: 1,
      repairUpper: 2,
      drastic: 1,
    });
  });
  it('5-cycle: LP 2.5, I_R 3', async () => {
    const m = await exactMeasures(
      graph(5, [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 0],
      ]),
    );
    expect([m.repairLp, m.repair]).toEqual([2.5, 3]);
  });
  it('star and K3,3', async () => {
    expect(
      (
        await exactMeasures(
          graph(6, [
            [0, 1],
            [0, 2],
            [0, 3],
            [0, 4],
            [0, 5],
          ]),
        )
      ).repair,
    ).toBe(1);
    const k33: [number, number][] = [];
    for (let a = 0; a < 3; a++) for (let b = 3; b < 6; b++) k33.push([a, b]);
    const m = await exactMeasures(graph(6, k33));
    expect([m.edges, m.repairLp, m.repair, m.matching]).toEqual([9, 3, 3, 3]);
  });
  it('self-loops are forced into the repair and counted in I_MI and I_P', async () => {
    const m = await exactMeasures(graph(4, [[1, 2]], [0, 3]));
    expect(m).toMatchObject({
      selfLoops: 2,
      minimalInconsistent: 3,
      problematic: 4,
      repair: 3,
      repairLp: 3,
      repairLower: 3,
      repairUpper: 4,
    });
  });
  it('consistent table: everything 0', async () => {
    expect(await exactMeasures(graph(3, []))).toMatchObject({
      drastic: 0,
      repair: 0,
      repairLp: 0,
      repairUpper: 0,
    });
  });
  it('caps: too large for the ILP or the LP is reported, bounds still given', async () => {
    const m = await exactMeasures(
      graph(4, [
        [0, 1],
        [2, 3],
        [1, 2],
      ]),
      { ilpMaxEdges: 2, lpMaxEdges: 2 },
    );
    expect(m.repairStatus).toBe('too-large');
    expect(m.repair).toBeUndefined();
    expect(m.repairLp).toBeNull();
    expect([m.repairLower, m.repairUpper]).toEqual([2, 4]);
  });
  it('greedy matching is maximal', () => {
    const g = graph(6, [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [0, 5],
      [1, 4],
    ]);
    const { mate, size } = greedyMatching(g);
    expect(size).toBe(3);
    for (let v = 0; v < g.n; v++)
      for (let k = g.offsets[v] as number; k < (g.offsets[v + 1] as number); k++)
        expect(mate[v] !== -1 || mate[g.neighbors[k] as number] !== -1).toBe(true);
  });
});
