/**
 * @module engines/sqlite
 * SQLite files through better-sqlite3, opened read-only (`readonly: true`, so the file cannot be
 * written even by mistake). Row identity is the rank of `rowid`, i.e. insertion order (`rowid − 1`
 * directly when the rowids are exactly 1..n, as in a freshly loaded table).
 */

import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import {
  type ColumnInfo,
  DataSourceError,
  type Engine,
  isNumericType,
  quoteIdent,
  toNumber,
} from './engine.js';

class SqliteEngine implements Engine {
  readonly kind = 'sqlite' as const;
  private cols: ColumnInfo[] | undefined;
  /** True when rowids are exactly 1..n, so `rowid − 1` is the row number without a window sort. */
  private readonly dense: boolean;
  constructor(
    readonly tableName: string,
    private readonly db: Database.Database,
  ) {
    let dense = false;
    try {
      const r = db
        .prepare(`SELECT min(rowid), max(rowid), count(*) FROM ${quoteIdent(tableName)}`)
        .raw()
        .get() as unknown[];
      const n = toNumber(r[2]);
      dense = n === 0 || (toNumber(r[0]) === 1 && toNumber(r[1]) === n);
    } catch {
      dense = false; // a view or WITHOUT ROWID table: fall back to row_number()
    }
    this.dense = dense;
  }

  async columns(): Promise<readonly ColumnInfo[]> {
    if (this.cols) return this.cols;
    const rows = this.db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(this.tableName) as {
      name: string;
      type: string;
    }[];
    this.cols = rows.map((r) => ({ name: r.name, type: r.type, numeric: isNumericType(r.type) }));
    return this.cols;
  }

  async rowCount(): Promise<number> {
    const r = this.db
      .prepare(`SELECT count(*) FROM ${quoteIdent(this.tableName)}`)
      .raw()
      .get() as unknown[];
    return toNumber(r[0]);
  }

  quote(ident: string): string {
    return quoteIdent(ident);
  }

  relation(columns: readonly string[]): string {
    const cols = columns.map((c) => quoteIdent(c)).join(', ');
    const rid = this.dense ? 'rowid - 1' : 'row_number() OVER (ORDER BY rowid) - 1';
    return `(SELECT ${rid} AS __rid${cols ? `, ${cols}` : ''} FROM ${quoteIdent(this.tableName)})`;
  }

  async each(sql: string, onRow: (row: readonly unknown[]) => void): Promise<void> {
    const stmt = this.db.prepare(sql).raw(true).safeIntegers(false);
    for (const row of stmt.iterate() as Iterable<unknown[]>) onRow(row);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/**
 * Opens table `table` of a SQLite file read-only.
 * @throws DataSourceError when the file is missing or not a database, or the table does not exist
 */
export async function openSqlite(path: string, table: string | undefined): Promise<Engine> {
  if (!existsSync(path)) throw new DataSourceError(`--data sqlite:${path}: no such file; check the path`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('query_only = ON');
  } catch (e) {
    throw new DataSourceError(`--data sqlite:${path}: cannot open it (${(e as Error).message})`);
  }
  let tables: string[];
  try {
    tables = (
      db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name`).all() as {
        name: string;
      }[]
    ).map((r) => r.name);
  } catch (e) {
    db.close();
    throw new DataSourceError(`--data sqlite:${path}: not a SQLite database (${(e as Error).message})`);
  }
  const name = table ?? (tables.length === 1 ? tables[0] : undefined);
  if (name === undefined) {
    db.close();
    throw new DataSourceError(
      `--data sqlite:${path} holds ${tables.length === 0 ? 'no tables' : `tables ${tables.join(', ')}`}; name one with --table`,
    );
  }
  if (!tables.includes(name)) {
    db.close();
    throw new DataSourceError(
      `--table ${name}: no such table in ${path}; it has ${tables.join(', ') || 'no tables'}`,
    );
  }
  return new SqliteEngine(name, db);
}
