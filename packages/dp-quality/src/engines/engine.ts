/**
 * @module engines/engine
 * The database-engine contract of the conflict-graph builder (arXiv:2502.11009 §3 builds the graph
 * with one SQL self-join per denial constraint). An engine gives read-only access to one table with a
 * stable row identity `__rid` = 0..n−1 in file/physical order, runs set-based queries and streams
 * their rows. Implementations: DuckDB (in-memory, reading CSV/Parquet), SQLite (file opened read-only)
 * and PostgreSQL (inside a READ ONLY transaction).
 */

/** Which engine runs the queries. */
export type EngineKind = 'duckdb' | 'sqlite' | 'postgres';

/** A column of the table, with a coarse type used to write comparisons and constants. */
export interface ColumnInfo {
  readonly name: string;
  /** The engine's own type name, e.g. BIGINT, TEXT, integer. */
  readonly type: string;
  /** True for integer/real/decimal columns. */
  readonly numeric: boolean;
}

/** Read-only access to one table. */
export interface Engine {
  readonly kind: EngineKind;
  /** The table as named to the user (a file name, or the --table value). */
  readonly tableName: string;
  /** The table's columns in order. */
  columns(): Promise<readonly ColumnInfo[]>;
  /** Number of rows. */
  rowCount(): Promise<number>;
  /** Quotes an identifier for this engine's SQL. */
  quote(ident: string): string;
  /**
   * SQL for a relation with the integer column `__rid` (0..n−1, stable across calls on this engine)
   * and the given columns, usable in FROM / WITH.
   */
  relation(columns: readonly string[]): string;
  /**
   * Runs a read-only query and calls `onRow` with each row's values as an array, streaming (never
   * holding the whole result). Integers come back as JS numbers when they fit.
   */
  each(sql: string, onRow: (row: readonly unknown[]) => void): Promise<void>;
  /** Releases the connection (rolls back the read-only transaction where there is one). */
  close(): Promise<void>;
}

/** A data source that could not be opened or read (bad path, refused connection, missing table). */
export class DataSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataSourceError';
  }
}

/** Coerces a numeric cell from any engine (number, bigint, numeric string) to a JS number. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number(v);
  throw new TypeError(`expected a number from the database, got ${typeof v}`);
}

/** Double-quote identifier quoting shared by DuckDB, SQLite and PostgreSQL. */
export function quoteIdent(ident: string): string {
  return `"${ident.replaceAll('"', '""')}"`;
}

/** Quotes a possibly schema-qualified table name `schema.table`. */
export function quoteQualified(name: string): string {
  return name
    .split('.')
    .map((p) => quoteIdent(p))
    .join('.');
}

/** True for SQL type names that hold numbers. */
export function isNumericType(type: string): boolean {
  return /INT|REAL|FLOA|DOUB|DEC|NUMERIC|HUGEINT/i.test(type);
}
