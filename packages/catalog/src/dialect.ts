import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { UserError } from '@dance/schema';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, type Expression, Kysely, PostgresDialect, type RawBuilder, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { CatalogDatabase } from './db.js';

/**
 * Everything that differs between SQLite and PostgreSQL lives here: opening a connection, write
 * transactions, JSON access and constraint-error codes. The rest of the catalog is dialect-free Kysely.
 */
export type Backend = 'sqlite' | 'postgres';

export interface Connection {
  db: Kysely<CatalogDatabase>;
  backend: Backend;
  /** Where the database is, for messages: a file path or the URL without its password. */
  location: string;
}

/** `sqlite:<path>` (relative to `base`), `sqlite::memory:`, or `postgres://` / `postgresql://` URLs. */
export function connect(url: string, base: string = process.cwd()): Connection {
  if (url.startsWith('sqlite:')) return connectSqlite(url.slice('sqlite:'.length), base);
  if (/^postgres(ql)?:\/\//.test(url)) return connectPostgres(url);
  throw new UserError(`catalog URL '${url}' must start with sqlite: or postgres://`);
}

function connectSqlite(path: string, base: string): Connection {
  if (path === '') throw new UserError(`catalog URL 'sqlite:' needs a file path, e.g. sqlite:catalog/dance.sqlite`);
  const memory = path === ':memory:';
  const file = memory ? path : isAbsolute(path) ? path : resolve(base, path);
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  // Another process holding the write lock makes us wait (up to 30 s) instead of failing.
  database.pragma('busy_timeout = 30000');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  // ns timestamps exceed 2^53: read every integer as bigint, codec.ts narrows small ones.
  database.defaultSafeIntegers(true);
  return { db: new Kysely({ dialect: new SqliteDialect({ database }) }), backend: 'sqlite', location: file };
}

function connectPostgres(url: string): Connection {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return {
    db: new Kysely({ dialect: new PostgresDialect({ pool }) }),
    backend: 'postgres',
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
  };
}

/**
 * Runs `work` in one write transaction. SQLite takes the write lock up front (BEGIN IMMEDIATE) so that
 * two processes queue on the busy timeout instead of failing when a read lock cannot be upgraded.
 */
export async function writeTransaction<T>(c: Connection, work: (trx: Kysely<CatalogDatabase>) => Promise<T>) {
  if (c.backend === 'postgres') return c.db.transaction().execute(work);
  return c.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}

/** A metadata value at `path` (keys from the root) of a JSON column, comparable with `jsonValue`. */
export function jsonAt(backend: Backend, column: Expression<unknown>, path: string[]): RawBuilder<unknown> {
  if (backend === 'postgres') return sql`(${column} #> cast(${path} as text[]))`;
  return sql`json_extract(${column}, ${`$.${path.map((k) => `"${k}"`).join('.')}`})`;
}

/** The same value as text (for LIKE). */
export function jsonTextAt(backend: Backend, column: Expression<unknown>, path: string[]): RawBuilder<unknown> {
  if (backend === 'postgres') return sql`(${column} #>> cast(${path} as text[]))`;
  return sql`cast(${jsonAt(backend, column, path)} as text)`;
}

/** A bound literal comparable with `jsonAt`: jsonb on PostgreSQL; SQLite has no booleans (1/0). */
export function jsonValue(backend: Backend, value: string | number | boolean): RawBuilder<unknown> {
  if (backend === 'postgres') return sql`cast(${JSON.stringify(value)} as jsonb)`;
  return sql`${typeof value === 'boolean' ? Number(value) : value}`;
}

/** Separator of aggregated tag lists: a control character, which names can never contain. */
export const TAG_SEPARATOR = '\u001f';

/** Concatenation of a text column over a group (SQLite group_concat, PostgreSQL string_agg). */
export function tagList(backend: Backend, column: Expression<unknown>): RawBuilder<unknown> {
  const fn = backend === 'postgres' ? sql`string_agg` : sql`group_concat`;
  return sql`${fn}(${column}, ${TAG_SEPARATOR})`;
}

/** Case-insensitive LIKE on both backends (SQLite's LIKE already is, for ASCII). */
export function likeOperator(backend: Backend): RawBuilder<unknown> {
  return backend === 'postgres' ? sql`ilike` : sql`like`;
}

export type ConstraintKind = 'unique' | 'foreign-key' | 'check';

/** Which constraint a database error violated, if any. */
export function violatedConstraint(err: unknown): ConstraintKind | undefined {
  const code = (err as { code?: unknown })?.code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return 'unique';
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign-key';
  if (code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK') return 'check';
  return undefined;
}

/** A column of a bulk insert: its name and PostgreSQL type (for the array parameters). */
export interface BulkColumn {
  name: string;
  type: 'text' | 'bigint';
}

/**
 * A multi-row INSERT as one compiled statement. The bulk path skips Kysely's per-value query tree,
 * which costs more than the database itself at 1000 rows x 12 columns. SQLite gets one `?` per value;
 * PostgreSQL gets one array per column, unnested server-side, which it parses far faster than
 * thousands of separate parameters. The SQL text is built only from our own table and column names;
 * every value is bound.
 */
export function bulkInsert(backend: Backend, table: string, columns: readonly BulkColumn[], rows: unknown[][]) {
  const names = columns.map((c) => c.name).join(', ');
  if (backend === 'postgres') {
    const arrays = columns.map((_, i) => rows.map((row) => row[i]));
    const unnest = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    return CompiledQuery.raw(`insert into ${table} (${names}) select * from unnest(${unnest})`, arrays);
  }
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return CompiledQuery.raw(`insert into ${table} (${names}) values ${rows.map(() => tuple).join(', ')}`, rows.flat());
}

/** Largest number of bound parameters one statement may carry on both backends. */
export const MAX_PARAMETERS = 30_000;
