/**
 * The conflict graph built in SQL (DuckDB, SQLite, PostgreSQL) against an independent brute force on
 * random small tables with NULLs, the FD fast path against the built graph, and the exact measures
 * against brute-force vertex cover.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DenialConstraint, fdShape, parseConstraints } from '../src/constraints.js';
import type { Engine } from '../src/engines/engine.js';
import { openEngine } from '../src/engines/open.js';
import { exactMeasures } from '../src/exact.js';
import { buildConflictGraph, conflictDegrees } from '../src/graph.js';
import type { ConflictGraph } from '../src/graph-types.js';
import {
  bruteGraph,
  bruteRepair,
  type Cell,
  PgFixtures,
  type Table,
  tempDir,
  writeCsv,
  writeSqlite,
} from './fixtures.js';

const PG = process.env.FLORET_TEST_PG;
const COLUMNS = [
  { name: 'A', type: 'int' },
  { name: 'B', type: 'int' },
  { name: 'C', type: 'text' },
  { name: 'D', type: 'text' },
] as const;

const intCell = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 }) },
);
const textCell = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: fc.constantFrom('x', 'y', 'z') },
);
const row = fc.tuple(intCell, intCell, textCell, textCell);
/** Tables of 1..9 rows; row 0 has no NULL so every engine infers the same column types. */
const table: fc.Arbitrary<Table> = fc
  .tuple(
    fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom('x', 'y')),
    fc.array(row, { maxLength: 8 }),
  )
  .map(([first, rest]) => ({
    columns: COLUMNS,
    rows: [[first[0], first[1], first[2], 'x'] as Cell[], ...rest],
  }));

const INT_OPS = ['=', '!=', '<', '>', '<=', '>='] as const;
const intPred = fc
  .tuple(
    fc.constantFrom('A', 'B'),
    fc.constantFrom(...INT_OPS),
    fc.constantFrom('A', 'B'),
    fc.constantFrom('t2', 't1', 'c'),
  )
  .map(([x, op, y, r]) => (r === 'c' ? `t1.${x}${op}1` : `t1.${x}${op}${r}.${y}`));
const textPred = fc
  .tuple(fc.constantFrom('C', 'D'), fc.constantFrom('=', '!='), fc.constantFrom('t2', 'c'))
  .map(([x, op, r]) => (r === 'c' ? `t1.${x}${op}'y'` : `t1.${x}${op}t2.${x}`));
const fdPred = fc
  .tuple(fc.constantFrom('A', 'B', 'C', 'D'), fc.constantFrom('=', '!='))
  .map(([x, op]) => `t1.${x}${op}t2.${x}`);
const dc = fc
  .array(fc.oneof(intPred, textPred, fdPred), { minLength: 1, maxLength: 3 })
  .map((ps) => `not(${ps.join('&')})`);
const dcs = fc.array(dc, { minLength: 1, maxLength: 3 }).map((ls) => parseConstraints(ls.join('\n')));

/** The FD-shaped constraints: X → Y or a key, over the four columns. */
const fd = fc
  .tuple(
    fc.subarray(['A', 'B', 'C', 'D'], { minLength: 1, maxLength: 2 }),
    fc.constantFrom('A', 'B', 'C', 'D', ''),
  )
  .filter(([lhs, rhs]) => !lhs.includes(rhs))
  .map(
    ([lhs, rhs]) =>
      `not(${[...lhs.map((c) => `t1.${c}=t2.${c}`), ...(rhs ? [`t1.${rhs}!=t2.${rhs}`] : [])].join('&')})`,
  );
const fds = fc.array(fd, { minLength: 1, maxLength: 4 }).map((ls) => parseConstraints(ls.join('\n')));

function edgeList(g: ConflictGraph): [number, number][] {
  const out: [number, number][] = [];
  for (let v = 0; v < g.n; v++)
    for (let k = g.offsets[v] as number; k < (g.offsets[v + 1] as number); k++) {
      const u = g.neighbors[k] as number;
      if (u > v) out.push([v, u]);
    }
  return out;
}

let dir = '';
let counter = 0;
let pgFix: PgFixtures | undefined;

beforeAll(async () => {
  dir = tempDir();
  if (PG) {
    pgFix = new PgFixtures(PG);
    await pgFix.open();
  }
});
afterAll(async () => {
  await pgFix?.close();
});

/** Opens `t` on every engine available: DuckDB (CSV), SQLite, and PostgreSQL when configured. */
async function engines(t: Table): Promise<Engine[]> {
  const k = counter++;
  const csv = join(dir, `t${k}.csv`);
  const db = join(dir, `t${k}.sqlite`);
  writeCsv(t, csv);
  writeSqlite(t, db);
  const out = [await openEngine(csv), await openEngine(`sqlite:${db}`, { table: 't' })];
  if (pgFix && PG) out.push(await openEngine(PG, { table: await pgFix.load(t) }));
  return out;
}

if (!PG && process.env.CI === 'true') {
  it('PostgreSQL is configured under CI (FLORET_TEST_PG)', () => {
    expect.fail('FLORET_TEST_PG must name a PostgreSQL server under CI=true');
  });
}

describe('conflict graph on every engine = brute force', () => {
  it('random tables with NULLs and random constraints', async () => {
    await fc.assert(
      fc.asyncProperty(table, dcs, async (t, cs) => {
        const want = bruteGraph(t, cs);
        for (const e of await engines(t)) {
          try {
            const g = await buildConflictGraph(e, cs);
            expect({ engine: e.kind, edges: edgeList(g) }).toEqual({ engine: e.kind, edges: want.edges });
            expect(Array.from(g.selfLoop, (x) => x === 1)).toEqual(want.self);
          } finally {
            await e.close();
          }
        }
      }),
      { numRuns: PG ? 25 : 50 },
    );
  });

  it('FD fast path = counts of the built graph (degrees, I_MI, I_P)', async () => {
    await fc.assert(
      fc.asyncProperty(table, fds, async (t, cs) => {
        expect(cs.every((c: DenialConstraint) => fdShape(c) !== undefined)).toBe(true);
        const want = bruteGraph(t, cs);
        const deg = new Array<number>(t.rows.length).fill(0);
        for (const [a, b] of want.edges) {
          deg[a] = (deg[a] ?? 0) + 1;
          deg[b] = (deg[b] ?? 0) + 1;
        }
        for (const e of await engines(t)) {
          try {
            const d = await conflictDegrees(e, cs);
            expect(d.fdFastPath).toBe(true);
            expect(Array.from(d.degree)).toEqual(deg);
            expect(d.edges).toBe(want.edges.length);
            expect(d.problematic).toBe(deg.filter((x) => x > 0).length);
          } finally {
            await e.close();
          }
        }
      }),
      { numRuns: PG ? 25 : 50 },
    );
  });
});

describe('exact measures = brute force', () => {
  it('I_MI, I_P, I_R, LP and matching bounds', async () => {
    await fc.assert(
      fc.asyncProperty(table, dcs, async (t, cs) => {
        const want = bruteGraph(t, cs);
        const [e] = await engines(t);
        if (!e) throw new Error('no engine');
        let m: Awaited<ReturnType<typeof exactMeasures>>;
        try {
          m = await exactMeasures(await buildConflictGraph(e, cs));
        } finally {
          await e.close();
        }
        const selfCount = want.self.filter(Boolean).length;
        const problematic = new Set(want.edges.flat());
        want.self.forEach((s, v) => s && problematic.add(v));
        const repair = bruteRepair(t.rows.length, want.self, want.edges);
        expect(m.minimalInconsistent).toBe(want.edges.length + selfCount);
        expect(m.problematic).toBe(problematic.size);
        expect(m.drastic).toBe(problematic.size > 0 ? 1 : 0);
        expect(m.repair).toBe(repair);
        expect(m.repairStatus).toBe('optimal');
        expect(m.repairLower).toBeLessThanOrEqual(repair);
        expect(m.repairUpper).toBeGreaterThanOrEqual(repair);
        expect(m.repairLp).not.toBeNull();
        expect(m.repairLp as number).toBeLessThanOrEqual(repair);
        expect(m.repairLp as number).toBeGreaterThanOrEqual(m.repairLower);
      }),
      { numRuns: 30 },
    );
  });
});

describe('real data (shared/data/dp-inconsistency)', () => {
  const data = join(import.meta.dirname, 'data');
  it('hospital: 5,751 conflicting pairs, every tuple problematic (checked by a Python brute force)', async () => {
    const e = await openEngine(join(data, 'hospital.csv'));
    try {
      const { readFileSync } = await import('node:fs');
      const cs = parseConstraints(readFileSync(join(data, 'Hospital.dcs.txt'), 'utf8'));
      const g = await buildConflictGraph(e, cs);
      expect(g.n).toBe(1000);
      expect(g.edges).toBe(5751);
      const d = await conflictDegrees(e, cs);
      expect(d.fdFastPath).toBe(true);
      expect(d.edges).toBe(5751);
      expect(d.problematic).toBe(1000);
    } finally {
      await e.close();
    }
  });
});
