/**
 * @module engines/open
 * Chooses the engine from the `--data` form: `file.csv` / `file.parquet` → DuckDB (embedded),
 * `sqlite:path` → SQLite, `postgres://…` / `postgresql://…` → PostgreSQL (with `--table`).
 */
import { openDuckDb } from './duckdb.js';
import { DataSourceError, type Engine, type EngineKind } from './engine.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';

/** Options of {@link openEngine}. */
export interface OpenOptions {
  /** The table to read (required for PostgreSQL, needed for SQLite files holding several tables). */
  readonly table?: string;
}

/** Which engine a `--data` value selects. */
export function engineKindFor(data: string): EngineKind {
  if (/^postgres(ql)?:\/\//i.test(data)) return 'postgres';
  if (/^sqlite:/i.test(data)) return 'sqlite';
  return 'duckdb';
}

/**
 * Opens the data source named by `data` read-only.
 * @example await openEngine('adult.csv'); await openEngine('sqlite:db.sqlite', { table: 't' })
 * @throws DataSourceError with a one-line message naming the source and what to fix
 */
export async function openEngine(data: string, options: OpenOptions = {}): Promise<Engine> {
  const kind = engineKindFor(data);
  if (kind === 'postgres') return openPostgres(data, options.table);
  if (kind === 'sqlite') return openSqlite(data.replace(/^sqlite:(\/\/)?/i, ''), options.table);
  const lower = data.toLowerCase();
  const format = lower.endsWith('.parquet')
    ? 'parquet'
    : lower.endsWith('.csv') || lower.endsWith('.csv.gz') || lower.endsWith('.tsv')
      ? 'csv'
      : undefined;
  if (format === undefined)
    throw new DataSourceError(
      `--data ${data}: unknown kind of source; use a .csv or .parquet file, sqlite:<path> or postgres://…`,
    );
  return openDuckDb(data, format);
}
