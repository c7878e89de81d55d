/**
 * @module engines/duckdb
 * The default engine for CSV and Parquet input: an embedded, in-memory DuckDB that loads the file once
 * (`read_csv_auto` / `read_parquet`) into a table of its own, whose `rowid` (insertion order, which
 * DuckDB preserves) is the file's row order. The input file itself is only read.
 */

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  type ColumnInfo,
  DataSourceError,
  type Engine,
  isNumericType,
  quoteIdent,
  toNumber,
} from './engine.js';

const TABLE = 'floret_input';

function literal(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Rows values as JS values: BIGINT/HUGEINT come back as bigint; make small ones plain numbers. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER))
    return Number(v);
  return v;
}

class DuckDbEngine implements Engine {
  readonly kind = 'duckdb' as const;
  private cols: ColumnInfo[] | undefined;
  constructor(
    readonly tableName: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly tempDir: string,
  ) {}

  async columns(): Promise<readonly ColumnInfo[]> {
    if (this.cols) return this.cols;
    const r = await this.conn.runAndReadAll(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${literal(TABLE)} ORDER BY ordinal_position`,
    );
    this.cols = r.getRows().map((row) => {
      const type = String(row[1]);
      return { name: String(row[0]), type, numeric: isNumericType(type) };
    });
    return this.cols;
  }

  async rowCount(): Promise<number> {
    const r = await this.conn.runAndReadAll(`SELECT count(*) FROM ${TABLE}`);
    return toNumber(r.getRows()[0]?.[0]);
  }

  quote(ident: string): string {
    return quoteIdent(ident);
  }

  relation(columns: readonly string[]): string {
    const cols = columns.map((c) => quoteIdent(c)).join(', ');
    return `(SELECT CAST(rowid AS INTEGER) AS __rid${cols ? `, ${cols}` : ''} FROM ${TABLE})`;
  }

  async each(sql: string, onRow: (row: readonly unknown[]) => void): Promise<void> {
    const result = await this.conn.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const row of chunk.getRows()) onRow(row.map(plain));
    }
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}

/**
 * Opens a CSV or Parquet file in a private in-memory DuckDB.
 * @throws DataSourceError when the file is missing, unreadable or not parseable
 */
export async function openDuckDb(path: string, format: 'csv' | 'parquet'): Promise<Engine> {
  if (!existsSync(path)) throw new DataSourceError(`--data ${path}: no such file; check the path`);
  if (!statSync(path).isFile()) throw new DataSourceError(`--data ${path}: not a file`);
  // Large joins spill to disk; by default DuckDB spills into `.tmp/` of the working directory, which
  // would leave gigabytes in the user's folder. Spill into a private temporary folder, removed on close.
  const tempDir = mkdtempSync(join(tmpdir(), 'floret-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: tempDir });
  const conn = await instance.connect();
  const reader =
    format === 'csv' ? `read_csv_auto(${literal(path)}, header = true)` : `read_parquet(${literal(path)})`;
  try {
    await conn.run(`CREATE TABLE ${TABLE} AS SELECT * FROM ${reader}`);
  } catch (e) {
    conn.closeSync();
    instance.closeSync();
    rmSync(tempDir, { recursive: true, force: true });
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
    throw new DataSourceError(`--data ${path}: cannot read it as ${format.toUpperCase()} (${msg})`);
  }
  return new DuckDbEngine(path, instance, conn, tempDir);
}
