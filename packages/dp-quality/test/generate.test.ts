/**
 * Generators (clean tables satisfy their constraints; every conflict touches a corrupted row) and the
 * RNoise / CONoise injectors (seeded, change what they say, and CONoise creates violations).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DenialConstraint, parseConstraints } from '../src/constraints.js';
import { openEngine } from '../src/engines/open.js';
import { generateFlight, generateStock, generateTax } from '../src/generate.js';
import { buildConflictGraph } from '../src/graph.js';
import { coNoise, rNoise } from '../src/noise.js';
import { type DataTable, rowsViolate, writeCsvFile } from '../src/table.js';
import { tempDir } from './fixtures.js';

const dir = tempDir();
let k = 0;

async function graphOf(t: DataTable, dcsText: string) {
  const csv = join(dir, `g${k++}.csv`);
  writeCsvFile(t, csv);
  const e = await openEngine(csv);
  try {
    return await buildConflictGraph(e, parseConstraints(dcsText));
  } finally {
    await e.close();
  }
}

const GENERATORS = { flight: generateFlight, stock: generateStock, tax: generateTax };

describe('generators', () => {
  for (const [name, gen] of Object.entries(GENERATORS)) {
    it(`${name}: clean table is consistent; with 2% corrupted rows every conflict touches one`, async () => {
      const clean = gen({ rows: 1500, seed: 3 });
      expect(clean.corrupted).toEqual([]);
      expect((await graphOf(clean.table, clean.constraintsText)).edges).toBe(0);
      const dirty = gen({ rows: 1500, seed: 3, violationRate: 0.02 });
      expect(dirty.corrupted.length).toBe(30);
      const g = await graphOf(dirty.table, dirty.constraintsText);
      expect(g.edges).toBeGreaterThan(0);
      const bad = new Set(dirty.corrupted);
      for (let v = 0; v < g.n; v++)
        for (let q = g.offsets[v] as number; q < (g.offsets[v + 1] as number); q++)
          expect(bad.has(v) || bad.has(g.neighbors[q] as number)).toBe(true);
      expect(gen({ rows: 50, seed: 9, violationRate: 0.1 })).toEqual(
        gen({ rows: 50, seed: 9, violationRate: 0.1 }),
      );
    });
  }
  it('rejects impossible parameters', () => {
    expect(() => generateFlight({ rows: -1 })).toThrow(RangeError);
    expect(() => generateTax({ rows: 5, violationRate: 2 })).toThrow(RangeError);
  });
});

describe('noise injectors', () => {
  const base = generateTax({ rows: 400, seed: 5 });
  it('RNoise corrupts round(α · rows · DC columns) cells, only in constrained columns, seeded', () => {
    const r = rNoise(base.table, base.constraints, 0.01, 11);
    // Tax constraints read 11 columns: 0.01 · 400 · 11 = 44 corruptions.
    expect(r.changed.length).toBe(44);
    const constrained = new Set([
      'AreaCode',
      'Phone',
      'City',
      'Zip',
      'State',
      'HasChild',
      'ChildExemp',
      'MaritalStatus',
      'SingleExemp',
      'Salary',
      'Rate',
    ]);
    for (const [, c] of r.changed) expect(constrained.has(base.table.columns[c] as string)).toBe(true);
    expect(rNoise(base.table, base.constraints, 0.01, 11)).toEqual(r);
    expect(base.table.rows).toEqual(generateTax({ rows: 400, seed: 5 }).table.rows);
  });
  it('CONoise makes the chosen pairs violate their constraint', async () => {
    const dcs = parseConstraints(
      "not(t1.A=t2.A&t1.B!=t2.B)\nnot(t1.C<t2.C&t1.D>t2.D)\nnot(t1.A>5)\nnot(t1.E='q'&t1.A=t2.A)",
    );
    const t: DataTable = {
      columns: ['A', 'B', 'C', 'D', 'E'],
      rows: Array.from({ length: 30 }, (_, i) => [i, i, i, i, 'p']),
    };
    expect(
      (await graphOf(t, "not(t1.A=t2.A&t1.B!=t2.B)\nnot(t1.C<t2.C&t1.D>t2.D)\nnot(t1.E='q'&t1.A=t2.A)"))
        .edges,
    ).toBe(0);
    const r = coNoise(t, dcs, 40, 2);
    expect(r.changed.length).toBeGreaterThan(0);
    const g = await graphOf(
      r.table,
      "not(t1.A=t2.A&t1.B!=t2.B)\nnot(t1.C<t2.C&t1.D>t2.D)\nnot(t1.E='q'&t1.A=t2.A)",
    );
    const unary = r.table.rows.filter((row) =>
      rowsViolate(r.table, dcs[2] as (typeof dcs)[number], row, row),
    ).length;
    expect(g.edges + unary).toBeGreaterThan(0);
  });
  it('one CONoise iteration always leaves a violating pair (each constraint alone, 20 seeds)', () => {
    const t: DataTable = {
      columns: ['A', 'B', 'C', 'D', 'E'],
      rows: Array.from({ length: 6 }, (_, i) => [i, i, i, i, 'p']),
    };
    for (const text of [
      'not(t1.A=t2.A&t1.B!=t2.B)',
      'not(t1.C<t2.C&t1.D>t2.D)',
      "not(t1.E='q'&t1.A=t2.A)",
      'not(t1.A>5)',
    ]) {
      const dc = parseConstraints(text)[0] as DenialConstraint;
      for (let seed = 1; seed <= 20; seed++) {
        const r = coNoise(t, [dc], 1, seed).table;
        const any = r.rows.some((a, i) =>
          r.rows.some((b, j) => (dc.unary ? i === j : i !== j) && rowsViolate(r, dc, a, b)),
        );
        expect({ text, seed, any }).toEqual({ text, seed, any: true });
      }
    }
  });
});
