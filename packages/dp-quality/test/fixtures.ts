/**
 * Test fixtures: small typed tables written to a CSV file (DuckDB), a SQLite file and a PostgreSQL
 * scratch schema (only here, in test setup, never through the Engine), plus an independent brute-force
 * evaluation of denial constraints and of the minimum vertex cover, used as the reference.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DenialConstraint, Operand } from '../src/constraints.js';

/** A cell: integer, text, or NULL. */
export type Cell = number | string | null;

/** A typed table. */
export interface Table {
  readonly columns: readonly { readonly name: string; readonly type: 'int' | 'real' | 'text' }[];
  readonly rows: readonly (readonly Cell[])[];
}

/** A fresh temporary folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'floret-dpq-'));
}

/** Writes `t` as CSV (NULL = empty field; text cells never contain commas, quotes or are empty). */
export function writeCsv(t: Table, path: string): void {
  const lines = [t.columns.map((c) => c.name).join(',')];
  for (const r of t.rows) lines.push(r.map((v) => (v === null ? '' : String(v))).join(','));
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Writes `t` as table `name` of a new SQLite file. */
export function writeSqlite(t: Table, path: string, name = 't'): void {
  const db = new Database(path);
  db.exec(
    `CREATE TABLE "${name}" (${t.columns.map((c) => `"${c.name}" ${c.type === 'int' ? 'INTEGER' : c.type === 'real' ? 'REAL' : 'TEXT'}`).join(', ')})`,
  );
  const ins = db.prepare(`INSERT INTO "${name}" VALUES (${t.columns.map(() => '?').join(', ')})`);
  db.transaction(() => {
    for (const r of t.rows) ins.run(...r);
  })();
  db.close();
}

/** A PostgreSQL scratch schema for fixtures, created and dropped by the tests. */
export class PgFixtures {
  private readonly client: pg.Client;
  readonly schema = `floret_test_${process.pid}_${Date.now()}`;
  private count = 0;
  constructor(readonly url: string) {
    this.client = new pg.Client({ connectionString: url });
  }
  async open(): Promise<void> {
    await this.client.connect();
    await this.client.query(`CREATE SCHEMA "${this.schema}"`);
  }
  /**
   * Loads `t` into a new table and returns its qualified name. A leading `__pos` primary key records
   * the row order (PostgreSQL has no inherent one); the engine numbers rows by the primary key.
   */
  async load(t: Table): Promise<string> {
    const name = `t${this.count++}`;
    const q = `"${this.schema}"."${name}"`;
    await this.client.query(
      `CREATE TABLE ${q} ("__pos" integer PRIMARY KEY, ${t.columns.map((c) => `"${c.name}" ${c.type === 'int' ? 'bigint' : c.type === 'real' ? 'double precision' : 'text'}`).join(', ')})`,
    );
    if (t.rows.length > 0) {
      // Batches keep the bind-parameter count under PostgreSQL's 65,535 limit.
      const per = Math.max(1, Math.floor(30_000 / (t.columns.length + 1)));
      for (let s = 0; s < t.rows.length; s += per) {
        const values: Cell[] = [];
        const tuples = t.rows
          .slice(s, s + per)
          .map((r, i) => `(${[s + i, ...r].map((v) => `$${values.push(v)}`).join(', ')})`);
        await this.client.query(`INSERT INTO ${q} VALUES ${tuples.join(', ')}`, values);
      }
    }
    return `${this.schema}.${name}`;
  }
  async close(): Promise<void> {
    await this.client.query(`DROP SCHEMA "${this.schema}" CASCADE`);
    await this.client.end();
  }
}

/**
 * Reads a CSV with DuckDB (the types it infers) into a Table, so SQLite and PostgreSQL get exactly the
 * same typed values as the DuckDB engine sees. Test setup only.
 */
export async function tableFromCsv(path: string): Promise<Table> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const r = await conn.runAndReadAll(
      `SELECT * FROM read_csv_auto('${path.replaceAll("'", "''")}', header = true)`,
    );
    const columns = r.columnNames().map((name, i) => {
      const type = String(r.columnType(i));
      return {
        name,
        type: /INT/.test(type) ? 'int' : /DOUBLE|FLOAT|DECIMAL/.test(type) ? 'real' : 'text',
      } as const;
    });
    const rows = r
      .getRows()
      .map((row) =>
        row.map(
          (v): Cell =>
            v === null ? null : typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : String(v),
        ),
      );
    return { columns, rows };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function value(t: Table, row: readonly Cell[], o: Operand): Cell {
  if (o.kind === 'const') return o.value;
  const i = t.columns.findIndex((c) => c.name === o.column);
  return row[i] ?? null;
}

function compare(a: Cell, op: string, b: Cell): boolean {
  if (a === null || b === null) return false;
  const x = typeof a === 'number' && typeof b === 'string' ? String(a) : a;
  const y = typeof b === 'number' && typeof a === 'string' ? String(b) : b;
  switch (op) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    default:
      return x >= y;
  }
}

/** True when tuples r1 (as t1) and r2 (as t2) satisfy every predicate of `dc`. */
export function violates(t: Table, dc: DenialConstraint, r1: readonly Cell[], r2: readonly Cell[]): boolean {
  return dc.predicates.every((p) => {
    const pick = (o: Operand) => (o.kind === 'attr' ? value(t, o.tuple === 1 ? r1 : r2, o) : o.value);
    return compare(pick(p.left), p.op, pick(p.right));
  });
}

/** Brute-force conflict graph: self-loops (unary DCs), then edges between two distinct non-self-loop tuples. */
export function bruteGraph(t: Table, dcs: readonly DenialConstraint[]) {
  const n = t.rows.length;
  const self = t.rows.map((r) => dcs.some((dc) => dc.unary && violates(t, dc, r, r)));
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (self[i] || self[j]) continue;
      const a = t.rows[i] ?? [];
      const b = t.rows[j] ?? [];
      if (dcs.some((dc) => !dc.unary && (violates(t, dc, a, b) || violates(t, dc, b, a)))) edges.push([i, j]);
    }
  }
  return { self, edges };
}

/** Brute-force I_R: self-loops plus the smallest vertex cover, by trying every subset (n ≤ ~14). */
export function bruteRepair(n: number, self: readonly boolean[], edges: readonly [number, number][]): number {
  let best = n;
  for (let mask = 0; mask < 1 << n; mask++) {
    let size = 0;
    for (let v = 0; v < n; v++) if (mask & (1 << v)) size++;
    if (size >= best) continue;
    if (self.some((s, v) => s && !(mask & (1 << v)))) continue;
    if (edges.every(([a, b]) => mask & (1 << a) || mask & (1 << b))) best = size;
  }
  return best;
}
