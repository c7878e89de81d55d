/**
 * @module engines/postgres
 * PostgreSQL through `pg`. Everything runs inside one `REPEATABLE READ READ ONLY` transaction, so the
 * database cannot be written and every query sees the same snapshot; that makes the row identity
 * (`row_number() OVER (ORDER BY ctid)`, the physical order) stable across the per-constraint queries.
 * Large results are streamed with a server-side cursor.
 */
import pg from 'pg';
import {
  type ColumnInfo,
  DataSourceError,
  type Engine,
  isNumericType,
  quoteIdent,
  quoteQualified,
  toNumber,
} from './engine.js';

const FETCH = 20_000;

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

class PostgresEngine implements Engine {
  readonly kind = 'postgres' as const;
  private cols: ColumnInfo[] | undefined;
  private cursors = 0;
  constructor(
    readonly tableName: string,
    private readonly client: pg.Client,
    /** SQL of the ORDER BY giving the row identity. */
    private readonly order: string,
  ) {}

  async columns(): Promise<readonly ColumnInfo[]> {
    if (this.cols) return this.cols;
    const r = await this.client.query({
      text: `SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
             WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      values: [quoteQualified(this.tableName)],
      rowMode: 'array',
    });
    this.cols = (r.rows as unknown[][]).map((row) => {
      const type = String(row[1]);
      return { name: String(row[0]), type, numeric: isNumericType(type) };
    });
    return this.cols;
  }

  async rowCount(): Promise<number> {
    const r = await this.client.query({
      text: `SELECT count(*) FROM ${quoteQualified(this.tableName)}`,
      rowMode: 'array',
    });
    return toNumber((r.rows as unknown[][])[0]?.[0]);
  }

  quote(ident: string): string {
    return quoteIdent(ident);
  }

  relation(columns: readonly string[]): string {
    const cols = columns.map((c) => quoteIdent(c)).join(', ');
    return `(SELECT CAST(row_number() OVER (ORDER BY ${this.order}) - 1 AS integer) AS __rid${cols ? `, ${cols}` : ''} FROM ${quoteQualified(this.tableName)})`;
  }

  async each(sql: string, onRow: (row: readonly unknown[]) => void): Promise<void> {
    const name = `floret_c${this.cursors++}`;
    await this.client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`);
    try {
      for (;;) {
        const r = await this.client.query({ text: `FETCH FORWARD ${FETCH} FROM ${name}`, rowMode: 'array' });
        for (const row of r.rows as unknown[][]) onRow(row);
        if (r.rows.length < FETCH) break;
      }
    } finally {
      await this.client.query(`CLOSE ${name}`);
    }
  }

  async close(): Promise<void> {
    try {
      await this.client.query('ROLLBACK');
    } finally {
      await this.client.end();
    }
  }
}

/**
 * Connects to PostgreSQL and opens a read-only transaction on `table` (`schema.table` allowed).
 * @param workMemMb `work_mem` for this transaction (SET LOCAL), default 256 MB
 * @throws DataSourceError on a refused or failed connection, or a missing table
 */
export async function openPostgres(url: string, table: string | undefined, workMemMb = 256): Promise<Engine> {
  if (table === undefined)
    throw new DataSourceError(`--data ${redactUrl(url)} is a database: name the table with --table`);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {
    /* reported through the failing query */
  });
  try {
    await client.connect();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ECONNREFUSED' ? 'connection refused; is the server running?' : err.message;
    throw new DataSourceError(`--data ${redactUrl(url)}: cannot connect (${why})`);
  }
  let order = 'ctid';
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Session-local sort/hash memory for this transaction only (the default 4 MB spills million-row
    // sorts to disk); SET LOCAL changes no data and ends with the transaction.
    await client.query(`SET LOCAL work_mem = '${Math.round(workMemMb)}MB'`);
    const r = await client.query({
      text: 'SELECT to_regclass($1)',
      values: [quoteQualified(table)],
      rowMode: 'array',
    });
    if ((r.rows as unknown[][])[0]?.[0] === null)
      throw new DataSourceError(`--table ${table}: no such table in ${redactUrl(url)}`);
    const pk = await client.query({
      text: `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
             WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
      values: [quoteQualified(table)],
      rowMode: 'array',
    });
    order = (pk.rows as unknown[][]).map((row) => quoteIdent(String(row[0]))).join(', ') || 'ctid';
  } catch (e) {
    await client.end().catch(() => undefined);
    if (e instanceof DataSourceError) throw e;
    throw new DataSourceError(`--data ${redactUrl(url)}: ${(e as Error).message}`);
  }
  return new PostgresEngine(table, client, order);
}
