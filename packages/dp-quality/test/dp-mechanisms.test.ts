/**
 * Node-level DP mechanisms on conflict graphs: the projection's sensitivity bounds on random
 * neighbouring graphs (fast-check), the exact budget split, the ledger's refusals, and the
 * statistical DP tester — which must pass the correct mechanisms and catch broken ones (halved noise,
 * too small a sensitivity, including the reference code's θ for I_P).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphFromEdges, removeVertex } from '../src/dp/build.js';
import { dpEstimate, type Measure, referenceEstimate, releaseProjected } from '../src/dp/mechanisms.js';
import { matchingCover, projectCover, projectEdgeAddition } from '../src/dp/projection.js';
import { eq, mul, parseRational, rat } from '../src/dp/rational.js';
import { SeededRandom } from '../src/dp/rng.js';
import { discreteLaplaceNumber } from '../src/dp/samplers.js';
import { dpTest } from '../src/dp/tester.js';
import type { ConflictGraph } from '../src/graph-types.js';
import { BudgetExceededError, PrivacyLedger } from '../src/ledger.js';

const arbGraph = fc.integer({ min: 2, max: 12 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 40 }),
    loops: fc.array(fc.nat(n - 1), { maxLength: 3 }),
    k: fc.nat(n - 1),
  }),
);

describe('edge-addition projection', () => {
  it('keeps degrees ≤ θ and changes by ≤ θ (I_MI edges) / ≤ θ+1 (I_P) when one vertex is removed', () => {
    fc.assert(
      fc.property(arbGraph, fc.integer({ min: 1, max: 5 }), ({ n, edges, loops, k }, theta) => {
        const g = graphFromEdges(n, edges, loops);
        const h = removeVertex(g, k);
        const deg = new Int32Array(n);
        const a = projectEdgeAddition(g, theta, undefined, deg);
        for (const d of deg) if (d > theta) return false;
        const b = projectEdgeAddition(h, theta);
        const dEdges = a.edges - b.edges;
        return (
          dEdges >= 0 &&
          dEdges <= theta &&
          Math.abs(a.minimalInconsistent - b.minimalInconsistent) <= theta + 1 &&
          Math.abs(a.problematic - b.problematic) <= theta + 1
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('I_P really can move by θ + 1 (a vertex joined to θ isolated tuples), so θ is too small', () => {
    const theta = 3;
    const g = graphFromEdges(5, [
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
    const h = removeVertex(g, 0);
    expect(projectEdgeAddition(g, theta).problematic - projectEdgeAddition(h, theta).problematic).toBe(
      theta + 1,
    );
  });

  it('coverage projection: degrees ≤ θ, never above I_P, and I_P moves by ≤ θ + 1 when one vertex is removed', () => {
    fc.assert(
      fc.property(arbGraph, fc.integer({ min: 1, max: 5 }), ({ n, edges, loops, k }, theta) => {
        const g = graphFromEdges(n, edges, loops);
        const deg = new Int32Array(n);
        const a = projectCover(g, theta, deg);
        for (const d of deg) if (d > theta) return false;
        const full = projectEdgeAddition(g, n).problematic; // θ = n keeps every edge: the true I_P
        const b = projectCover(removeVertex(g, k), theta);
        return a <= full && Math.abs(a - b) <= theta + 1;
      }),
      { numRuns: 3000 },
    );
  });

  it('coverage projection reaches I_P on a hub graph where edge addition cannot', () => {
    // 4 hubs (0..3), each conflicting with all 40 others: edge addition with θ = 10 covers only the
    // same 10 tuples 4..13 four times (14 covered); coverage spends hub slots on new tuples, except the
    // one edge each later hub takes while itself uncovered: 4 + 10 + 9 + 9 + 9 = 41.
    const edges: [number, number][] = [];
    for (let h = 0; h < 4; h++) for (let v = 4; v < 44; v++) edges.push([h, v]);
    const g = graphFromEdges(44, edges);
    expect(projectCover(g, 10)).toBe(41);
    expect(projectEdgeAddition(g, 10).problematic).toBe(14);
  });

  it('the I_R statistic (self-loops + 2|M|) moves by at most 2 and brackets I_R', () => {
    fc.assert(
      fc.property(arbGraph, ({ n, edges, loops, k }) => {
        const g = graphFromEdges(n, edges, loops);
        const a = matchingCover(g);
        const b = matchingCover(removeVertex(g, k));
        return Math.abs(a.cover - b.cover) <= 2 && a.cover >= a.selfLoops + a.matching;
      }),
      { numRuns: 2000 },
    );
  });

  it('θ = 1 is a maximal matching', () => {
    fc.assert(
      fc.property(arbGraph, ({ n, edges }) => {
        const g = graphFromEdges(n, edges);
        const deg = new Int32Array(n);
        projectEdgeAddition(g, 1, undefined, deg);
        for (const [u, v] of edges) if (u !== v && deg[u] === 0 && deg[v] === 0) return false;
        return true;
      }),
    );
  });
});

function randomGraph(seed: string, n: number, m: number): ConflictGraph {
  const rng = new SeededRandom(seed);
  const edges: [number, number][] = [];
  const b = new Uint8Array(2);
  for (let i = 0; i < m; i++) {
    rng.fill(b);
    edges.push([(b[0] as number) % n, (b[1] as number) % n]);
  }
  return graphFromEdges(n, edges, [0]);
}

describe('budget and ledger', () => {
  const g = randomGraph('budget', 40, 120);
  it('every Floret estimate spends exactly the declared ε', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Measure>('mi', 'p', 'r'),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        fc.integer(),
        fc.boolean(),
        fc.boolean(),
        (measure, num, den, fds, seed, hierarchical, sharedBound) => {
          const epsilon = rat(BigInt(num), BigInt(den));
          const r = dpEstimate(g, {
            measure,
            epsilon,
            rng: new SeededRandom(seed),
            ...(fds ? { fdGroupMaxima: [7, 3] } : {}),
            hierarchical,
            ...(sharedBound ? { degreeBound: 9 } : {}),
          });
          return eq(r.ledger.total, epsilon) && r.estimate >= 0;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the reference method spends 1.4ε and is refused by a ledger of ε', () => {
    const epsilon = parseRational('1') ?? rat(1n);
    const ref = referenceEstimate(g, { measure: 'mi', epsilon, rng: new SeededRandom(1) });
    expect(eq(ref.ledger.total, mul(epsilon, rat(7n, 5n)))).toBe(true);
    const ledger = new PrivacyLedger(epsilon);
    expect(() => referenceEstimate(g, { measure: 'mi', epsilon, rng: new SeededRandom(1), ledger })).toThrow(
      BudgetExceededError,
    );
    expect(eq(ledger.total, rat(2n, 5n))).toBe(true); // 0.1 + 0.15 + 0.15 charged; the full-ε release refused
    const fixed = referenceEstimate(g, {
      measure: 'p',
      epsilon,
      rng: new SeededRandom(2),
      budget: 'fixed',
      fdGroupMaxima: [4, 5],
    });
    expect(eq(fixed.ledger.total, epsilon)).toBe(true);
  });

  it('a refused charge records nothing; the total is exact (three thirds make one)', () => {
    const l = new PrivacyLedger(rat(1n));
    for (let i = 0; i < 3; i++) l.charge({ mechanism: 'm', query: 'q', epsilon: rat(1n, 3n) });
    expect(eq(l.total, rat(1n))).toBe(true);
    expect(() => l.charge({ mechanism: 'm', query: 'q', epsilon: rat(1n, 1000000n) })).toThrow(
      BudgetExceededError,
    );
    expect(l.steps.length).toBe(3);
    expect(l.toJSON().totalExact).toBe('1');
  });
});

describe('statistical DP tester', () => {
  const eps = rat(1n);
  // Worst case for I_P at θ = 1: D′ = D + a tuple conflicting with one isolated tuple (I_P 0 → 2).
  const big = graphFromEdges(6, [[0, 1]]);
  const small = removeVertex(big, 0);

  it('passes the correct I_P release (sensitivity θ + 1)', () => {
    const rng = new SeededRandom('t-ok');
    const run = (g: ConflictGraph) => () => releaseProjected(g, 'p', 1, eps, rng).noisy;
    const r = dpTest(run(big), run(small), { epsilon: 1, trials: 20_000 });
    expect(r.passed).toBe(true);
  });

  it("catches the reference code's sensitivity θ for I_P", () => {
    const rng = new SeededRandom('t-ref');
    const run = (g: ConflictGraph) => () =>
      projectEdgeAddition(g, 1).problematic + discreteLaplaceNumber(rng, rat(1n)); // Δ = θ = 1, ε = 1
    const r = dpTest(run(big), run(small), { epsilon: 1, trials: 20_000 });
    expect(r.passed).toBe(false);
  });

  it('catches halved noise', () => {
    const rng = new SeededRandom('t-half');
    const run = (g: ConflictGraph) => () =>
      projectEdgeAddition(g, 1).problematic + discreteLaplaceNumber(rng, rat(1n)); // should be 2/ε
    const r = dpTest(run(big), run(small), { epsilon: 1, trials: 20_000 });
    expect(r.passed).toBe(false);
  });

  it('catches a wrong sensitivity for I_MI (1 instead of θ + 1 on a star, θ = 4)', () => {
    const star = graphFromEdges(8, [
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [0, 5],
    ]);
    const rest = removeVertex(star, 0);
    const rng = new SeededRandom('t-sens');
    const run = (g: ConflictGraph) => () =>
      projectEdgeAddition(g, 4).minimalInconsistent + discreteLaplaceNumber(rng, rat(1n));
    expect(dpTest(run(star), run(rest), { epsilon: 1, trials: 20_000 }).passed).toBe(false);
    const ok = (g: ConflictGraph) => () => releaseProjected(g, 'mi', 4, eps, rng).noisy;
    expect(dpTest(ok(star), ok(rest), { epsilon: 1, trials: 20_000 }).passed).toBe(true);
  });

  it('passes the hierarchical θ selection for I_P', () => {
    const g = randomGraph('full-hier', 10, 14);
    const h = removeVertex(g, 3);
    const rng = new SeededRandom('full-hier');
    const run = (x: ConflictGraph) => () =>
      dpEstimate(x, { measure: 'p', epsilon: eps, rng, hierarchical: true }).estimate;
    expect(dpTest(run(g), run(h), { epsilon: 1, trials: 3_000 }).passed).toBe(true);
  });

  it('catches a θ selection that leaks: θ = true max degree, released with ε for the Laplace only', () => {
    // Non-private θ (the reference's "baseline_truedeg"): on a star vs the star minus its centre,
    // θ jumps from 5 to 1, so I_MI + DLap((θ+1)/ε) separates the two far beyond e^ε.
    const star = graphFromEdges(7, [
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [0, 5],
    ]);
    const rest = removeVertex(star, 0);
    const rng = new SeededRandom('t-truedeg');
    const run = (g: ConflictGraph) => () => {
      let maxDeg = 1;
      for (let v = 0; v < g.n; v++)
        maxDeg = Math.max(maxDeg, (g.offsets[v + 1] as number) - (g.offsets[v] as number));
      return releaseProjected(g, 'mi', maxDeg, eps, rng).noisy;
    };
    expect(dpTest(run(star), run(rest), { epsilon: 1, trials: 20_000 }).passed).toBe(false);
  });

  for (const measure of ['mi', 'p', 'r'] as const) {
    it(`passes the whole Floret estimator for ${measure} on neighbouring graphs`, () => {
      const g = randomGraph(`full-${measure}`, 10, 14);
      let hub = 0;
      for (let v = 0; v < g.n; v++)
        if (
          (g.offsets[v + 1] as number) - (g.offsets[v] as number) >
          (g.offsets[hub + 1] as number) - (g.offsets[hub] as number)
        )
          hub = v;
      const h = removeVertex(g, hub);
      const rng = new SeededRandom(`full-${measure}`);
      const run = (x: ConflictGraph) => () =>
        dpEstimate(x, { measure, epsilon: eps, rng, fdGroupMaxima: [3] }).estimate;
      expect(dpTest(run(g), run(h), { epsilon: 1, trials: 3_000 }).passed).toBe(true);
    });
  }
});
