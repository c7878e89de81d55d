// Benchmarks of @floret/dp-quality (conflict graph in SQL, arXiv:2502.11009 §3), run on the built dist/:
//   1. conflict-graph time per engine (DuckDB on CSV, SQLite, PostgreSQL) on Adult (32,561 rows, its
//      3 constraints), on a 10,000-row Adult sample with 1% RNoise (the paper's setting), and on
//      hospital (1,000 rows, 7 constraints);
//   2. a generated 1,000,000-row Flight-like table with its 13 FDs: I_MI / I_P / degrees through the
//      FD fast path (no edge list) on PostgreSQL (target ≤ 120 s), and on DuckDB and SQLite for reference.
// PostgreSQL: FLORET_BENCH_PG or FLORET_TEST_PG (a server where a scratch schema may be created).
// Medians of REPEAT runs (one run where the first exceeds 10 s); single runs for the 1M-row table. Loading data is timed separately.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  buildConflictGraph,
  conflictDegrees,
  generateFlight,
  openEngine,
  parseConstraints,
  rNoise,
  writeCsvFile,
} from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = process.env.FLORET_DPQ_DATA ?? join(here, '../../../../shared/data/dp-inconsistency');
const TESTDATA = join(here, '../test/data');
const PG = process.env.FLORET_BENCH_PG ?? process.env.FLORET_TEST_PG;
const REPEAT = Number(process.env.REPEAT ?? 3);
const ROWS_1M = Number(process.env.ROWS ?? 1_000_000);
// ONLY=graph or ONLY=flight runs one part.
const ONLY = process.env.ONLY;
const tmp = mkdtempSync(join(tmpdir(), 'floret-dpq-bench-'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

/** Rows and DuckDB-inferred types of a CSV (so every engine holds the same typed values). */
async function readTyped(csv) {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const r = await conn.runAndReadAll(`SELECT * FROM read_csv_auto('${csv}', header = true)`);
  const columns = r.columnNames().map((name, i) => {
    const t = String(r.columnType(i));
    return { name, type: /INT/.test(t) ? 'int' : /DOUBLE|FLOAT|DECIMAL/.test(t) ? 'real' : 'text' };
  });
  const rows = r
    .getRows()
    .map((row) =>
      row.map((v) =>
        typeof v === 'bigint' ? Number(v) : v === null ? null : typeof v === 'number' ? v : String(v),
      ),
    );
  conn.closeSync();
  inst.closeSync();
  return { columns, rows };
}

function toSqlite(t, path, name) {
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

/** Loads a table into PostgreSQL with a `__pos` primary key (the row order), 50,000 rows per INSERT … unnest. */
async function toPg(client, schema, name, t) {
  const pgType = (c) => (c.type === 'int' ? 'bigint' : c.type === 'real' ? 'double precision' : 'text');
  await client.query(
    `CREATE TABLE "${schema}"."${name}" ("__pos" integer PRIMARY KEY, ${t.columns.map((c) => `"${c.name}" ${pgType(c)}`).join(', ')})`,
  );
  const cols = ['"__pos"', ...t.columns.map((c) => `"${c.name}"`)];
  const types = ['integer', ...t.columns.map(pgType)];
  for (let s = 0; s < t.rows.length; s += 50_000) {
    const chunk = t.rows.slice(s, s + 50_000);
    const arrays = [chunk.map((_, i) => s + i), ...t.columns.map((_, j) => chunk.map((r) => r[j]))];
    await client.query(
      `INSERT INTO "${schema}"."${name}" (${cols.join(', ')}) SELECT * FROM unnest(${types.map((ty, i) => `$${i + 1}::${ty}[]`).join(', ')})`,
      arrays,
    );
  }
  await client.query(`ANALYZE "${schema}"."${name}"`);
  return `${schema}.${name}`;
}

async function timeGraph(data, table, dcs, mode) {
  const e = await openEngine(data, table ? { table } : {});
  try {
    const t0 = performance.now();
    const r = mode === 'graph' ? await buildConflictGraph(e, dcs) : await conflictDegrees(e, dcs);
    const ms = performance.now() - t0;
    return { ms, edges: r.edges, problematic: mode === 'graph' ? undefined : r.problematic };
  } finally {
    await e.close();
  }
}

async function main() {
  console.log(`dp-quality benchmarks; node ${process.version}; ${new Date().toISOString()}`);
  console.log(`PostgreSQL: ${PG ? 'yes' : 'no (set FLORET_BENCH_PG)'}; repeats ${REPEAT}\n`);
  let client;
  const schema = `floret_bench_${process.pid}`;
  if (PG) {
    client = new pg.Client({ connectionString: PG });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
  }
  try {
    if (ONLY !== 'flight') await graphs(client, schema);
    if (ONLY !== 'graph') await flight(client, schema);
  } finally {
    if (client) {
      await client.query(`DROP SCHEMA "${schema}" CASCADE`);
      await client.end();
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function graphs(client, schema) {
  {
    const adultCsv = join(SHARED, 'adult.csv');
    const datasets = [
      { name: 'hospital', csv: join(TESTDATA, 'hospital.csv'), dcs: join(TESTDATA, 'Hospital.dcs.txt') },
      { name: 'adult', csv: adultCsv, dcs: join(TESTDATA, 'Adult.dcs.txt') },
    ];
    // The paper's setting: a 10,000-row sample with 1% RNoise (our injector), written as CSV.
    const adult = await readTyped(adultCsv);
    const adultDcs = parseConstraints(readFileSync(join(TESTDATA, 'Adult.dcs.txt'), 'utf8'));
    const sample = { columns: adult.columns.map((c) => c.name), rows: adult.rows.slice(0, 10_000) };
    const noisy = rNoise(sample, adultDcs, 0.01, 1).table;
    const noisyCsv = join(tmp, 'adult10k-rnoise.csv');
    writeCsvFile(noisy, noisyCsv);
    datasets.push({ name: 'adult 10k + 1% RNoise', csv: noisyCsv, dcs: join(TESTDATA, 'Adult.dcs.txt') });

    console.log(
      `## Conflict graph (edge list, CSR) per engine, median of ${REPEAT} (one run when over 10 s)`,
    );
    console.log('| data | rows | constraints | edges | DuckDB (CSV) | SQLite | PostgreSQL |');
    console.log('|---|---|---|---|---|---|---|');
    for (const d of datasets) {
      const dcs = parseConstraints(readFileSync(d.dcs, 'utf8'));
      const typed = await readTyped(d.csv);
      const sqlitePath = join(tmp, `${d.name.replace(/\W+/g, '_')}.sqlite`);
      toSqlite(typed, sqlitePath, 't');
      const sources = [
        [d.csv, undefined],
        [`sqlite:${sqlitePath}`, 't'],
      ];
      if (client) sources.push([PG, await toPg(client, schema, d.name.replace(/\W+/g, '_'), typed)]);
      const cells = [];
      let edges;
      for (const [data, table] of sources) {
        const runs = [];
        // Repeat only the runs under 10 s (the cross-product cases take minutes on SQLite/PostgreSQL).
        for (let i = 0; i < REPEAT && (i === 0 || runs[0] < 10_000); i++) {
          const r = await timeGraph(data, table, dcs, 'graph');
          runs.push(r.ms);
          if (edges !== undefined && edges !== r.edges)
            throw new Error(`engines disagree on ${d.name}: ${edges} vs ${r.edges}`);
          edges = r.edges;
        }
        cells.push(fmt(median(runs)));
      }
      while (cells.length < 3) cells.push('—');
      console.log(
        `| ${d.name} | ${typed.rows.length.toLocaleString('en')} | ${dcs.length} | ${edges.toLocaleString('en')} | ${cells.join(' | ')} |`,
      );
    }
  }
}

async function flight(client, schema) {
  {
    console.log(
      `\n## ${ROWS_1M.toLocaleString('en')}-row Flight-like table, 13 FDs, 1% corrupted rows: FD fast path (no edge list), one run`,
    );
    let t0 = performance.now();
    const gen = generateFlight({ rows: ROWS_1M, violationRate: 0.01, seed: 1 });
    const flightCsv = join(tmp, 'flight.csv');
    writeCsvFile(gen.table, flightCsv);
    console.log(`generated + CSV written in ${fmt(performance.now() - t0)}`);
    const fl = await readTyped(flightCsv);
    const rows = [['DuckDB (CSV)', flightCsv, undefined]];
    t0 = performance.now();
    const flSqlite = join(tmp, 'flight.sqlite');
    toSqlite(fl, flSqlite, 'flight');
    console.log(`SQLite loaded in ${fmt(performance.now() - t0)}`);
    rows.push(['SQLite', `sqlite:${flSqlite}`, 'flight']);
    if (client) {
      t0 = performance.now();
      const name = await toPg(client, schema, 'flight', fl);
      console.log(`PostgreSQL loaded in ${fmt(performance.now() - t0)} (fixture loading, not timed below)`);
      rows.push(['PostgreSQL', PG, name]);
    }
    console.log('\n| engine | time | I_MI (edges) | I_P |');
    console.log('|---|---|---|---|');
    let ref;
    for (const [label, data, table] of rows) {
      const r = await timeGraph(data, table, gen.constraints, 'degrees');
      const key = `${r.edges}/${r.problematic}`;
      if (ref !== undefined && ref !== key) throw new Error(`engines disagree on Flight: ${ref} vs ${key}`);
      ref = key;
      console.log(
        `| ${label} | ${fmt(r.ms)} | ${r.edges.toLocaleString('en')} | ${r.problematic.toLocaleString('en')} |`,
      );
    }
  }
}

await main();
