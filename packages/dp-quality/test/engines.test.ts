/**
 * The three engines on real data (hospital, with its 7 constraints): DuckDB on CSV and on Parquet,
 * SQLite, and PostgreSQL (when FLORET_TEST_PG is set; required under CI) give the same graph; sources
 * are only read (the SQLite file's bytes do not change); bad sources fail with one clear message.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConstraints } from '../src/constraints.js';
import { DataSourceError, type Engine } from '../src/engines/engine.js';
import { openEngine } from '../src/engines/open.js';
import { buildConflictGraph, conflictDegrees, fdMaxGroupSizes } from '../src/graph.js';
import { PgFixtures, type Table, tableFromCsv, tempDir, writeSqlite } from './fixtures.js';

const PG = process.env.FLORET_TEST_PG;
const DATA = join(import.meta.dirname, 'data');
const HOSPITAL = join(DATA, 'hospital.csv');
const dcs = parseConstraints(readFileSync(join(DATA, 'Hospital.dcs.txt'), 'utf8'));
const dir = tempDir();
const sqlitePath = join(dir, 'hospital.sqlite');
const parquetPath = join(dir, 'hospital.parquet');
let table: Table;
let pgFix: PgFixtures | undefined;
let pgTable = '';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

beforeAll(async () => {
  table = await tableFromCsv(HOSPITAL);
  writeSqlite(table, sqlitePath, 'hospital');
  const db = new Database(sqlitePath);
  db.exec('CREATE TABLE other (x INTEGER)');
  db.close();
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  await conn.run(
    `COPY (SELECT * FROM read_csv_auto('${HOSPITAL}', header = true)) TO '${parquetPath}' (FORMAT parquet)`,
  );
  conn.closeSync();
  inst.closeSync();
  if (PG) {
    pgFix = new PgFixtures(PG);
    await pgFix.open();
    pgTable = await pgFix.load(table);
  }
});
afterAll(async () => {
  await pgFix?.close();
});

async function withEngine<T>(
  data: string,
  tbl: string | undefined,
  f: (e: Engine) => Promise<T>,
): Promise<T> {
  const e = await openEngine(data, tbl === undefined ? {} : { table: tbl });
  try {
    return await f(e);
  } finally {
    await e.close();
  }
}

if (!PG && process.env.CI === 'true') {
  it('PostgreSQL is configured under CI (FLORET_TEST_PG)', () => {
    expect.fail('FLORET_TEST_PG must name a PostgreSQL server under CI=true');
  });
}

describe('engines agree on hospital (1,000 rows, 7 constraints)', () => {
  const sources = (): [string, string | undefined][] => [
    [HOSPITAL, undefined],
    [parquetPath, undefined],
    [`sqlite:${sqlitePath}`, 'hospital'],
    ...(PG ? ([[PG, pgTable]] as [string, string][]) : []),
  ];
  it('same CSR graph, same FD fast-path counts, same FD group maxima', async () => {
    const results = [];
    for (const [data, tbl] of sources()) {
      results.push(
        await withEngine(data, tbl, async (e) => {
          const g = await buildConflictGraph(e, dcs);
          const d = await conflictDegrees(e, dcs);
          return {
            kind: e.kind,
            n: g.n,
            edges: g.edges,
            offsets: Array.from(g.offsets),
            neighbors: Array.from(g.neighbors),
            fast: [d.edges, d.problematic, d.maxDegree],
            maxima: await fdMaxGroupSizes(e, dcs),
          };
        }),
      );
    }
    const [first, ...rest] = results;
    expect(first?.edges).toBe(5751);
    for (const r of rest) expect({ ...r, kind: first?.kind }).toEqual(first);
    expect(results.map((r) => r.kind)).toEqual(['duckdb', 'duckdb', 'sqlite', ...(PG ? ['postgres'] : [])]);
  });

  it('never writes: the SQLite file is byte-identical after building the graph', async () => {
    const before = sha(sqlitePath);
    await withEngine(`sqlite:${sqlitePath}`, 'hospital', (e) => buildConflictGraph(e, dcs));
    expect(sha(sqlitePath)).toBe(before);
  });
});

describe('bad sources fail with one clear line', () => {
  const fails = async (data: string, tbl: string | undefined, re: RegExp) => {
    await expect(openEngine(data, tbl === undefined ? {} : { table: tbl })).rejects.toThrow(re);
    await expect(openEngine(data, tbl === undefined ? {} : { table: tbl })).rejects.toBeInstanceOf(
      DataSourceError,
    );
  };
  it('missing files, tables, unknown kinds, refused connections', async () => {
    await fails(join(dir, 'none.csv'), undefined, /no such file/);
    await fails(`sqlite:${join(dir, 'none.sqlite')}`, undefined, /no such file/);
    await fails(`sqlite:${sqlitePath}`, undefined, /holds tables hospital, other; name one with --table/);
    await fails(`sqlite:${sqlitePath}`, 'nope', /--table nope: no such table/);
    await fails(join(dir, 'data.xlsx'), undefined, /unknown kind of source/);
    await fails('postgres://nobody:secret@127.0.0.1:1/db', 't', /cannot connect \(connection refused/);
    await expect(openEngine('postgres://nobody:secret@127.0.0.1:1/db', { table: 't' })).rejects.not.toThrow(
      /secret/,
    );
    await fails('postgres://127.0.0.1:1/db', undefined, /name the table with --table/);
  });
  it.skipIf(!PG)('PostgreSQL: a missing table is named', async () => {
    await fails(PG as string, 'no_such_table', /--table no_such_table: no such table/);
  });
});
